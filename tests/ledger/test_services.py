"""The services: subjects, consent, reads, withdrawal, erasure, retention, rotation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from wagtail_hyte.ledger import kinds
from wagtail_hyte.ledger.models import (
    ConsentStatus,
    ContactDetails,
    LedgerEntry,
    Subject,
)
from wagtail_hyte.ledger.services import (
    DecryptionError,
    ReadRefused,
    declare_business_closed,
    enforce_retention,
    erase_subject,
    find_subjects_by_email,
    find_subjects_by_phone,
    read_contact_details,
    rotate_keys,
    update_contact_details,
    withdraw_consent,
)
from wagtail_hyte.ledger.verification import verify_chain

from .conftest import CANARY

pytestmark = pytest.mark.django_db


def kinds_of(subject):
    return list(LedgerEntry.objects.for_subject(subject.pk).values_list("kind", flat=True))


def test_create_and_read_with_consent(make_subject, consent_for, professional, partner):
    subject = make_subject(**CANARY)
    consent_for(subject)
    data = read_contact_details(subject, professional, "referral.contact", recipient=partner)
    assert data.name == CANARY["name"]
    assert data.phone == "+358409876543"
    assert data.email == CANARY["email"].lower()
    assert "Canary" not in repr(data)
    assert kinds_of(subject) == [
        kinds.PERSONAL_DATA_STORED,
        kinds.CONSENT_GIVEN,
        kinds.PERSONAL_DATA_READ,
    ]
    read = LedgerEntry.objects.for_subject(subject.pk).last().payload_data
    assert read["purpose"] == "referral.contact"
    assert read["recipient"] == str(partner.pk)
    row = ContactDetails.objects.get(subject=subject)
    assert read["ciphertext_sha256"] == row.ciphertext_digest


def test_bad_details_leave_nothing_behind(professional):
    from wagtail_hyte.ledger.services import create_subject_with_contact

    with pytest.raises(ValidationError) as exc:
        create_subject_with_contact({"name": "", "phone": "123", "email": "nope"}, professional)
    assert set(exc.value.message_dict) == {"name", "phone", "email"}
    assert not Subject.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_read_requires_consent_and_purpose(make_subject, professional):
    subject = make_subject()
    with pytest.raises(ReadRefused):
        read_contact_details(subject, professional, "referral.contact")
    with pytest.raises(ValidationError):
        read_contact_details(subject, professional, "because I want to")
    # The refused read leaves a trace (issue 10 #14); the invalid purpose does not.
    assert kinds_of(subject) == [kinds.PERSONAL_DATA_STORED, kinds.PERSONAL_DATA_READ_REFUSED]


def test_read_for_other_recipient_refused(make_subject, consent_for, professional, make_partner):
    subject = make_subject()
    consent_for(subject)
    with pytest.raises(ReadRefused):
        read_contact_details(subject, professional, "referral", recipient=make_partner())


def test_withdrawal_blocks_reads_and_is_a_new_event(make_subject, consent_for, professional):
    subject = make_subject()
    consent = consent_for(subject)
    read_contact_details(subject, professional, "referral")
    withdraw_consent(consent, withdrawn_by=professional, method="written")
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.WITHDRAWN
    assert consent.withdrawal_method == "written"
    with pytest.raises(ReadRefused):
        read_contact_details(subject, professional, "referral")
    with pytest.raises(ValidationError):
        withdraw_consent(consent, withdrawn_by=professional, method="written")
    assert kinds_of(subject)[-2:] == [kinds.CONSENT_WITHDRAWN, kinds.PERSONAL_DATA_READ_REFUSED]
    assert consent.history.count() == 2  # created, then withdrawn: history shows both


def test_expired_consent_blocks_reads(make_subject, consent_for, professional):
    subject = make_subject()
    now = timezone.now()
    consent_for(subject, given_at=now - dt.timedelta(days=10), expires_at=now - dt.timedelta(1))
    with pytest.raises(ReadRefused):
        read_contact_details(subject, professional, "referral")
    assert enforce_retention()["consents_expired"] == 1
    assert subject.consents.get().status == ConsentStatus.EXPIRED


def test_consent_validation(make_subject, consent_for, make_partner):
    subject = make_subject()
    with pytest.raises(ValidationError) as exc:
        consent_for(
            subject,
            recipient=make_partner(active=False),
            data_categories=["shoe_size"],
            collection_method="telepathy",
            purpose="Not A Code",
        )
    assert set(exc.value.message_dict) == {
        "recipient",
        "data_categories",
        "collection_method",
        "purpose",
    }
    assert not subject.consents.exists()


def test_consent_record_fields(make_subject, consent_for, notice, settings):
    consent = consent_for(make_subject())
    assert consent.controller["name"] == settings.WAGTAIL_HYTE["CONTROLLER"]["name"]
    assert consent.notice_language == "fi"
    entry = LedgerEntry.objects.filter(kind=kinds.CONSENT_GIVEN).get()
    assert entry.payload_data["notice_sha256"] == notice.text_sha256
    assert entry.payload_data["consent"] == str(consent.pk)


def test_blind_index_lookup(make_subject):
    subject = make_subject(phone="040 555 1234", email="Someone@Example.invalid")
    make_subject(phone="040 555 9999")
    assert list(find_subjects_by_phone("+358405551234")) == [subject]
    assert list(find_subjects_by_phone("0405551234")) == [subject]
    assert list(find_subjects_by_email("someone@example.INVALID")) == [subject]
    assert not find_subjects_by_phone("not a phone").exists()
    row = ContactDetails.objects.get(subject=subject)
    assert "5551234" not in row.phone_index and len(row.phone_index) == 64


def test_update_contact_details(make_subject, consent_for, professional):
    subject = make_subject()
    consent_for(subject)
    update_contact_details(
        subject, {"name": "New Name", "email": "new@example.invalid"}, professional
    )
    assert read_contact_details(subject, professional, "referral").name == "New Name"
    assert list(find_subjects_by_email("new@example.invalid")) == [subject]
    assert not find_subjects_by_phone(
        ContactDetails.objects.get(subject=subject).phone_index
    ).exists()


def test_erasure(make_subject, consent_for, professional):
    subject = make_subject(phone="040 777 1234", email="gone@example.invalid")
    other = make_subject()
    consent_for(subject)
    consent_for(other)
    assert erase_subject(subject, professional) is True
    subject.refresh_from_db()
    assert subject.wrapped_key is None and subject.erased_at
    row = ContactDetails.objects.get(subject=subject)
    assert row.ciphertext is None and row.phone_index == "" and row.email_index == ""
    assert all(h.ciphertext is None for h in row.history.all())
    assert not find_subjects_by_phone("040 777 1234").exists()
    assert not find_subjects_by_email("gone@example.invalid").exists()
    with pytest.raises(ReadRefused):
        read_contact_details(subject, professional, "referral")
    assert read_contact_details(other, professional, "referral").name.startswith("Client")
    count = LedgerEntry.objects.count()
    assert erase_subject(subject, professional) is False  # idempotent
    assert LedgerEntry.objects.count() == count
    assert verify_chain().ok
    with pytest.raises(ValidationError):
        consent_for(subject)


def test_retention_erases_only_subjects_closed_long_enough(make_subject, settings):
    old, recent, open_ = make_subject(), make_subject(), make_subject()
    now = timezone.now()
    declare_business_closed(old, now - dt.timedelta(days=400))
    declare_business_closed(recent, now - dt.timedelta(days=10))
    assert enforce_retention(now)["subjects_erased"] == 1
    assert Subject.objects.get(pk=old.pk).is_erased
    assert not Subject.objects.get(pk=recent.pk).is_erased
    assert not Subject.objects.get(pk=open_.pk).is_erased
    with override_settings(WAGTAIL_HYTE={**settings.WAGTAIL_HYTE, "RETENTION_DAYS": 5}):
        assert enforce_retention(now)["subjects_erased"] == 1
    assert LedgerEntry.objects.filter(kind=kinds.PERSONAL_DATA_ERASED).count() == 2
    assert verify_chain().ok


def _with_keys(settings, keks, current):
    return override_settings(
        WAGTAIL_HYTE={
            **settings.WAGTAIL_HYTE,
            "KEY_ENCRYPTION_KEYS": keks,
            "CURRENT_KEY_ID": current,
        }
    )


NEW_KEY = "qLsbcdG6CEzR3pJE1mGQ38o9BnHq6f4EF0zy8rYqfWc="


def test_rotation(make_subject, consent_for, professional, settings):
    old_keks = settings.WAGTAIL_HYTE["KEY_ENCRYPTION_KEYS"]
    subjects = [make_subject() for _ in range(5)]
    for s in subjects:
        consent_for(s)
    erase_subject(subjects[0], professional)
    with _with_keys(settings, {**old_keks, "test-2": NEW_KEY}, "test-2"):
        result = rotate_keys(batch_size=2)
        assert result == {"to": "test-2", "from": ["test-1"], "rewrapped": 4}
    assert set(Subject.objects.exclude(pk=subjects[0].pk).values_list("kek_id", flat=True)) == {
        "test-2"
    }
    with _with_keys(settings, {"test-2": NEW_KEY}, "test-2"):  # old key retired
        for s in subjects[1:]:
            assert read_contact_details(s, professional, "referral").name
    with _with_keys(settings, old_keks, "test-1"):  # only the retired key
        for s in subjects[1:]:
            with pytest.raises(DecryptionError):
                read_contact_details(s, professional, "referral")
    entry = LedgerEntry.objects.filter(kind=kinds.KEY_ROTATED).get()
    assert entry.payload_data == {"to": "test-2", "from": ["test-1"], "rewrapped": 4}
    assert verify_chain().ok


def test_rotation_fails_loudly_without_old_key(make_subject, settings):
    make_subject()
    with _with_keys(settings, {"test-2": NEW_KEY}, "test-2"), pytest.raises(DecryptionError):
        rotate_keys()
