"""The optional confirmation to the client: email when given, else SMS; logged reads."""

from django.core import mail
from django.test import override_settings

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.referrals import services

from . import sms_recorder
from .conftest import CLIENT


def test_email_confirmation_to_the_client(world, refer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(confirm_client=True)
    to_client = [m for m in mail.outbox if m.to == [CLIENT["email"]]]
    assert len(to_client) == 1
    assert world.activity.title in to_client[0].body
    assert referral.short_reference in to_client[0].body
    partner_mail = [m for m in mail.outbox if CLIENT["email"] not in m.to]
    assert partner_mail and all(CLIENT["name"] not in m.body for m in partner_mail)
    read = LedgerEntry.objects.get(kind="personal_data.read")
    assert read.payload_data["purpose"] == "referral.client_confirmation"


def test_sms_confirmation_without_email(world, refer, django_capture_on_commit_callbacks):
    sms_recorder.SENT.clear()
    backend = "tests.referrals.sms_recorder.RecordingSmsBackend"
    hyte = {**hyte_settings.user_settings, "SMS_BACKEND": backend}
    with override_settings(WAGTAIL_HYTE=hyte), django_capture_on_commit_callbacks(execute=True):
        refer(details={"email": ""}, confirm_client=True)
    assert len(sms_recorder.SENT) == 1
    number, text = sms_recorder.SENT[0]
    assert number == "+358407654321"
    assert world.partner.name in text
    assert not [m for m in mail.outbox if CLIENT["email"] in m.to]


def test_no_confirmation_unless_asked(world, refer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        refer()
    assert all(CLIENT["email"] not in m.to for m in mail.outbox)
    assert not LedgerEntry.objects.filter(kind="personal_data.read").exists()


def test_no_confirmation_after_withdrawal(world, refer):
    from wagtail_hyte.referrals.notifications import confirm_client

    referral = refer()
    services.withdraw(referral, user=world.professional)
    assert confirm_client(referral.pk) == ""
    assert all(CLIENT["email"] not in m.to for m in mail.outbox)
