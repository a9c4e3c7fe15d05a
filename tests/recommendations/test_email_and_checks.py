"""Email delivery failures and retries; the app's system checks."""

import logging

import pytest
from django.core import mail
from django.test import override_settings

from wagtail_hyte.recommendations import services
from wagtail_hyte.recommendations.checks import check_recommendations
from wagtail_hyte.recommendations.models import Delivery

from . import flaky_mail
from .conftest import EMAIL

FLAKY = "tests.recommendations.flaky_mail.FlakyEmailBackend"


@override_settings(EMAIL_BACKEND=FLAKY)
def test_refused_email_is_retried_and_logged_without_the_address(
    professional, make_activity, caplog
):
    caplog.set_level(logging.INFO)
    flaky_mail.FAILURES["left"] = 1
    result = services.recommend(
        user=professional, activities=[make_activity()], channel="email", language="fi", email=EMAIL
    )
    assert result.status == "sent"
    assert mail.outbox[0].to == [EMAIL]
    assert Delivery.objects.get().attempts == 2
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "the mail server did not accept the message" in logged
    assert EMAIL not in logged and "canary" not in logged


@override_settings(EMAIL_BACKEND=FLAKY)
def test_email_that_keeps_failing_is_reported(professional, make_activity):
    flaky_mail.FAILURES["left"] = 10
    result = services.recommend(
        user=professional, activities=[make_activity()], channel="email", language="fi", email=EMAIL
    )
    assert result.status == "failed"
    assert mail.outbox == []
    delivery = Delivery.objects.get()
    assert (
        delivery.attempts == 4 and delivery.problem == "the mail server did not accept the message"
    )
    flaky_mail.FAILURES["left"] = 0


def test_checks(settings):
    ids = {m.id for m in check_recommendations(None)}
    assert ids == {"hyte.I030"}  # the console backend with DEBUG off
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "SMS_BACKEND": "wagtail_hyte.core.sms.http.HttpSmsBackend",
        "RECOMMENDATION_RATE_LIMITS": [(0, 60)],
    }
    assert {m.id for m in check_recommendations(None)} == {"hyte.E031"}
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "SMS_BACKEND": "no.such.Backend"}
    assert {m.id for m in check_recommendations(None)} == {"hyte.E030"}


@pytest.mark.parametrize(
    "options",
    [{}, {"url": "ftp://x"}, {"url": "https://x", "format": "xml"}],
)
def test_http_backend_options_are_checked(options):
    from django.core.exceptions import ImproperlyConfigured

    from wagtail_hyte.core.sms.http import HttpSmsBackend

    with pytest.raises(ImproperlyConfigured):
        HttpSmsBackend(options)
