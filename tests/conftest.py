"""Fixtures shared by the whole suite.

Conventions:
- ``@pytest.mark.postgres`` tests need PostgreSQL; ``make test`` runs them in its
  PostgreSQL pass. Elsewhere they skip (fail under CI=true).
- ``@pytest.mark.browser`` tests drive headless Chromium (tests/browser/).
- Data is made with ``tests/factories.py``; the fixtures here wrap it: ``make_user(role,
  partner=None, partner_role="staff")`` (a user in a HYTE group), ``make_partner``,
  ``catalogue``, ``make_activity(title, organiser=..., ...)``, ``make_agreement(partner,
  status="draft", ...)``.
"""

import functools

import pytest
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.urls import clear_url_caches

from tests import factories
from tests.helpers import unavailable


@receiver(setting_changed)
def _language_changed(*, setting, **kwargs):
    """Django's URL resolver keeps its reverse table per language with the language
    prefix baked in; a test that changes LANGUAGE_CODE would leave later tests with
    "/fi/..." links that no longer resolve. Start afresh whenever it changes."""
    if setting in ("LANGUAGE_CODE", "LANGUAGES"):
        clear_url_caches()


@pytest.fixture(autouse=True)
def _postgres_marker(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        unavailable("needs PostgreSQL (set DATABASE_URL, or run make test)")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with empty caches: a database rollback does not undo them, and
    Wagtail keeps the site root paths (with their languages) in the default cache."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def english(settings):
    """English messages (the example site's default language is Finnish)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def roles(db):
    from wagtail_hyte.core.roles import setup_roles

    setup_roles()


@pytest.fixture
def municipalities(db):
    """The shipped municipalities (a transactional test's flush removes the migrated rows)."""
    from wagtail_hyte.core.models import Municipality
    from wagtail_hyte.core.municipalities import sync_municipalities

    if not Municipality.objects.exists():
        sync_municipalities(Municipality)
    return Municipality.objects.all()


@pytest.fixture
def make_user(db, roles):
    """``tests.factories.make_user``."""
    return factories.make_user


@pytest.fixture
def make_partner(db):
    """``tests.factories.make_partner``."""
    return factories.make_partner


@pytest.fixture
def taxonomies(db):
    """The shipped themes, target groups and accessibility features (re-seeded after a flush)."""
    factories.seed_taxonomies()


@pytest.fixture
def catalogue(home_page, taxonomies, municipalities):
    """A new activity catalogue (``ActivityIndexPage``) under the site's root."""
    return factories.make_catalogue(home_page)


@pytest.fixture
def make_activity(catalogue):
    """``tests.factories.make_activity`` with ``parent=catalogue``."""
    return functools.partial(factories.make_activity, parent=catalogue)


@pytest.fixture
def make_agreement(db):
    """``tests.factories.make_agreement`` (a draft unless ``status`` says otherwise)."""
    return factories.make_agreement


@pytest.fixture
def home_page(db):
    """The site's root page, created when a flush has removed the migrated one."""
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site:
        return site.root_page.specific
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    from home.models import HomePage

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home
