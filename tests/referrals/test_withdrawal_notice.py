"""The partner is told when the client withdraws consent (unless the partner's
own staff recorded it), without any client data; a failed email is recorded."""

import pytest
from django.core import mail
from django.utils import translation

from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.models import NotificationFailure, NotificationKind

from .conftest import CLIENT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "LANGUAGES": ["en", "fi", "sv"]}
    with translation.override("en"):
        yield


def withdraw(referral, user, capture):
    mail.outbox.clear()
    with capture(execute=True):
        services.withdraw(referral, user=user, method="verbal")


@pytest.mark.parametrize("who", ["professional", "coordinator"])
def test_the_partner_is_told_without_client_data(
    world, refer, django_capture_on_commit_callbacks, who
):
    referral = refer()
    withdraw(referral, getattr(world, who), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == set(world.agreement.notification_addresses)
    assert referral.short_reference in message.subject and "withdrawn" in message.subject
    assert "Do not contact the client" in message.body
    assert f"/admin/hyte/referrals/inbox/{referral.pk}/" in message.body
    for value in (CLIENT["name"], CLIENT["phone"], CLIENT["email"]):
        assert value not in message.body and value not in message.subject


def test_a_closed_referral_is_told_too(world, refer, django_capture_on_commit_callbacks):
    referral = refer()
    services.accept(referral, user=world.staff)
    referral = services.report_outcome(referral, user=world.staff, succeeded=True)
    withdraw(referral, world.professional, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # they may still hold notes: delete them


def test_not_when_the_partner_recorded_it(world, refer, django_capture_on_commit_callbacks):
    withdraw(refer(), world.staff, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_failed_email_is_recorded(world, refer, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.referrals.test_withdrawal_notice.FailingBackend"
    referral = refer()
    withdraw(referral, world.professional, django_capture_on_commit_callbacks)
    failure = NotificationFailure.objects.get(referral=referral)
    assert failure.kind == NotificationKind.WITHDRAWAL
    assert "@" not in failure.problem


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"inbox@partner.invalid": (550, b"no")})
