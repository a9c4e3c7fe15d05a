"""The daily housekeeping: one command (``hyte_daily``) and one task run every job.

Each installed app lists its jobs in a ``daily`` module of its own
(``DAILY_JOBS = [DailyJob(...)]``); core finds them through the app registry,
so it never imports a higher app and a site's own apps can add jobs the same
way. Jobs run in ``order``; a job that fails is reported and the others still
run.
"""

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    """``run()`` returns a one-line summary and raises when the job failed."""

    name: str
    description: str
    run: Callable[[], str]
    order: int = 100


@dataclass(frozen=True)
class JobResult:
    name: str
    ok: bool
    summary: str


class DailyJobFailed(Exception):
    """Raised by a job that ran to the end but found a problem (e.g. a broken chain)."""


def get_jobs() -> list[DailyJob]:
    jobs = []
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.daily"
        if module_name == __name__ or importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        jobs.extend(getattr(module, "DAILY_JOBS", ()))
    return sorted(jobs, key=lambda job: job.order)


def _run_one(job: DailyJob) -> JobResult:
    try:
        if connection.in_atomic_block:
            # A failed query must not break the outer transaction for the next job.
            with transaction.atomic():
                summary = job.run()
        else:
            summary = job.run()
    except Exception as exc:  # every failure is reported; the other jobs still run
        logger.exception("daily job %s failed", job.name)
        return JobResult(job.name, False, f"{type(exc).__name__}: {exc}")
    return JobResult(job.name, True, str(summary or ""))


def run_daily(only=(), skip=()) -> list[JobResult]:
    """Run every daily job (or those named in ``only``, minus ``skip``)."""
    results = []
    for job in get_jobs():
        if (only and job.name not in only) or job.name in skip:
            continue
        results.append(_run_one(job))
    return results
