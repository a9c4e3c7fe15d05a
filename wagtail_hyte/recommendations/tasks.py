"""Background tasks (django-tasks). Arguments never hold a readable recipient."""

from django_tasks import task


@task()
def retry_delivery_task(delivery_id: str, channel: str, token: str, content: dict, done: int):
    from .delivery import retry

    return retry(delivery_id, channel, token, content, done)


@task()
def prune_recommendations_task(days: int = 90) -> dict:
    from .housekeeping import prune

    return prune(days)
