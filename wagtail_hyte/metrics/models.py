"""Aggregated daily counters. No cookies, IP addresses, user ids or sessions:
only a date, what was counted, and how many times."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PROFESSIONAL = "professional", _("Logged-in professionals")
    OTHER = "other", _("Others")


class ActivityViewDay(models.Model):
    date = models.DateField(_("date"))
    page = models.ForeignKey(
        "wagtail_hyte_activities.ActivityPage",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("activity page views per day")
        verbose_name_plural = _("activity page views per day")
        constraints = [
            models.UniqueConstraint(fields=["date", "page"], name="hyte_metrics_view_day_unique")
        ]
        permissions = [("view_usage_figures", _("Can view usage figures"))]

    def __str__(self):
        return f"{self.date} {self.page_id}: {self.views}"


class SearchDay(models.Model):
    date = models.DateField(_("date"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)
    # Searches with the catalogue's "referral possible" filter on (follow-up measure 4).
    referral_filter = models.PositiveIntegerField(_("searches with the referral filter"), default=0)

    class Meta:
        verbose_name = _("searches per day")
        verbose_name_plural = _("searches per day")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "audience"], name="hyte_metrics_search_day_unique"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.audience}: {self.searches}"


class ZeroResultTermDay(models.Model):
    """A normalised search term that found nothing, counted per day (for editors)."""

    date = models.DateField(_("date"))
    term = models.CharField(_("search term"), max_length=100)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("search term without results")
        verbose_name_plural = _("search terms without results")
        constraints = [
            models.UniqueConstraint(fields=["date", "term"], name="hyte_metrics_zero_term_unique")
        ]

    def __str__(self):
        return f"{self.date} {self.term}: {self.count}"


class ZeroResultTermSighting(models.Model):
    """A zero-result term seen on a day, as a keyed hash only (never the text).

    A term is stored as text (``ZeroResultTermDay``) only once its hash was seen
    on ``METRICS_ZERO_RESULT_MIN_DAYS`` distinct days: a name or number that one
    person typed once never reaches the report.
    """

    date = models.DateField(_("date"))
    digest = models.CharField(_("term hash"), max_length=64)

    class Meta:
        verbose_name = _("zero-result term sighting")
        verbose_name_plural = _("zero-result term sightings")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "digest"], name="hyte_metrics_term_sighting_unique"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.digest[:8]}"
