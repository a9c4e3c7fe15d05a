"""Daily jobs of the recommendations app (run by ``hyte_daily``)."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.daily import DailyJob


def prune_recommendations() -> str:
    from .housekeeping import prune

    result = prune()
    return f"Deleted {result['send_windows']} send windows, {result['deliveries']} deliveries."


DAILY_JOBS = [
    DailyJob(
        "recommendations.prune",
        _("Delete ended rate-limit windows and old delivery records."),
        prune_recommendations,
        order=70,
    ),
]
