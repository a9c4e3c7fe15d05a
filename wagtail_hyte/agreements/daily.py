"""Daily jobs of the agreements app (run by ``hyte_daily``)."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.daily import DailyJob


def agreement_reminders() -> str:
    from .reminders import send_expiry_reminders

    return f"{len(send_expiry_reminders())} agreements included in the expiry reminder."


DAILY_JOBS = [
    DailyJob(
        "agreements.reminders",
        _("Email the coordinators about agreements expiring soon."),
        agreement_reminders,
        order=50,
    ),
]
