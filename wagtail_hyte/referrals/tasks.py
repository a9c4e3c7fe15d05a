"""Background tasks (django-tasks). The immediate backend runs them at once in
development; production configures a real queue (see docs/referrals.md).

A failed notification is recorded (``NotificationFailure``, shown to the
professional and coordinators) and the task fails with a redacted error: the
original exception (an ``SMTPRecipientsRefused`` names the client's address)
never reaches the log or the task backend's stored traceback.
"""

from django_tasks import task

from . import feedback, notifications
from .models import NotificationKind


class NotificationFailed(Exception):
    """A referral notification failed; the message holds no personal data."""


def _run(kind: str, referral_id: int, send):
    try:
        result = send(referral_id)
    except Exception as exc:  # recorded, then re-raised redacted
        problem = notifications.describe_failure(exc)
        notifications.record_failure([referral_id], kind, problem)
        failure = NotificationFailed(f"{kind} notification for referral {referral_id}: {problem}")
    else:
        notifications.record_sent(referral_id, kind)
        return result
    raise failure  # outside the except block: no chained original exception


@task()
def notify_partner_task(referral_id: int) -> int:
    return _run(NotificationKind.PARTNER, referral_id, notifications.notify_partner)


@task()
def notify_partner_of_withdrawal_task(referral_id: int) -> int:
    return _run(
        NotificationKind.WITHDRAWAL, referral_id, notifications.notify_partner_of_withdrawal
    )


@task()
def notify_professional_task(referral_id: int) -> int:
    return _run(NotificationKind.PROFESSIONAL, referral_id, notifications.notify_professional)


@task()
def referral_reminders_task() -> int:
    return len(notifications.send_overdue_reminders())


@task()
def confirm_client_task(referral_id: int) -> str:
    return _run(NotificationKind.CLIENT, referral_id, notifications.confirm_client)


@task()
def invite_feedback_task(referral_id: int) -> str:
    """The client's one feedback request after the referral closed (feedback.py)."""
    return _run(NotificationKind.FEEDBACK, referral_id, feedback.invite_feedback)
