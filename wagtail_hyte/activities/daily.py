"""Daily jobs of the activities app (run by ``hyte_daily``)."""

from io import StringIO

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.daily import DailyJob


def refresh_activities() -> str:
    out = StringIO()
    call_command("hyte_refresh_activities", stdout=out)
    return out.getvalue().strip()


DAILY_JOBS = [
    DailyJob(
        "activities.refresh",
        _("Recompute next and last dates of every activity page."),
        refresh_activities,
        order=10,
    ),
]
