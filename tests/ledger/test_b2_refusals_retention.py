"""Issue 10 items 9, 11, 12 and 14 at the ledger's level: reads bound to one consent,
refused and failed reads ledgered in their own transaction, reopening a closed
business, retention holds and sealed texts."""

import contextlib
import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from wagtail_hyte.ledger import kinds
from wagtail_hyte.ledger.models import ContactDetails, LedgerEntry, Subject
from wagtail_hyte.ledger.services import (
    DecryptionError,
    ReadRefused,
    declare_business_closed,
    enforce_retention,
    erase_subject,
    read_contact_details,
    read_sealed_text,
    record_read_refused,
    reopen_business,
    retention_hold,
    seal_text,
    withdraw_consent,
)
from wagtail_hyte.ledger.verification import verify_chain

from .conftest import CANARY


def refused(subject):
    return [
        e.payload_data
        for e in LedgerEntry.objects.for_subject(subject.pk).filter(
            kind=kinds.PERSONAL_DATA_READ_REFUSED
        )
    ]


def test_read_bound_to_its_consent(make_subject, consent_for, professional, partner):
    subject = make_subject()
    first = consent_for(subject)
    second = consent_for(subject)
    withdraw_consent(first, withdrawn_by=professional, method="verbal")
    # "Any consent for this recipient" still allows the read ...
    read_contact_details(subject, professional, "receipt", recipient=partner)
    # ... the withdrawn consent itself does not.
    with pytest.raises(ReadRefused):
        read_contact_details(subject, professional, "receipt", recipient=partner, consent=first)
    assert refused(subject)[-1] == {
        "reason": "consent_withdrawn",
        "purpose": "receipt",
        "consent": str(first.pk),
        "recipient": str(partner.pk),
    }
    read = read_contact_details(subject, professional, "receipt", recipient=partner, consent=second)
    assert read.name
    other = make_subject()
    with pytest.raises(ReadRefused):
        read_contact_details(other, professional, "receipt", consent=second)
    assert refused(other)[-1]["reason"] == "consent_mismatch"


def test_decryption_failure_is_ledgered(make_subject, consent_for, professional):
    subject = make_subject(**CANARY)
    consent_for(subject)
    contact = ContactDetails.objects.get(subject=subject)
    ContactDetails.objects.filter(pk=contact.pk).update(ciphertext=b"\x00" * 64)
    with pytest.raises(DecryptionError):
        read_contact_details(subject, professional, "referral.contact_client")
    entry = LedgerEntry.objects.filter(kind=kinds.PERSONAL_DATA_READ_REFUSED).get()
    assert entry.payload_data["reason"] == "decryption_failed"
    assert entry.actor == f"user:{professional.pk}"
    assert CANARY["name"] not in entry.payload and "canary" not in entry.payload.lower()
    assert verify_chain(record=False).ok


def test_read_of_erased_subject_is_ledgered(make_subject, consent_for, professional):
    subject = make_subject()
    consent_for(subject)
    erase_subject(subject, "system:test")
    with pytest.raises(ReadRefused):
        read_contact_details(subject, professional, "referral.contact_client")
    assert refused(subject)[-1]["reason"] == "subject_erased"


def test_record_read_refused_keeps_only_codes(make_subject, professional):
    subject = make_subject()
    record_read_refused(professional, subject, "Not A Code @ all", purpose="receipt")
    assert refused(subject) == [{"reason": "other", "purpose": "receipt"}]


def test_new_consent_reopens_closed_business(make_subject, consent_for):
    subject = make_subject()
    declare_business_closed(subject, timezone.now() - dt.timedelta(days=400))
    consent_for(subject)
    subject.refresh_from_db()
    assert subject.business_closed_at is None
    kinds_seen = list(LedgerEntry.objects.for_subject(subject.pk).values_list("kind", flat=True))
    assert kinds_seen[-2:] == [kinds.CONSENT_GIVEN, kinds.SUBJECT_BUSINESS_REOPENED]
    assert enforce_retention()["subjects_erased"] == 0
    assert reopen_business(subject).business_closed_at is None  # no-op, nothing appended
    assert kinds_seen == list(
        LedgerEntry.objects.for_subject(subject.pk).values_list("kind", flat=True)
    )


def test_retention_holds(make_subject, consent_for, settings):
    now = timezone.now()
    closed = now - dt.timedelta(days=400)
    done = make_subject()  # a consent still "given", but for the business that closed
    consent_for(done, given_at=now - dt.timedelta(days=500))
    declare_business_closed(done, closed)
    legacy = make_subject()  # closed, then a new consent without the reopen (old data)
    declare_business_closed(legacy, closed)
    consent_for(legacy)
    Subject.objects.filter(pk=legacy.pk).update(business_closed_at=closed)
    held = make_subject()  # another app reports open business
    declare_business_closed(held, closed)

    def hold(sender, subject_ids, **kwargs):
        return {str(held.pk)} & set(subject_ids)

    retention_hold.connect(hold, dispatch_uid="test-hold")
    try:
        result = enforce_retention(now)
    finally:
        retention_hold.disconnect(dispatch_uid="test-hold")
    assert result["subjects_erased"] == 1 and result["subjects_kept"] == 2
    assert Subject.objects.get(pk=done.pk).is_erased
    assert not Subject.objects.get(pk=legacy.pk).is_erased
    assert not Subject.objects.get(pk=held.pk).is_erased


def test_sealed_text_bound_to_its_label_and_erased(make_subject, professional):
    subject = make_subject()
    sealed = seal_text(subject, "Tulosmuistio-kanari 3310", label="referral_note:abc")
    assert b"kanari" not in sealed
    assert (
        read_sealed_text(
            subject, sealed, professional, "referral.outcome_note", label="referral_note:abc"
        )
        == "Tulosmuistio-kanari 3310"
    )
    with pytest.raises(DecryptionError):
        read_sealed_text(
            subject, sealed, professional, "referral.outcome_note", label="referral_note:x"
        )
    erase_subject(subject, "system:test")
    with pytest.raises(ReadRefused):
        read_sealed_text(
            subject, sealed, professional, "referral.outcome_note", label="referral_note:abc"
        )
    assert [r["reason"] for r in refused(subject)] == ["decryption_failed", "subject_erased"]


@pytest.mark.django_db(transaction=True)
def test_refusal_outside_a_transaction_commits(make_subject, professional):
    subject = make_subject()
    with pytest.raises(ReadRefused):
        read_contact_details(subject, professional, "receipt")
    assert not connection.in_atomic_block
    assert refused(subject)[-1]["reason"] == "no_consent"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_refusal_survives_the_callers_rollback(make_subject, professional):
    subject = make_subject()

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        with contextlib.suppress(ReadRefused):
            read_contact_details(subject, professional, "receipt")
        raise Rollback
    assert refused(subject) == [{"reason": "no_consent", "purpose": "receipt"}]
    assert verify_chain(record=False).ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_refusal_inside_a_transaction_holding_the_head_does_not_deadlock(
    make_subject, professional
):
    subject = make_subject()
    with transaction.atomic():
        other = make_subject()  # this transaction now holds the chain head
        with pytest.raises(ReadRefused):
            read_contact_details(subject, professional, "receipt")
    # Fallen back to the caller's (committed) transaction.
    assert refused(subject)[-1]["reason"] == "no_consent"
    assert Subject.objects.filter(pk=other.pk).exists()
    assert verify_chain(record=False).ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_refusals_keep_the_chain_gap_free(make_subject, professional):
    subject = make_subject()
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                with contextlib.suppress(ReadRefused):
                    read_contact_details(subject, professional, "receipt")
                transaction.set_rollback(True)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(refused(subject)) == 8
    assert verify_chain(record=False).ok


def test_auditors_see_refused_reads(client, make_user, make_subject, professional):
    from django.urls import reverse

    subject = make_subject()
    with pytest.raises(ReadRefused):
        read_contact_details(subject, professional, "receipt")
    client.force_login(make_user("auditor"))
    page = client.get(reverse("hyte_ledger:reads")).content.decode()
    assert "no_consent" in page and f"user:{professional.pk}" in page
