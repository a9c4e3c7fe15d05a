"""Background tasks (django-tasks). The immediate backend runs them at once in
development; production configures a real queue (see docs/referrals.md)."""

from django_tasks import task

from . import notifications


@task()
def notify_partner_task(referral_id: int) -> int:
    return notifications.notify_partner(referral_id)


@task()
def notify_professional_task(referral_id: int) -> int:
    return notifications.notify_professional(referral_id)


@task()
def referral_reminders_task() -> int:
    return len(notifications.send_overdue_reminders())


@task()
def confirm_client_task(referral_id: int) -> str:
    return notifications.confirm_client(referral_id)
