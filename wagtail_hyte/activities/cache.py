"""The catalogue version and the cache of listing results.

Counts per option (with the total) and the ids of each listing page are kept in
Django's cache (``CATALOGUE_CACHE``) under keys that contain the *catalogue
version*: a random token in one database row (``CatalogueVersion``) that is
replaced, in the same transaction, by everything that can change a listing:

* any save or deletion of a page (publishing, unpublishing, editing, moving,
  copying, deleting, scheduled publishing and expiry all save or delete pages);
  Wagtail's ``post_page_move`` and ``page_unpublished`` signals too;
* a view restriction added, changed or removed;
* anything ``denormalise.py`` writes: an activity's facet rows, card labels or
  next/last dates (after a save, a taxonomy change or ``hyte_refresh_activities``).

Keys also contain the date (activities start and end by date), the catalogue
page, the search hits, the chosen filters, the sort and the page. Reading the
version is one small query per listing, so every app server sees a change as
soon as it is committed, whatever cache backend each uses (a local-memory
cache per process is correct too). Listings that use a filter declared with
``cacheable = False`` (its result changes outside the catalogue, e.g. referral
quotas) are never cached.
"""

from __future__ import annotations

import hashlib
import uuid

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from wagtail_hyte.core.conf import hyte_settings

from .models import CatalogueVersion

VERSION_PK = 1


def bump() -> None:
    """Replace the catalogue version.

    Call it after the change, in the same transaction: a listing computed while
    the change commits is then stored under the old version (at worst fresher
    than needed), never under the new one with old data.
    """
    token = uuid.uuid4().hex
    if not CatalogueVersion.objects.filter(pk=VERSION_PK).update(token=token):
        CatalogueVersion.objects.update_or_create(pk=VERSION_PK, defaults={"token": token})


def current_version() -> str | None:
    """The current token, or None (no row: nothing is cached until a change)."""
    return CatalogueVersion.objects.filter(pk=VERSION_PK).values_list("token", flat=True).first()


def listing_cache():
    """The cache backend for listings, or None when caching is switched off."""
    alias = hyte_settings.CATALOGUE_CACHE
    return caches[alias] if alias else None


def timeout():
    return hyte_settings.CATALOGUE_CACHE_TIMEOUT


def make_key(version: str, *parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"hyte:catalogue:{version}:{digest}"


# Signal handlers -----------------------------------------------------------


def _page_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump()


def _changed(sender, **kwargs):
    bump()


def connect():
    # Without a sender: a page's class is any Page subclass.
    post_save.connect(_page_changed, dispatch_uid="hyte_catalogue_page_saved")
    post_delete.connect(_page_changed, dispatch_uid="hyte_catalogue_page_deleted")
    post_save.connect(_changed, sender=PageViewRestriction, dispatch_uid="hyte_catalogue_vr_saved")
    post_delete.connect(
        _changed, sender=PageViewRestriction, dispatch_uid="hyte_catalogue_vr_deleted"
    )
    post_page_move.connect(_changed, dispatch_uid="hyte_catalogue_page_moved")
    page_unpublished.connect(_changed, dispatch_uid="hyte_catalogue_page_unpublished")
