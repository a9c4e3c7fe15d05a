"""Signals the catalogue sends, and the handlers that keep facets in sync.

``activity_viewed(sender=ActivityPage, page)``: a public activity page was served.
``catalogue_searched(sender=ActivityIndexPage, request, query, total)``: a listing
with a query or filters was served. ``wagtail_hyte.metrics`` counts both; the
catalogue itself stores nothing about visitors.

Facet rows follow the page on every full save (``ActivityPage.save``: creation
and publishing); the handlers here follow taxonomy renames and deletions.

A new catalogue page, and a service path created or moved outside every
catalogue, gives the "HYTE editors" group its page permissions at once
(``grant_on_creation``, ``grant_on_move``), in the same transaction; nothing
happens while the group does not exist (``hyte_setup_roles`` catches up).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal

activity_viewed = Signal()
catalogue_searched = Signal()


def _activity_model():
    from .models import ActivityPage

    return ActivityPage


def _connect_taxonomy(model, facet, relation):
    def remember_slug(sender, instance, **kwargs):
        old = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        instance._hyte_old_slug = old

    def relabel(sender, instance, created, **kwargs):
        from .facets import relabel_term, sync_facets

        old = getattr(instance, "_hyte_old_slug", None)
        if old and old != instance.slug:
            for page in _activity_model().objects.filter(**{relation: instance}):
                sync_facets(page)
        elif not created:
            relabel_term(facet, instance)

    def forget(sender, instance, **kwargs):
        from .cache import bump
        from .models import ActivityFacet

        with transaction.atomic():
            ActivityFacet.objects.filter(facet=facet, value=instance.slug).delete()
            bump()

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
    if not created:
        return
    from .models import ActivityIndexPage, ServicePathPage
    from .roles import grant_editor_page_permissions, needs_own_permissions

    if not isinstance(instance, (ActivityIndexPage, ServicePathPage)):
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
    from .models import ServicePathPage
    from .roles import grant_editor_page_permissions, needs_own_permissions

    if (
        sender is not None
        and issubclass(sender, ServicePathPage)
        and needs_own_permissions(instance)
    ):
        grant_editor_page_permissions(instance)


def connect():
    from wagtail.signals import post_page_move

    from .models import AccessibilityFeature, TargetGroup, Theme

    _connect_taxonomy(Theme, "theme", "themes")
    _connect_taxonomy(TargetGroup, "target_group", "target_groups")
    _connect_taxonomy(AccessibilityFeature, "accessibility", "accessibility_features")
    # Any sender: host sites may subclass the page types.
    post_save.connect(grant_on_creation, weak=False, dispatch_uid="hyte_catalogue_permissions")
    post_page_move.connect(grant_on_move, weak=False, dispatch_uid="hyte_service_path_move")
