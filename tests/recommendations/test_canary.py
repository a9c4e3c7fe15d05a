"""After recommending through every channel, including a failed text message that is
queued and retried, no table, session, task argument or log line holds the client's
phone number or email address in any readable form."""

import io
import json
import logging

from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from wagtail_hyte.recommendations.models import Delivery, RecommendationCount
from wagtail_hyte.recommendations.tasks import retry_delivery_task

from .conftest import EMAIL, PHONE

CANARIES = [
    "+358407654321",
    "358407654321",
    "0407654321",
    "040 765 4321",
    "7654321",
    "765 4321",
    EMAIL,
    "canary.client",
]
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def full_dump() -> str:
    """Every row of every table as text, plus dumpdata, plus decoded sessions."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                parts.append(repr(row))
                parts.extend(
                    bytes(v).decode("utf-8", "replace")
                    for v in row
                    if isinstance(v, (bytes, memoryview))
                )
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    parts.append(out.getvalue())
    parts.extend(json.dumps(s.get_decoded(), ensure_ascii=False) for s in Session.objects.all())
    return "\n".join(parts)


def assert_clean(text: str, where: str):
    for canary in CANARIES:
        assert canary not in text, f"{canary!r} found in {where}"


@override_settings(TASKS=DUMMY_TASKS)
def test_no_trace_of_the_client(client, professional, make_activity, http_sms, caplog):
    caplog.set_level(logging.DEBUG)
    activity = make_activity("Kävelyryhmä")
    client.force_login(professional)
    client.post(reverse("hyte_recommend:shortlist_add", args=[activity.pk]))
    backend = retry_delivery_task.get_backend()
    backend.clear()

    url = reverse("hyte_recommend:recommend")
    # A text message the gateway refuses first, then accepts from the retry queue.
    http_sms.statuses = [503]
    response = client.post(
        url, {"activities": [activity.pk], "channel": "sms", "language": "fi", "phone": PHONE}
    )
    client.get(response["Location"])
    [queued] = backend.results
    retry_delivery_task.call(*queued.args, **queued.kwargs)
    # An email, a printout, and a form error that echoes nothing into storage.
    client.post(
        url, {"activities": [activity.pk], "channel": "email", "language": "en", "email": EMAIL}
    )
    client.post(
        url, {"activities": [activity.pk], "channel": "email", "language": "en", "phone": PHONE}
    )
    client.post(url, {"activities": [activity.pk], "channel": "print", "language": "sv"})

    # Everything was really sent to the client...
    assert json.loads(http_sms.requests[-1]["body"])["recipient"] == "+358407654321"
    assert mail.outbox[0].to == [EMAIL]
    assert Delivery.objects.filter(status="sent").count() == 2
    assert RecommendationCount.objects.count() == 3

    # ...and nothing kept it (the dump and the logs are really there to search).
    dump = full_dump()
    assert "Keski-Suomen hyvinvointialue (demo)" in dump and "Kävelyryhmä" in dump
    assert any("answered HTTP 503" in r.getMessage() for r in caplog.records)
    assert_clean(dump, "the database")
    assert_clean(
        "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records),
        "the logs",
    )
    assert_clean(
        json.dumps([[r.args, r.kwargs] for r in backend.results], ensure_ascii=False),
        "the task queue",
    )
    assert_clean(str(client.cookies), "the cookies")
