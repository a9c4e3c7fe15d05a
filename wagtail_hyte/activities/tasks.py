"""Background tasks of the activity catalogue (django-tasks)."""

from django_tasks import task

from .denormalise import refresh_activities


@task()
def refresh_activities_task(facets: bool = False) -> int:
    """``hyte_refresh_activities`` as a task: how many activities had new dates."""
    return refresh_activities(facets=facets)
