"""Issue 10 items 4 (partner status), 5 (superusers), 9 (withdrawal), 11 (reopen),
12 (outcome note) and 14 (refused reads) on the referral side."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wagtail_hyte.agreements import services as agreement_services
from wagtail_hyte.ledger.models import LedgerEntry, Subject
from wagtail_hyte.ledger.services import ReadRefused, enforce_retention, erase_subject
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.errors import PartnerAccessCut

from .conftest import CLIENT

NOTE = "Kanarialintu-tulosmuistio 8842"


def entries(subject, kind):
    return [e.payload_data for e in LedgerEntry.objects.for_subject(subject.pk).filter(kind=kind)]


def refusals(subject):
    return entries(subject, "personal_data.read_refused")


def reads(subject):
    return entries(subject, "personal_data.read")


# --- item 4: a deactivated partner, a suspended or ended agreement -------------------


def test_inactive_partner_cannot_reveal_accept_or_report(world, refer):
    referral = refer()
    world.partner.active = False
    world.partner.save()
    with pytest.raises(PartnerAccessCut) as caught:
        services.reveal_contact(referral, user=world.staff)
    assert caught.value.reason == "partner_inactive"
    with pytest.raises(PartnerAccessCut):
        services.accept(referral, user=world.staff)
    with pytest.raises(PartnerAccessCut):
        services.report_outcome(referral, user=world.staff, succeeded=False, reason="other")
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert not reads(referral.subject)
    assert refusals(referral.subject)[-1]["reason"] == "partner_inactive"
    # Withdrawal only takes access away: still possible through the partner.
    assert services.withdraw(referral, user=world.staff).status == "withdrawn"


def test_suspended_agreement_cuts_reveal_and_accept_not_the_outcome(world, refer):
    accepted = services.accept(refer(), user=world.staff)
    sent = refer()
    agreement_services.suspend(world.agreement, reason="test")
    for referral in (sent, accepted):
        with pytest.raises(PartnerAccessCut) as caught:
            services.reveal_contact(referral, user=world.staff)
        assert caught.value.reason == "agreement_suspended"
    with pytest.raises(PartnerAccessCut):
        services.accept(sent, user=world.staff)
    done = services.report_outcome(accepted, user=world.staff, succeeded=True)
    assert done.status == "succeeded"


def test_ended_agreement_cuts_reveal(world, refer):
    referral = refer()
    agreement_services.end(world.agreement, reason="test")
    with pytest.raises(PartnerAccessCut) as caught:
        services.reveal_contact(referral, user=world.staff)
    assert caught.value.reason == "no_agreement_in_force"
    with pytest.raises(PartnerAccessCut):
        services.accept(referral, user=world.staff)
    assert not reads(referral.subject)


def test_cut_shown_on_the_detail_page(client, world, refer):
    referral = refer()
    agreement_services.suspend(world.agreement, reason="test")
    client.force_login(world.staff)
    page = client.get(reverse("hyte_referrals:inbox_detail", args=[referral.pk])).content.decode()
    assert reverse("hyte_referrals:reveal", args=[referral.pk]) not in page
    assert reverse("hyte_referrals:accept", args=[referral.pk]) not in page
    response = client.post(reverse("hyte_referrals:reveal", args=[referral.pk]))
    assert response.status_code == 200
    assert CLIENT["name"] not in response.content.decode()


# --- item 5: superusers ----------------------------------------------------------------


def test_superuser_who_is_not_a_member_is_refused_and_ledgered(client, world, refer, make_user):
    referral = refer()
    admin = make_user("superuser")
    with pytest.raises(PermissionDenied):
        services.reveal_contact(referral, user=admin)
    client.force_login(admin)
    response = client.post(reverse("hyte_referrals:reveal", args=[referral.pk]))
    assert response.status_code == 403
    assert CLIENT["name"] not in response.content.decode()
    assert not reads(referral.subject)
    refused = refusals(referral.subject)
    assert len(refused) == 2 and {r["reason"] for r in refused} == {"not_partner_member"}
    assert refused[0]["referral"] == str(referral.reference)
    actors = LedgerEntry.objects.filter(kind="personal_data.read_refused").values_list(
        "actor", flat=True
    )
    assert set(actors) == {f"user:{admin.pk}"}
    for action in ("accept", "outcome"):
        url = reverse(f"hyte_referrals:{action}", args=[referral.pk])
        client.post(url, {"outcome": "cancelled", "reason": "other"})
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_superuser_member_may_reveal(world, refer, make_user):
    referral = refer()
    admin = make_user("superuser", partner=world.partner)
    assert services.reveal_contact(referral, user=admin).name == CLIENT["name"]


# --- item 9: withdrawal ----------------------------------------------------------------


def test_withdrawal_after_cancellation_by_the_referrer(world, refer):
    referral = services.report_outcome(
        refer(), user=world.staff, succeeded=False, reason="declined"
    )
    used = agreement_services.quota_status(world.agreement).used
    referral = services.withdraw(referral, user=world.professional)
    assert referral.status == "withdrawn"
    referral.consent.refresh_from_db()
    assert referral.consent.status == "withdrawn"
    assert agreement_services.quota_status(world.agreement).used == used  # slot stays used
    assert entries(referral.subject, "consent.withdrawn")[-1]["role"] == "referrer"


def test_partner_staff_withdraw_in_the_inbox(client, world, refer):
    referral = refer()
    world.professional.is_active = False  # the referrer left
    world.professional.save()
    client.force_login(world.staff)
    detail = client.get(reverse("hyte_referrals:inbox_detail", args=[referral.pk]))
    url = reverse("hyte_referrals:partner_withdraw", args=[referral.pk])
    assert url in detail.content.decode()
    client.force_login(world.other_staff)
    assert client.post(url, {"method": "verbal"}).status_code == 404
    client.force_login(world.staff)
    response = client.post(url, {"method": "written"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    withdrawn = LedgerEntry.objects.for_subject(referral.subject.pk).get(kind="consent.withdrawn")
    assert withdrawn.actor == f"user:{world.staff.pk}"
    assert withdrawn.payload_data["role"] == "partner"
    status = entries(referral.subject, "referral.status_changed")[-1]
    assert status["to"] == "withdrawn" and status["by"] == "partner"


def test_coordinator_records_withdrawal_by_referral_number(client, world, refer):
    referral = services.report_outcome(
        services.accept(refer(), user=world.staff), user=world.staff, succeeded=True
    )
    url = reverse("hyte_referrals:coordinator_withdrawal")
    client.force_login(world.auditor)
    assert client.get(url).status_code in (302, 403)
    client.force_login(world.coordinator)
    found = client.get(url, {"reference": referral.short_reference.lower()})
    assert found.status_code == 200
    assert world.activity.title in found.content.decode()
    assert CLIENT["name"] not in found.content.decode()
    response = client.post(url, {"referral": referral.pk, "method": "electronic"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    withdrawn = LedgerEntry.objects.for_subject(referral.subject.pk).get(kind="consent.withdrawn")
    assert withdrawn.actor == f"user:{world.coordinator.pk}"
    assert withdrawn.payload_data["role"] == "coordinator"
    assert client.post(url, {"referral": "x", "method": "verbal"}).status_code == 404


def test_reads_bind_to_the_referrals_own_consent(world, refer):
    first = refer()
    second = refer(subject=first.subject)
    services.withdraw(first, user=world.professional)
    # Before: the receipt of the withdrawn referral still decrypted through the
    # second referral's consent for the same partner.
    with pytest.raises(ReadRefused):
        services.receipt_details(first, user=world.professional)
    assert refusals(first.subject)[-1]["reason"] == "consent_withdrawn"
    assert refusals(first.subject)[-1]["consent"] == str(first.consent_id)
    assert services.receipt_details(second, user=world.professional).name
    assert services.reveal_contact(second, user=world.staff).name
    assert reads(first.subject)[-1]["consent"] == str(second.consent_id)


# --- item 11: a new referral reopens the business; retention keeps open referrals ------


def test_new_referral_reopens_business_and_retention_keeps_it(world, refer, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "RETENTION_DAYS": 365}
    # Before: retention counted from the first referral's closure and erased the
    # client while the second referral was open.
    first = services.report_outcome(refer(), user=world.staff, succeeded=False, reason="other")
    subject = Subject.objects.get(pk=first.subject_id)
    assert subject.business_closed_at is not None
    second = refer(subject=subject)
    subject.refresh_from_db()
    assert subject.business_closed_at is None
    reopened = entries(subject, "subject.business_reopened")
    assert reopened and reopened[0]["reason"] == "new_consent"
    later = timezone.now() + dt.timedelta(days=400)
    assert enforce_retention(later)["subjects_erased"] == 0
    # An old closure left in place (data from before the fix) does not erase either.
    Subject.objects.filter(pk=subject.pk).update(
        business_closed_at=timezone.now() - dt.timedelta(days=1000)
    )
    result = enforce_retention(later)
    assert result["subjects_erased"] == 0 and result["subjects_kept"] == 1
    assert services.reveal_contact(second, user=world.staff).name == CLIENT["name"]


# --- item 12: the outcome note ---------------------------------------------------------


def test_outcome_note_is_encrypted_shown_and_erased(client, world, refer):
    referral = services.report_outcome(
        refer(), user=world.staff, succeeded=False, reason="other", note=NOTE
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM wagtail_hyte_referrals_referral WHERE id = %s", [referral.pk])
        row = cursor.fetchone()
    assert NOTE.encode() not in b"".join(
        bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode() for v in row
    )
    assert services.outcome_note(referral, user=world.staff) == NOTE
    with pytest.raises(PermissionDenied):
        services.outcome_note(referral, user=world.other_staff)
    client.force_login(world.staff)
    detail = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    assert NOTE in client.get(detail).content.decode()
    assert any(r["purpose"] == "referral.outcome_note" for r in reads(referral.subject))
    erase_subject(referral.subject, "system:test")
    referral.refresh_from_db()
    assert referral.outcome_note_ciphertext is None
    assert NOTE not in client.get(detail).content.decode()


def test_outcome_form_warns_about_personal_data(client, world, refer):
    referral = refer()
    client.force_login(world.staff)
    page = client.get(reverse("hyte_referrals:inbox_detail", args=[referral.pk])).content.decode()
    from django.conf import settings
    from django.utils import translation
    from django.utils.html import escape

    from wagtail_hyte.referrals.forms import NO_PERSONAL_DATA, OutcomeForm

    assert OutcomeForm().fields["note"].help_text == NO_PERSONAL_DATA
    with translation.override(settings.LANGUAGE_CODE):
        assert escape(str(NO_PERSONAL_DATA)) in page


# --- item 14: refused reads leave a trace ---------------------------------------------


def test_cross_partner_reveal_attempt_is_ledgered(client, world, refer):
    referral = refer()
    client.force_login(world.other_staff)
    response = client.post(reverse("hyte_referrals:reveal", args=[referral.pk]))
    assert response.status_code == 404
    refused = refusals(referral.subject)
    assert [r["reason"] for r in refused] == ["not_recipient"]
    entry = LedgerEntry.objects.get(kind="personal_data.read_refused")
    assert entry.actor == f"user:{world.other_staff.pk}"
    assert CLIENT["name"] not in entry.payload and "qwibble" not in entry.payload.lower()


def test_read_after_withdrawal_is_ledgered(client, world, refer):
    referral = refer()
    services.withdraw(referral, user=world.professional)
    client.force_login(world.professional)
    client.get(reverse("hyte_referrals:receipt", args=[referral.pk]))
    assert refusals(referral.subject)[-1]["reason"] == "consent_withdrawn"
    assert refusals(referral.subject)[-1]["purpose"] == "receipt"


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_existing_plaintext_notes(world, refer):
    from django.core.management import call_command

    kept = refer()
    erased = refer(details={"phone": "040 765 9999", "email": ""})
    erase_subject(erased.subject, "system:test")
    table = "wagtail_hyte_referrals_referral"
    call_command("migrate", "wagtail_hyte_referrals", "0001_initial", verbosity=0)
    try:
        with connection.cursor() as cursor:
            for referral in (kept, erased):
                cursor.execute(
                    f"UPDATE {table} SET outcome_note = %s WHERE id = %s",  # noqa: S608
                    [NOTE, referral.pk],
                )
    finally:
        call_command("migrate", "wagtail_hyte_referrals", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        dump = repr(cursor.fetchall())
    assert NOTE not in dump
    kept.refresh_from_db()
    erased.refresh_from_db()
    assert erased.outcome_note_ciphertext is None
    assert services.outcome_note(kept, user=world.staff) == NOTE
