"""Daily jobs of the follow-up app (run by ``hyte_daily``)."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.daily import DailyJob


def rebuild_view_rollup() -> str:
    from .rollups import rebuild_recent

    return f"{rebuild_recent()} monthly view rows rebuilt."


DAILY_JOBS = [
    DailyJob(
        "followup.views",
        _("Rebuild this and last month's page views split by referral on offer."),
        rebuild_view_rollup,
        order=90,
    ),
]
