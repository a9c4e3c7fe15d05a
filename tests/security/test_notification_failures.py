# ruff: noqa: F811 (fixtures imported from tests.referrals.conftest)
"""Refused mail: no client address in logs or the task table; failures are visible."""

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.referrals.conftest import (  # noqa: F401 (fixtures)
    CLIENT,
    CLIENT_NEEDLES,
    notices,
    refer,
    world,
)
from wagtail_hyte.referrals import tasks
from wagtail_hyte.referrals.checks import check_notification_failures
from wagtail_hyte.referrals.models import NotificationFailure, NotificationKind

from .referral_flow import consent_step_data

REFUSE_CLIENT = "tests.security.refusing_mail.RefuseClientBackend"
REFUSE_ALL = "tests.security.refusing_mail.RefuseAllBackend"
EMAIL_NEEDLES = [CLIENT["email"], "zork-9931"]


def _assert_no_canary(text):
    lowered = text.lower()
    for needle in [*EMAIL_NEEDLES, *CLIENT_NEEDLES]:
        assert needle.lower() not in lowered, needle


@override_settings(EMAIL_BACKEND=REFUSE_CLIENT)
def test_refused_client_confirmation_is_redacted(world, refer, caplog):
    caplog.set_level(logging.DEBUG)
    referral = refer()  # the partner notice (on commit) is not run here
    result = tasks.confirm_client_task.enqueue(referral.pk)
    assert result.status == "FAILED"
    stored = "\n".join(e.traceback for e in result.errors)
    assert "NotificationFailed" in stored
    assert "refused the recipient" in stored
    _assert_no_canary(stored)
    _assert_no_canary(caplog.text)
    for record in caplog.records:
        _assert_no_canary(record.getMessage())
    failure = NotificationFailure.objects.get(referral=referral)
    assert failure.kind == NotificationKind.CLIENT
    _assert_no_canary(failure.problem)


@override_settings(EMAIL_BACKEND=REFUSE_CLIENT)
def test_refused_confirmation_through_the_form_flow(
    world, refer, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(confirm_client=True)
    assert [m for m in mail.outbox if "inbox@partner.invalid" in m.to]  # partner still told
    _assert_no_canary(caplog.text)
    assert NotificationFailure.objects.filter(referral=referral, kind="client").count() == 1


@override_settings(EMAIL_BACKEND=REFUSE_ALL)
def test_failed_partner_notice_is_visible(
    world, refer, client, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer()
    failure = NotificationFailure.objects.get(referral=referral)
    assert failure.kind == NotificationKind.PARTNER
    assert "inbox@partner.invalid" not in failure.problem
    assert "inbox@partner.invalid" not in caplog.text

    client.force_login(world.professional)
    mine = client.get(reverse("hyte_referrals:mine"))
    assert "could not be sent" in mine.text
    assert "Notice to the partner" in mine.text
    receipt = client.get(reverse("hyte_referrals:receipt", args=[referral.pk]))
    assert "could not be sent" in receipt.text

    client.force_login(world.coordinator)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert referral.short_reference in dashboard.text
    assert "hyte_notification_failures" in dashboard.text

    warnings = check_notification_failures(databases=["default"])
    assert [w.id for w in warnings] == ["hyte_referrals.W001"]


@pytest.mark.django_db(transaction=True)  # the notice runs when the request's transaction commits
@override_settings(EMAIL_BACKEND=REFUSE_ALL)
def test_professional_is_not_told_the_referral_was_sent(world, client):
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    data = consent_step_data(client, url, CLIENT)
    response = client.post(url, data, follow=True)
    assert NotificationFailure.objects.filter(kind="partner").count() == 1
    assert "a notification could not be sent" in response.text
    assert "The referral was sent." not in response.text


def test_a_later_successful_send_resolves_the_failure(world, refer):
    referral = refer()
    with override_settings(EMAIL_BACKEND=REFUSE_ALL):
        tasks.notify_partner_task.enqueue(referral.pk)
    assert check_notification_failures(databases=["default"])
    tasks.notify_partner_task.enqueue(referral.pk)
    assert NotificationFailure.objects.get(referral=referral).resolved_at is not None
    assert check_notification_failures(databases=["default"]) == []


@override_settings(EMAIL_BACKEND=REFUSE_ALL)
def test_overdue_reminder_failure_is_recorded(world, refer, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from wagtail_hyte.referrals.models import Referral
    from wagtail_hyte.referrals.notifications import send_overdue_reminders

    referral = refer()
    Referral.objects.filter(pk=referral.pk).update(due_date=referral.due_date - timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        send_overdue_reminders()
    assert NotificationFailure.objects.filter(referral=referral, kind="reminder").exists()


def test_check_is_silent_without_failures(db):
    assert check_notification_failures(databases=["default"]) == []
    call_command("check", "--database", "default")


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English messages; the example site's default language is Finnish."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield
