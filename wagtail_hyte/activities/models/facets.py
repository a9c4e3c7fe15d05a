"""Denormalised filter values of each activity, for cheap filters and counts."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ActivityFacet(models.Model):
    """One (facet, value) of one activity page, e.g. ("theme", "nature").

    Rewritten from the page on every full save (see ``denormalise.py``);
    labels are copied in fi/sv/en so that the listing needs no joins to the
    taxonomies. Never edited by hand.
    """

    page = models.ForeignKey(
        "wagtail_hyte_activities.ActivityPage", on_delete=models.CASCADE, related_name="facets"
    )
    facet = models.CharField(_("facet"), max_length=30)
    value = models.CharField(_("value"), max_length=60)
    sort_key = models.IntegerField(_("sort key"), default=0)
    label_fi = models.CharField(max_length=100)
    label_sv = models.CharField(max_length=100, blank=True)
    label_en = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("activity facet")
        verbose_name_plural = _("activity facets")
        constraints = [
            models.UniqueConstraint(
                fields=["facet", "value", "page"], name="hyte_activity_facet_unique"
            )
        ]
        indexes = [models.Index(fields=["page", "facet"], name="hyte_facet_page")]

    def __str__(self):
        return f"{self.facet}={self.value}"

    @property
    def label(self) -> str:
        return label_for(self.label_fi, self.label_sv, self.label_en)


def label_for(fi: str, sv: str, en: str) -> str:
    language = (get_language() or "fi")[:2]
    return {"sv": sv, "en": en}.get(language) or fi


class CatalogueVersion(models.Model):
    """One row: a token that changes whenever anything a listing shows changes.

    Cached listings are keyed by this token (see ``wagtail_hyte.activities.cache``).
    It is replaced in the same transaction as the change, so every app server
    sees the new token exactly when it sees the new data. A random token (not a
    counter) can never be reused after a rolled-back change.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")

    def __str__(self):
        return self.token
