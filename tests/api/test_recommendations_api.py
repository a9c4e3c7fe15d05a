"""The recommendations API (``/api/hyte/v1/recommendations/``): for professionals
only, by text message, email or printout, with the admin's rules and rate limits,
and never a trace of the client's phone number or email address in an answer,
an error or a log."""

import json
import logging

import pytest
from django.core import mail
from django.urls import reverse

from tests.recommendations.conftest import FakeGateway
from tests.referrals.test_views import ROLES  # the same callers as the admin's tests
from wagtail_hyte.recommendations.models import Delivery, RecommendationCount, SendWindow

SEND = "hyte_api_v1:recommendation-create"
PREVIEW = "hyte_api_v1:recommendation-preview"
PHONE = "040 765 4321"
EMAIL = "canary.client@example.fi"
CANARIES = ["+358407654321", "358407654321", "0407654321", "765 4321", "7654321", EMAIL]


def post(client, name, data):
    return client.post(reverse(name), data, content_type="application/json")


def request(world, **changes):
    return {"activities": [world.activity.pk], "channel": "print", "language": "fi", **changes}


def assert_clean(text, where):
    found = [canary for canary in CANARIES if canary in text]
    assert not found, f"{found} in {where}"


def log_text(caplog):
    return "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)


def written():
    return (
        Delivery.objects.count(),
        sum(RecommendationCount.objects.values_list("count", flat=True)),
        SendWindow.objects.count(),
        len(mail.outbox),
    )


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.fixture
def sms_files(settings, tmp_path):
    """Text messages written to files (``core.sms.file.FileSmsBackend``)."""
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "SMS_BACKEND": "wagtail_hyte.core.sms.file.FileSmsBackend",
        "SMS_OPTIONS": {"directory": str(tmp_path)},
    }
    return tmp_path


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", [SEND, PREVIEW])
def test_per_role(client, world, role, name):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    before = written()
    response = post(client, name, request(world))
    if role in ("professional", "professional2"):
        assert response.status_code == (201 if name == SEND else 200), response.content
        return
    body = response.json()
    if role == "anonymous":
        assert response.status_code in (401, 403)
        assert body["error"]["code"] == "not_authenticated"
    else:
        assert response.status_code == 403
        assert body["error"]["code"] == "permission_denied"
    assert written() == before


def test_text_message(client, world, sms_files, logs):
    client.force_login(world.professional)
    response = post(client, SEND, request(world, channel="sms", phone=PHONE))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["channel"], body["status"], body["problem"]) == ("sms", "sent", "")
    assert body["activities"] == [{"id": world.activity.pk, "title": world.activity.title}]
    assert Delivery.objects.get(pk=body["delivery"]).status == "sent"
    assert body["print_url"] is None
    (message,) = list(sms_files.iterdir())
    assert world.activity.title in message.read_text()  # really sent to the client...
    assert_clean(response.content.decode(), "the answer")  # ...and not echoed
    assert_clean(log_text(logs), "the logs")


def test_email(client, world, logs):
    client.force_login(world.professional)
    response = post(client, SEND, request(world, channel="email", email=EMAIL, language="en"))
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "sent"
    assert mail.outbox[0].to == [EMAIL]
    assert world.activity.title in mail.outbox[0].body
    assert_clean(response.content.decode(), "the answer")
    assert_clean(log_text(logs), "the logs")


def test_printout(client, world):
    client.force_login(world.professional)
    response = post(client, SEND, request(world, language="sv", plain=True))
    assert response.status_code == 201
    body = response.json()
    assert (body["channel"], body["status"], body["delivery"]) == ("print", "ready", None)
    assert body["print_url"] == (
        reverse("hyte_recommend:print") + f"?activity={world.activity.pk}&language=sv&plain=1"
    )
    assert body["pdf_url"].startswith(reverse("hyte_recommend:pdf") + "?")
    page = client.get(body["print_url"])
    assert page.status_code == 200
    assert world.activity.title in page.content.decode()
    assert RecommendationCount.objects.get().channel == "print"


def test_a_refused_message_is_reported_without_the_number(client, world, settings, logs):
    gateway = FakeGateway()
    try:
        settings.WAGTAIL_HYTE = {
            **settings.WAGTAIL_HYTE,
            "SMS_BACKEND": "wagtail_hyte.core.sms.http.HttpSmsBackend",
            "SMS_OPTIONS": {
                "url": gateway.url,
                "payload": {"recipient": "{to}", "message": "{text}"},
                "timeout": 5,
            },
            "RECOMMENDATION_RETRY_ATTEMPTS": 0,
        }
        gateway.statuses = [503]
        client.force_login(world.professional)
        response = post(client, SEND, request(world, channel="sms", phone=PHONE))
    finally:
        gateway.close()
    assert json.loads(gateway.requests[0]["body"])["recipient"] == "+358407654321"
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "failed"
    assert body["problem"]
    assert_clean(response.content.decode(), "the answer")
    assert_clean(log_text(logs), "the logs")


# (changes, the field the error names)
INVALID = [
    ({"activities": []}, "activities"),
    ({"activities": [987654]}, "activities"),
    ({"channel": "pigeon"}, "channel"),
    ({"language": "xx"}, "language"),
    ({"channel": "sms", "phone": ""}, "phone"),
    ({"channel": "sms", "phone": "014 123 4567"}, "phone"),  # a landline
    ({"channel": "sms", "phone": "7654321-nope"}, "phone"),
    ({"channel": "email", "email": "canary.client@"}, "email"),
    ({"activities": "all"}, "activities"),
]


@pytest.mark.parametrize(("changes", "field"), INVALID)
def test_validation_errors_name_the_field_and_write_nothing(
    client, world, sms_files, logs, changes, field
):
    client.force_login(world.professional)
    before = written()
    response = post(client, SEND, request(world, **changes))
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"], error
    assert written() == before
    assert not list(sms_files.iterdir())
    assert_clean(response.content.decode(), "the error")
    assert_clean(log_text(logs), "the logs")


def test_an_ended_activity_cannot_be_recommended(client, world, make_activity):
    from datetime import timedelta

    from wagtail_hyte.core.periods import local_date

    past = local_date() - timedelta(days=10)
    ended = make_activity("Päättynyt", organiser=world.partner, meetings=[past])
    client.force_login(world.professional)
    response = post(client, SEND, request(world, activities=[ended.pk]))
    assert response.status_code == 400
    assert "activities" in response.json()["error"]["fields"]


def test_the_rate_limit_applies(client, world, sms_files, settings, logs):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "RECOMMENDATION_RATE_LIMITS": ((1, 3600),)}
    client.force_login(world.professional)
    assert post(client, SEND, request(world, channel="sms", phone=PHONE)).status_code == 201
    before = written()
    response = post(client, SEND, request(world, channel="email", email=EMAIL))
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert written()[:2] == before[:2]  # nothing sent, counted or recorded
    assert len(mail.outbox) == 0
    # a printout sends nothing, so it is never limited (as in the admin)
    assert post(client, SEND, request(world)).status_code == 201
    assert_clean(response.content.decode(), "the error")
    assert_clean(log_text(logs), "the logs")


def test_preview_sends_nothing(client, world, sms_files):
    client.force_login(world.professional)
    sms = post(client, PREVIEW, request(world, channel="sms"))
    assert sms.status_code == 200
    assert world.activity.title in sms.json()["text"]
    assert sms.json()["segments"] >= 1
    email = post(client, PREVIEW, request(world, channel="email", language="en")).json()
    assert set(email) == {"subject", "text", "html"}
    assert post(client, PREVIEW, request(world)).json() == {}
    assert written() == (0, 0, 0, 0)
    assert not list(sms_files.iterdir())


def test_preview_validation_names_the_field(client, world):
    client.force_login(world.professional)
    response = post(client, PREVIEW, request(world, channel="carrier pigeon"))
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"channel"}


@pytest.mark.parametrize("name", [SEND, PREVIEW])
def test_a_token_needs_recommendations_write(client, world, bearer, name):
    from wagtail_hyte.api.scopes import SCOPES

    others = [scope for scope in SCOPES if scope != "recommendations:write"]
    before = written()
    response = client.post(
        reverse(name),
        request(world),
        content_type="application/json",
        **bearer(world.professional, *others),
    )
    assert response.status_code == 403
    assert written() == before
    response = client.post(
        reverse(name),
        request(world),
        content_type="application/json",
        **bearer(world.professional, "recommendations:write"),
    )
    assert response.status_code == (201 if name == SEND else 200)
