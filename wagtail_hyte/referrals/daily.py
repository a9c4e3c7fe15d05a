"""Daily jobs of the referrals app (run by ``hyte_daily``)."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.daily import DailyJob


def referral_reminders() -> str:
    from .notifications import send_overdue_reminders

    return f"{len(send_overdue_reminders())} overdue referrals reminded of."


def expired_feedback_links() -> str:
    from .feedback import delete_expired_invitations

    return f"{delete_expired_invitations()} expired feedback links deleted."


DAILY_JOBS = [
    DailyJob(
        "referrals.reminders",
        _("Remind partners of referrals that became overdue."),
        referral_reminders,
        order=60,
    ),
    DailyJob(
        "referrals.feedback_links",
        _("Delete the client feedback links that have expired."),
        expired_feedback_links,
        order=61,
    ),
]
