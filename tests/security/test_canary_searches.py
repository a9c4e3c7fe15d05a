# ruff: noqa: F811 (fixtures imported from tests.referrals.conftest)
"""Issue 10: canary searches through error reports, logs (including refused mail)
and the task table.

Canary personal data (a unique name, phone number and email address) goes through
the whole referral flow: the form's two steps, a partner notice that fails (the
mail server drops the connection), a client confirmation the server refuses
(naming the address), the partner's reveal (once failing with a server error),
the resent notice, acceptance and the outcome mail to the professional. Then
the canaries are searched for in

- Django's ExceptionReporter output (HTML and text) of every failed request, of
  every log record that carries an exception (what AdminEmailHandler mails), and
  of the failing notification tasks run directly;
- every log record of every logger at DEBUG, SQL queries included;
- the sent mail (headers and bodies) and the refused mail (all but its envelope
  recipient, which is necessarily the client's address);
- the task results: django-tasks has no database backend installed here, so
  the stored task rows are stood in for by every enqueued and finished task's
  arguments, return value and stored error tracebacks;
- the recorded notification failures.

The canaries must not be found anywhere.
"""

import json
import logging
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks.signals import task_enqueued, task_finished

from tests.referrals.conftest import (  # noqa: F401 (fixtures)
    notices,
    refer,
    world,
)
from wagtail_hyte.referrals import tasks
from wagtail_hyte.referrals.models import NotificationFailure, NotificationKind, Referral
from wagtail_hyte.referrals.views import partner

from .referral_flow import consent_step_data
from .refusing_mail import CanaryMailBackend
from .reports import CapturedReports, render_report, report_for_call

CANARY = {
    "name": "Vilhelmiina Kanarialintu",
    "phone": "040 555 0187",
    "email": "vilhelmiina.kanaria-7713@example.invalid",
    "contact_method": "phone",
    "contact_time": "iltaisin",
    "language": "fi",
    "note": "",
}
NEEDLES = [
    "vilhelmiina",
    "kanarialintu",
    "5550187",
    "555 0187",
    "555-0187",
    "kanaria-7713",
    CANARY["email"],
]
PARTNER_INBOX = "inbox@partner.invalid"
BACKEND = "tests.security.refusing_mail.CanaryMailBackend"


def found_in(text: str) -> list[str]:
    lowered = text.lower()
    return [needle for needle in NEEDLES if needle.lower() in lowered]


@pytest.fixture
def all_logs(caplog):
    """caplog at DEBUG for every logger, non-propagating ones and SQL included."""
    caplog.set_level(logging.DEBUG)
    changed = []
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if not isinstance(logger, logging.Logger):
            continue
        changed.append((logger, logger.level, logger.disabled))
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if not logger.propagate:
            logger.addHandler(caplog.handler)
    connection.force_debug_cursor = True  # django.db.backends logs every query
    yield caplog
    connection.force_debug_cursor = False
    for logger, level, disabled in changed:
        logger.setLevel(level)
        logger.disabled = disabled
        if caplog.handler in logger.handlers:
            logger.removeHandler(caplog.handler)


@pytest.fixture
def task_results():
    """Every task enqueued or finished: the stand-in for the task table."""
    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(record, dispatch_uid="hyte-canary-enqueued")
    task_finished.connect(record, dispatch_uid="hyte-canary-finished")
    yield results
    task_enqueued.disconnect(dispatch_uid="hyte-canary-enqueued")
    task_finished.disconnect(dispatch_uid="hyte-canary-finished")


@pytest.fixture
def canary_mail():
    CanaryMailBackend.refuse = {CANARY["email"]}
    CanaryMailBackend.disconnect = {PARTNER_INBOX}
    CanaryMailBackend.refused = []
    with override_settings(EMAIL_BACKEND=BACKEND):
        yield CanaryMailBackend
    CanaryMailBackend.refuse, CanaryMailBackend.disconnect = set(), set()
    CanaryMailBackend.refused = []


def _task_text(result) -> str:
    return json.dumps(
        {
            "task": result.task.module_path,
            "args": result.args,
            "kwargs": result.kwargs,
            "status": str(result.status),
            "return": result.return_value if result.is_finished and not result.errors else None,
            "errors": [[e.exception_class_path, e.traceback] for e in result.errors],
        },
        default=str,
    )


def test_canaries_are_found_nowhere(
    world, all_logs, task_results, canary_mail, django_capture_on_commit_callbacks
):
    reports = []
    client = Client(raise_request_exception=False)

    # The professional's two steps; the notices run when the transaction commits.
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    data = consent_step_data(client, url, CANARY, send_confirmation="on")
    with CapturedReports() as captured, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    reports += captured.reports
    assert response.status_code == 200
    referral = Referral.objects.get(professional=world.professional)
    failures = NotificationFailure.objects.filter(referral=referral)
    assert {f.kind for f in failures} == {NotificationKind.PARTNER, NotificationKind.CLIENT}
    assert [m.subject for m in canary_mail.refused]  # the client's confirmation was refused
    assert not mail.outbox  # the partner notice failed

    # The failing notifications, their exceptions rendered as error reports.
    reports.append(report_for_call(tasks.notify_partner_task.call, referral.pk))
    reports.append(report_for_call(tasks.confirm_client_task.call, referral.pk))
    assert all("NotificationFailed" in r for r in reports[-2:])

    # The partner reads the details; once the page fails after the decryption.
    client.force_login(world.staff)
    reveal = reverse("hyte_referrals:reveal", args=[referral.pk])
    revealed = client.post(reveal, follow=True)  # POST, then the page shows them once
    assert revealed.status_code == 200
    assert "Kanarialintu" in revealed.text  # the receiving partner does see them
    detail = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    assert client.post(reveal).status_code == 302
    with (
        mock.patch.object(
            partner.InboxDetailView,
            "render_to_response",
            side_effect=RuntimeError("forced failure"),
        ),
        CapturedReports() as captured,
    ):
        assert client.get(detail).status_code == 500
    assert len(captured.reports) == 1
    reports += captured.reports

    # The mail server recovers: the notice is resent, the partner accepts and
    # reports the outcome, the professional is told.
    canary_mail.disconnect = set()
    assert tasks.notify_partner_task.enqueue(referral.pk).status == "SUCCESSFUL"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("hyte_referrals:accept", args=[referral.pk]))
        client.post(
            reverse("hyte_referrals:outcome", args=[referral.pk]),
            {"outcome": "succeeded", "reason": "", "note": ""},
        )
    referral.refresh_from_db()
    assert referral.status == "succeeded"
    assert {m.to[0] for m in mail.outbox} >= {PARTNER_INBOX, world.professional.email}

    # Error reports: failed requests, failing tasks and every logged exception.
    logged = [r for r in all_logs.records if r.exc_info]
    assert any(r.name == "django.request" for r in logged)
    reports += [render_report(getattr(r, "request", None), r.exc_info) for r in logged]
    assert len(reports) >= 4
    hits = {}
    for n, report in enumerate(reports):
        assert "Traceback" in report
        if found_in(report):
            hits[f"error report {n}"] = found_in(report)

    # Logs at DEBUG, SQL included: the formatted text and every record's parts.
    assert any(r.name == "django.db.backends" for r in all_logs.records)
    assert any(r.name == "wagtail_hyte.referrals.notifications" for r in all_logs.records)
    texts = {"log text": all_logs.text}
    for n, record in enumerate(all_logs.records):
        texts[f"log record {n} ({record.name})"] = " ".join(
            [record.getMessage(), repr(record.args), repr(vars(record).get("sql", ""))]
        )

    # Sent mail in full; refused mail but for its envelope recipient.
    for n, message in enumerate(mail.outbox):
        texts[f"sent mail {n} to {message.to}"] = message.message().as_string()
    for n, message in enumerate(canary_mail.refused):
        texts[f"refused mail {n}"] = " ".join([message.subject, message.body, message.from_email])

    # The task results (arguments, return values, stored tracebacks) and failures.
    assert any(r.errors for r in task_results)
    for n, result in enumerate(task_results):
        texts[f"task {n}"] = _task_text(result)
    for failure in NotificationFailure.objects.all():
        texts[f"failure {failure.pk}"] = failure.problem

    for where, text in texts.items():
        if found_in(text):
            hits[where] = found_in(text)
    assert not hits, hits


def test_the_search_finds_a_planted_canary(all_logs):
    """The searches themselves work: a canary that is logged or passed is found."""
    logging.getLogger("django.server").debug("client %s", CANARY["name"])
    assert found_in(all_logs.text) == ["vilhelmiina", "kanarialintu"]
    assert found_in(json.dumps([CANARY["phone"]])) == ["555 0187"]
