"""Signals the catalogue sends, and the handlers that keep facets in sync.

``activity_viewed(sender=ActivityPage, page)``: a public activity page was served.
``catalogue_searched(sender=ActivityIndexPage, request, query, total)``: a listing
with a query or filters was served. ``wagtail_hyte.metrics`` counts both; the
catalogue itself stores nothing about visitors.

Facet rows follow the page on every full save (``ActivityPage.save``: creation
and publishing); the handlers here follow taxonomy renames and deletions.
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


def connect():
    from .models import AccessibilityFeature, TargetGroup, Theme

    _connect_taxonomy(Theme, "theme", "themes")
    _connect_taxonomy(TargetGroup, "target_group", "target_groups")
    _connect_taxonomy(AccessibilityFeature, "accessibility", "accessibility_features")
