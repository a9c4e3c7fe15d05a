"""Text messages end to end: console and file backends, and an HTTP gateway on localhost
with a failure and a retry through a django-tasks task."""

import base64
import io
import json
from urllib.parse import parse_qs

import pytest
from django.test import override_settings

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.sms import get_sms_backend, mask_number
from wagtail_hyte.core.sms.console import ConsoleSmsBackend
from wagtail_hyte.recommendations import services, smslength
from wagtail_hyte.recommendations.models import Delivery
from wagtail_hyte.recommendations.tasks import retry_delivery_task

from .conftest import PHONE, PHONE_E164, url_in

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def activity(make_activity):
    return make_activity("Kävelyryhmä")


def _send(user, activity, **kwargs):
    return services.recommend(
        user=user, activities=[activity], channel="sms", language="fi", phone=PHONE, **kwargs
    )


def test_mask_number():
    assert mask_number("+358407654321") == "+**********21"


def test_console_backend_prints_message_with_masked_number(professional, activity, monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(
        "wagtail_hyte.recommendations.delivery.get_sms_backend",
        lambda: ConsoleSmsBackend(stream=stream),
    )
    result = _send(professional, activity)
    assert result.status == "sent"
    out = stream.getvalue()
    assert "SMS to +**********21" in out
    assert "Kävelyryhmä" in out and url_in(activity) in out
    assert PHONE_E164 not in out and "7654321" not in out
    assert Delivery.objects.get().status == "sent"


def test_default_backend_is_console(capsys, professional, activity):
    assert type(get_sms_backend()).__name__ == "ConsoleSmsBackend"
    _send(professional, activity)
    assert "Kävelyryhmä" in capsys.readouterr().out


def test_file_backend_writes_one_file_per_message(professional, activity, sms_file_dir):
    _send(professional, activity)
    _send(professional, activity)
    files = sorted(sms_file_dir.iterdir())
    assert len(files) == 2
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("To: +**********21\n")
    assert "Hei! Tässä suosittelemani toiminta:" in text
    assert f"Kävelyryhmä {url_in(activity)}" in text
    assert "Terveisin Keski-Suomen hyvinvointialue (demo)" in text
    assert "7654321" not in text


def test_message_fits_sms_limits(professional, make_activity, sms_file_dir):
    pages = [make_activity(f"Toiminta jolla on aika pitkä nimi {n}") for n in range(3)]
    services.recommend(
        user=professional, activities=pages, channel="sms", language="fi", phone=PHONE
    )
    text = next(sms_file_dir.iterdir()).read_text(encoding="utf-8").split("\n\n", 1)[1].strip()
    assert smslength.is_gsm(text)
    assert smslength.segments(text) <= hyte_settings.SMS_MAX_SEGMENTS
    for page in pages:
        assert url_in(page) in text


def test_sms_length_rules():
    assert smslength.segments("a" * 160) == 1
    assert smslength.segments("a" * 161) == 2
    assert smslength.segments("ä" * 160) == 1  # ä is in the GSM alphabet
    assert smslength.segments("€" * 80) == 1  # extension characters count twice
    assert smslength.segments("€" * 81) == 2
    assert smslength.segments("ł" * 70) == 1  # UCS-2
    assert smslength.segments("ł" * 71) == 2
    assert smslength.gsm_text("10.00–11.30") == "10.00-11.30"


def test_http_gateway_sends_json_with_basic_auth(professional, activity, http_sms):
    result = _send(professional, activity)
    assert result.status == "sent"
    [request] = http_sms.requests
    payload = json.loads(request["body"])
    assert payload["recipient"] == PHONE_E164
    assert payload["sender"] == "HYVIS"
    assert "Kävelyryhmä" in payload["message"]
    auth = base64.b64decode(request["headers"]["Authorization"].split()[1]).decode()
    assert auth == "hyte:gateway-secret"
    assert request["headers"]["Content-Type"] == "application/json"


def test_http_gateway_form_and_token(professional, activity, http_sms):
    options = {
        **hyte_settings.SMS_OPTIONS,
        "format": "form",
        "token": "tkn-1",
        "payload": {"to": "{to}", "body": "{text}", "route": "fi"},
    }
    with override_settings(WAGTAIL_HYTE={**hyte_settings.user_settings, "SMS_OPTIONS": options}):
        _send(professional, activity)
    [request] = http_sms.requests
    form = parse_qs(request["body"])
    assert form["to"] == [PHONE_E164]
    assert form["route"] == ["fi"]
    assert request["headers"]["Authorization"] == "Bearer tkn-1"


def test_gateway_failure_is_retried_by_task_inline(professional, activity, http_sms):
    """The default (immediate) task backend runs the retry at once: it succeeds."""
    http_sms.statuses = [503]
    result = _send(professional, activity)
    assert result.status == "sent"
    assert len(http_sms.requests) == 2
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.problem) == ("sent", 2, "")


@override_settings(TASKS=DUMMY_TASKS)
def test_gateway_failure_is_queued_sealed_and_retried(professional, activity, http_sms):
    retry_delivery_task.get_backend().clear()
    http_sms.statuses = [500]
    result = _send(professional, activity)
    assert result.status == "retrying"
    assert result.problem == "the SMS gateway answered HTTP 500"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("retrying", 1)

    [queued] = retry_delivery_task.get_backend().results
    arguments = json.dumps([queued.args, queued.kwargs], ensure_ascii=False)
    assert PHONE_E164 not in arguments and "7654321" not in arguments
    assert "Kävelyryhmä" in arguments  # the content holds no personal data

    # The worker runs it later: the gateway fails again, then accepts.
    http_sms.statuses = [502]
    assert retry_delivery_task.call(*queued.args, **queued.kwargs) == "retrying"
    second = retry_delivery_task.get_backend().results[-1]
    assert retry_delivery_task.call(*second.args, **second.kwargs) == "sent"
    assert json.loads(http_sms.requests[-1]["body"])["recipient"] == PHONE_E164
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 3)


@override_settings(TASKS=DUMMY_TASKS)
def test_retries_stop_after_the_configured_attempts(professional, activity, http_sms):
    backend = retry_delivery_task.get_backend()
    backend.clear()
    http_sms.statuses = [500] * 10
    _send(professional, activity)
    for _ in range(hyte_settings.RECOMMENDATION_RETRY_ATTEMPTS):
        queued = backend.results[-1]
        status = retry_delivery_task.call(*queued.args, **queued.kwargs)
    assert status == "failed"
    assert len(backend.results) == hyte_settings.RECOMMENDATION_RETRY_ATTEMPTS
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.attempts == 1 + hyte_settings.RECOMMENDATION_RETRY_ATTEMPTS


def test_client_errors_are_not_retried(professional, activity, http_sms):
    http_sms.statuses = [400]
    result = _send(professional, activity)
    assert result.status == "failed"
    assert len(http_sms.requests) == 1
    assert Delivery.objects.get().problem == "the SMS gateway answered HTTP 400"


@override_settings(TASKS=DUMMY_TASKS)
def test_unreachable_gateway(professional, activity, gateway):
    gateway.close()
    settings = {
        **hyte_settings.user_settings,
        "SMS_BACKEND": "wagtail_hyte.core.sms.http.HttpSmsBackend",
        "SMS_OPTIONS": {"url": gateway.url, "timeout": 2},
    }
    with override_settings(WAGTAIL_HYTE=settings):
        result = _send(professional, activity)
    assert result.status == "retrying"
    assert result.problem == "the SMS gateway could not be reached"
