"""Fixtures shared by the whole suite.

Conventions:
- ``@pytest.mark.postgres`` tests need PostgreSQL; ``make test`` runs them in its
  PostgreSQL pass. Elsewhere they skip (fail under CI=true).
- ``@pytest.mark.browser`` tests drive headless Chromium (tests/browser/).
- ``make_user(role, partner=None, partner_role="staff")`` creates a user in a HYTE
  group (roles are set up once per test database).
"""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.urls import clear_url_caches

from tests.helpers import unavailable

_counter = itertools.count(1)


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
    from django.contrib.auth.models import Group

    from wagtail_hyte.core.roles import GROUP_NAMES
    from wagtail_hyte.partners.models import PartnerMembership

    def make(role=None, *, partner=None, partner_role="staff", username=None, **fields):
        n = next(_counter)
        username = username or f"{role or 'user'}{n}"
        user = get_user_model().objects.create_user(
            username=username,
            email=fields.pop("email", f"{username}@example.invalid"),
            password="pw-" + username,
            **fields,
        )
        if role == "superuser":
            user.is_superuser = user.is_staff = True
            user.save()
        elif role:
            user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
        if partner is not None:
            PartnerMembership.objects.create(partner=partner, user=user, role=partner_role)
        return user

    return make


@pytest.fixture
def make_partner(db):
    from wagtail_hyte.partners.models import Partner

    def make(name=None, kind="association", **fields):
        n = next(_counter)
        return Partner.objects.create(name=name or f"Partner {n}", kind=kind, **fields)

    return make


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
