"""hyte_daily: one command and one task run every app's daily job."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail_hyte.core import daily
from wagtail_hyte.core.daily import DailyJob, DailyJobFailed, get_jobs, run_daily
from wagtail_hyte.ledger.models import Checkpoint

EXPECTED = [
    "activities.refresh",
    "ledger.verify",
    "ledger.checkpoint",
    "ledger.retention",
    "agreements.reminders",
    "referrals.reminders",
    "recommendations.prune",
]


def test_every_app_registers_its_jobs_in_order():
    names = [job.name for job in get_jobs()]
    assert [name for name in names if name in EXPECTED] == EXPECTED


@pytest.mark.django_db
def test_command_runs_every_job_and_checkpoints():
    out = StringIO()
    call_command("hyte_daily", stdout=out, stderr=StringIO())
    for name in EXPECTED:
        assert f"ok      {name}:" in out.getvalue()
    assert Checkpoint.objects.count() == 1


@pytest.mark.django_db
def test_a_failing_job_is_reported_the_others_run_and_exit_is_non_zero(monkeypatch):
    def broken():
        raise DailyJobFailed("Ledger NOT intact at #3")

    jobs = [
        DailyJob("ledger.verify", "verify", broken, 20) if job.name == "ledger.verify" else job
        for job in get_jobs()
    ]
    monkeypatch.setattr(daily, "get_jobs", lambda: jobs)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("hyte_daily", stdout=out, stderr=err)
    assert caught.value.returncode == 1
    assert "FAILED  ledger.verify: DailyJobFailed: Ledger NOT intact at #3" in err.getvalue()
    assert "ok      ledger.checkpoint:" in out.getvalue()
    assert "ok      recommendations.prune:" in out.getvalue()
    assert Checkpoint.objects.count() == 1  # the jobs after the failure still ran


@pytest.mark.django_db
def test_only_and_unknown_job():
    out = StringIO()
    call_command("hyte_daily", only=["ledger.checkpoint"], stdout=out)
    assert out.getvalue().count("ok ") == 1
    with pytest.raises(CommandError, match="Unknown daily job"):
        call_command("hyte_daily", only=["nope"], stdout=StringIO())


@pytest.mark.django_db
def test_task_runs_jobs_and_fails_when_one_fails(monkeypatch):
    from wagtail_hyte.core.tasks import hyte_daily_task

    summary = hyte_daily_task.call()
    assert set(EXPECTED) <= set(summary)

    def broken():
        raise RuntimeError("boom")

    jobs = [DailyJob("x.broken", "broken", broken, 1), *get_jobs()]
    monkeypatch.setattr(daily, "get_jobs", lambda: jobs)
    assert [r.ok for r in run_daily(only=["x.broken"])] == [False]
    with pytest.raises(DailyJobFailed, match="x.broken"):
        hyte_daily_task.call()
    assert Checkpoint.objects.count() == 2


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English messages; the example site's default language is Finnish."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield
