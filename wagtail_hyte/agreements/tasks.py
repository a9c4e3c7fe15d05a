"""Background tasks (django-tasks): run from a scheduler as well as the command."""

from django_tasks import task

from .reminders import send_expiry_reminders


@task()
def agreement_reminders_task(days: int = 30) -> int:
    return len(send_expiry_reminders(days=days))
