"""Daily jobs of the referrals app (run by ``hyte_daily``)."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.daily import DailyJob


def referral_reminders() -> str:
    from .notifications import send_overdue_reminders

    return f"{len(send_overdue_reminders())} overdue referrals reminded of."


DAILY_JOBS = [
    DailyJob(
        "referrals.reminders",
        _("Remind partners of referrals that became overdue."),
        referral_reminders,
        order=60,
    ),
]
