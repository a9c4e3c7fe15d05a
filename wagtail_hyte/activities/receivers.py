"""The catalogue's signal handlers, connected by ``apps.ready`` (``connect``).

Derived data (``denormalise.py``) follows every full save of an activity page
(``refresh_on_save``: creation, ``add_child``, publishing, ``page.save()``,
copying, imports) and every rename, re-sort or deletion of a taxonomy term; a
deleted activity leaves the search index (``unindex_on_delete``). A search
synonym saved or deleted replaces the catalogue version (``synonyms_changed``:
the cached search vocabulary holds the synonyms).

A new catalogue page, and a service path created or moved outside every
catalogue, gives the "HYTE editors" group its page permissions at once
(``grant_on_creation``, ``grant_on_move``), in the same transaction; nothing
happens while the group does not exist (``hyte_setup_roles`` catches up).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.signals import post_page_move

from .cache import bump
from .denormalise import forget_term, refresh_activities, refresh_activity, relabel_term
from .models import (
    AccessibilityFeature,
    ActivityIndexPage,
    ActivityPage,
    SearchSynonym,
    ServicePathPage,
    TargetGroup,
    Theme,
)
from .roles import grant_editor_page_permissions, needs_own_permissions
from .search import unindex_activity


def refresh_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """post_save of an ActivityPage (subclasses included): refresh its derived data.

    Only a full save writes the page's content to the row; draft-only saves
    (``save_revision``) pass ``update_fields``. A raw save (``loaddata``)
    brings its facet rows with it.
    """
    if raw or update_fields is not None or not isinstance(instance, ActivityPage):
        return
    refresh_activity(instance)


def unindex_on_delete(sender, instance, **kwargs):
    """post_delete of an ActivityPage (subclasses included): out of the search index.

    ``ActivityPage.search_auto_update`` is off (``refresh_activity`` indexes), so
    Wagtail's own handler does not remove it.
    """
    if isinstance(instance, ActivityPage):
        unindex_activity(instance)


def synonyms_changed(sender, **kwargs):
    bump()


def _connect_taxonomy(model, facet, relation):
    def remember_slug(sender, instance, **kwargs):
        old = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        instance._hyte_old_slug = old

    def relabel(sender, instance, created, **kwargs):
        old = getattr(instance, "_hyte_old_slug", None)
        if old and old != instance.slug:
            refresh_activities(ActivityPage.objects.filter(**{relation: instance}), facets=True)
        elif not created:
            relabel_term(facet, instance)

    def forget(sender, instance, **kwargs):
        forget_term(facet, instance.slug)

    pre_save.connect(remember_slug, sender=model, weak=False)
    post_save.connect(relabel, sender=model, weak=False)
    post_delete.connect(forget, sender=model, weak=False)


def grant_on_creation(sender, instance, created, raw=False, **kwargs):
    """post_save of ActivityIndexPage and ServicePathPage (subclasses included):
    editors' page permissions.

    Covers every way a page is created: the admin, ``add_child``, copying
    (each copied page is a new row) and imports. A raw save (``loaddata``)
    waits for the commit, so that permission rows in the same fixture are
    loaded first and not duplicated.
    """
    if not created or not isinstance(instance, (ActivityIndexPage, ServicePathPage)):
        return

    def grant():
        if needs_own_permissions(instance):
            grant_editor_page_permissions(instance)

    if raw:
        transaction.on_commit(grant)
        return
    with transaction.atomic():
        grant()


def grant_on_move(sender, instance, **kwargs):
    """post_page_move of a service path: moved out of its catalogue, it keeps
    its editors."""
    if (
        sender is not None
        and issubclass(sender, ServicePathPage)
        and needs_own_permissions(instance)
    ):
        grant_editor_page_permissions(instance)


def connect():
    _connect_taxonomy(Theme, "theme", "themes")
    _connect_taxonomy(TargetGroup, "target_group", "target_groups")
    _connect_taxonomy(AccessibilityFeature, "accessibility", "accessibility_features")
    # Any sender: host sites may subclass the page types.
    post_save.connect(refresh_on_save, weak=False, dispatch_uid="hyte_activity_derived_data")
    post_delete.connect(unindex_on_delete, weak=False, dispatch_uid="hyte_activity_unindex")
    post_save.connect(synonyms_changed, sender=SearchSynonym, dispatch_uid="hyte_synonym_saved")
    post_delete.connect(synonyms_changed, sender=SearchSynonym, dispatch_uid="hyte_synonym_deleted")
    post_save.connect(grant_on_creation, weak=False, dispatch_uid="hyte_catalogue_permissions")
    post_page_move.connect(grant_on_move, weak=False, dispatch_uid="hyte_service_path_move")
