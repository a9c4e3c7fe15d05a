"""Background tasks of core (django-tasks)."""

from django_tasks import task


@task()
def hyte_daily_task() -> dict:
    """Run the daily housekeeping; fails (after running every job) if any job failed."""
    from .daily import DailyJobFailed, run_daily

    results = run_daily()
    failed = [result.name for result in results if not result.ok]
    if failed:
        raise DailyJobFailed("Daily jobs failed: " + ", ".join(failed))
    return {result.name: result.summary for result in results}
