"""The referral life cycle: creation, every transition legal and illegal, quota, withdrawal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wagtail_hyte.agreements import services as agreement_services
from wagtail_hyte.agreements.errors import QuotaExhausted
from wagtail_hyte.agreements.models import QuotaReservation
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.core.workdays import add_working_days
from wagtail_hyte.ledger.models import ConsentRecord, ConsentStatus, LedgerEntry, Subject
from wagtail_hyte.ledger.services import ReadRefused, read_contact_details
from wagtail_hyte.ledger.verification import verify_chain
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.errors import IllegalTransition, ReferralNotPossible
from wagtail_hyte.referrals.models import Referral

from .conftest import CLIENT


def kinds_for(subject):
    return list(LedgerEntry.objects.for_subject(subject.pk).values_list("kind", flat=True))


def test_create_records_everything(world, refer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer()
    assert referral.status == "sent"
    assert referral.partner == world.partner
    assert referral.agreement == world.agreement
    assert (
        referral.agreement_version == agreement_services.current_version(world.agreement).history_id
    )
    assert referral.due_date == add_working_days(local_date(), 5)
    assert referral.consent.recipient == world.partner
    assert referral.consent.status == ConsentStatus.GIVEN
    assert {"name", "phone", "email", "contact_preferences", "language", "note"} == set(
        referral.consent.data_categories
    )
    assert QuotaReservation.objects.get(reference=f"referral:{referral.reference}")
    assert kinds_for(referral.subject) == [
        "personal_data.stored",
        "consent.given",
        "referral.created",
    ]
    assert agreement_services.quota_status(world.agreement).used == 1
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"inbox@partner.invalid", "staff@partner.invalid"}
    assert f"/admin/hyte/referrals/inbox/{referral.pk}/" in mail.outbox[0].body


def test_due_date_counts_working_days_from_the_referral_day(world):
    from zoneinfo import ZoneInfo

    helsinki = ZoneInfo("Europe/Helsinki")
    friday_before_christmas = timezone.datetime(2026, 12, 18, 12, 0, tzinfo=helsinki)
    # Mon 21, Tue 22, Wed 23, (Christmas Eve to Sunday off), Mon 28, Tue 29
    assert services.due_date_for(world.agreement, friday_before_christmas).isoformat() == (
        "2026-12-29"
    )
    # 23:30 UTC on Sunday is already Monday in Helsinki
    late_sunday_utc = timezone.datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert services.due_date_for(world.agreement, late_sunday_utc).isoformat() == "2026-11-30"


def test_existing_client_is_reused(world, refer):
    first = refer()
    second = refer(subject=first.subject)
    assert second.subject == first.subject
    assert Subject.objects.count() == 1
    assert second.consent != first.consent


def test_only_professionals_create(world, refer):
    for user in (world.staff, world.coordinator, world.editor, world.auditor):
        with pytest.raises(PermissionDenied):
            refer(professional=user)
    assert not Referral.objects.exists()


def test_quota_exhaustion_creates_nothing(world, refer, make_agreement, make_activity):
    agreement = make_agreement(status="active", quota=1, notification_emails="")
    activity = make_activity(organiser=agreement.partner)
    refer(activity=activity)
    counts = (
        Subject.objects.count(),
        ConsentRecord.objects.count(),
        Referral.objects.count(),
        LedgerEntry.objects.count(),
        QuotaReservation.objects.count(),
    )
    with pytest.raises(QuotaExhausted) as caught:
        refer(activity=activity, details={"phone": "040 111 2222"})
    assert caught.value.code == "quota_full" and caught.value.messages[0]
    assert counts == (
        Subject.objects.count(),
        ConsentRecord.objects.count(),
        Referral.objects.count(),
        LedgerEntry.objects.count(),
        QuotaReservation.objects.count(),
    )


def test_no_agreement_in_force(world, refer, make_agreement, make_activity, make_partner):
    partner = make_partner()
    make_agreement(partner, status="suspended")
    with pytest.raises(ReferralNotPossible):
        refer(activity=make_activity(organiser=partner))
    assert not Referral.objects.exists()


def test_bad_details_write_nothing(world, refer):
    entries = LedgerEntry.objects.count()
    with pytest.raises(ValidationError):
        refer(details={"phone": "12", "email": ""})
    assert not Referral.objects.exists()
    assert not QuotaReservation.objects.exists()
    assert LedgerEntry.objects.count() == entries


def test_accept_then_succeed(world, refer, django_capture_on_commit_callbacks):
    referral = services.accept(refer(), user=world.staff)
    assert referral.status == "accepted"
    assert referral.accepted_at and referral.first_action_at == referral.accepted_at
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.report_outcome(referral, user=world.staff, succeeded=True)
    assert referral.status == "succeeded" and referral.succeeded_at
    kinds = kinds_for(referral.subject)
    assert kinds[-3:] == [
        "referral.status_changed",
        "referral.status_changed",
        "subject.business_closed",
    ]
    assert mail.outbox[0].to == [world.professional.email]
    assert referral.short_reference in mail.outbox[0].subject


@pytest.mark.parametrize(
    "reason", ["not_reached", "declined", "life_changed", "wrong_referral", "other"]
)
def test_cancel_from_sent_with_each_reason(world, refer, reason):
    referral = services.report_outcome(
        refer(), user=world.staff, succeeded=False, reason=reason, note="Ei tavoitettu."
    )
    assert referral.status == "cancelled"
    assert referral.cancellation_reason == reason
    assert referral.cancelled_at and referral.first_action_at
    entry = (
        LedgerEntry.objects.for_subject(referral.subject.pk)
        .filter(kind="referral.status_changed")
        .get()
    )
    assert entry.payload_data["reason"] == reason


def test_cancel_needs_a_reason_and_short_note(world, refer):
    referral = refer()
    with pytest.raises(ValidationError) as caught:
        services.report_outcome(referral, user=world.staff, succeeded=False)
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.report_outcome(
            referral, user=world.staff, succeeded=False, reason="other", note="x" * 501
        )
    assert "note" in caught.value.message_dict
    referral.refresh_from_db()
    assert referral.status == "sent"


ILLEGAL = [
    # (set-up steps, action)
    (["accept"], "accept"),
    ([], "succeed"),
    (["accept", "succeed"], "succeed"),
    (["accept", "succeed"], "cancel"),
    (["accept", "succeed"], "accept"),
    (["cancel"], "accept"),
    (["cancel"], "cancel"),
    (["withdraw"], "withdraw"),
    (["withdraw"], "accept"),
    (["withdraw"], "cancel"),
    (["accept", "withdraw"], "succeed"),
    (["cancel", "withdraw"], "withdraw"),
]


def run(action, referral, world):
    if action == "accept":
        return services.accept(referral, user=world.staff)
    if action == "succeed":
        return services.report_outcome(referral, user=world.staff, succeeded=True)
    if action == "cancel":
        return services.report_outcome(
            referral, user=world.staff, succeeded=False, reason="declined"
        )
    return services.withdraw(referral, user=world.professional)


@pytest.mark.parametrize(("steps", "action"), ILLEGAL)
def test_illegal_transitions_raise_and_change_nothing(world, refer, steps, action):
    referral = refer()
    for step in steps:
        referral = run(step, referral, world)
    entries = LedgerEntry.objects.count()
    status = referral.status
    with pytest.raises(IllegalTransition) as caught:
        run(action, referral, world)
    assert caught.value.code == "illegal_transition" and caught.value.messages[0]
    referral.refresh_from_db()
    assert referral.status == status
    assert LedgerEntry.objects.count() == entries


def test_allowed_actions(world, refer):
    referral = refer()
    assert services.allowed_actions(referral) == ["accept", "cancel", "withdraw"]
    referral = run("accept", referral, world)
    assert services.allowed_actions(referral) == ["succeed", "cancel", "withdraw"]
    referral = run("succeed", referral, world)
    assert services.allowed_actions(referral) == ["withdraw"]
    cancelled = run("cancel", refer(), world)
    assert services.allowed_actions(cancelled) == ["withdraw"]  # withdrawal from every status


def test_withdraw_releases_slot_and_blocks_reveal(world, refer):
    referral = refer()
    contact = services.reveal_contact(referral, user=world.staff)
    assert contact.name == CLIENT["name"]
    assert agreement_services.quota_status(world.agreement).used == 1
    referral = services.withdraw(referral, user=world.professional, method="written")
    assert referral.status == "withdrawn" and referral.withdrawn_at
    assert agreement_services.quota_status(world.agreement).used == 0
    referral.consent.refresh_from_db()
    assert referral.consent.status == ConsentStatus.WITHDRAWN
    with pytest.raises(PermissionDenied):
        services.reveal_contact(referral, user=world.staff)
    with pytest.raises(ReadRefused):
        read_contact_details(
            referral.subject, world.staff, "referral.contact_client", recipient=world.partner
        )
    kinds = kinds_for(referral.subject)
    assert "consent.withdrawn" in kinds and "subject.business_closed" in kinds


def test_withdraw_after_success_keeps_the_slot(world, refer):
    referral = run("succeed", run("accept", refer(), world), world)
    services.withdraw(referral, user=world.professional)
    assert agreement_services.quota_status(world.agreement).used == 1


def test_business_closed_only_when_no_other_referral_is_open(world, refer):
    first = refer()
    second = refer(subject=first.subject)
    run("cancel", first, world)
    assert "subject.business_closed" not in kinds_for(first.subject)
    run("cancel", second, world)
    assert kinds_for(first.subject).count("subject.business_closed") == 1


def test_who_may_act(world, refer):
    referral = refer()
    for user in (
        world.other_staff,
        world.professional,
        world.coordinator,
        world.auditor,
        world.editor,
    ):
        with pytest.raises(PermissionDenied):
            services.accept(referral, user=user)
        with pytest.raises(PermissionDenied):
            services.reveal_contact(referral, user=user)
        with pytest.raises(PermissionDenied):
            services.report_outcome(referral, user=user, succeeded=False, reason="other")
    # The receiving partner's staff and coordinators may record a withdrawal (issue 10 #9).
    for user in (world.professional2, world.other_staff, world.auditor, world.editor):
        with pytest.raises(PermissionDenied):
            services.withdraw(referral, user=user)
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_reveal_is_logged(world, refer):
    referral = refer()
    services.reveal_contact(referral, user=world.staff)
    read = LedgerEntry.objects.for_subject(referral.subject.pk).get(kind="personal_data.read")
    assert read.payload_data["purpose"] == "referral.contact_client"
    assert read.payload_data["recipient"] == str(world.partner.pk)


def test_closed_referral_hides_contact(world, refer):
    referral = run("cancel", refer(), world)
    with pytest.raises(PermissionDenied):
        services.reveal_contact(referral, user=world.staff)


def test_overdue_flag_and_reminders_once(world, refer, django_capture_on_commit_callbacks):
    from wagtail_hyte.referrals.notifications import send_overdue_reminders

    past = timezone.now() - timedelta(days=20)
    late = refer(at=past)
    fresh = refer(details={"email": "other-client@example.invalid"})
    answered = refer(at=past, details={"email": "third@example.invalid"})
    run("accept", answered, world)
    assert late.overdue and not fresh.overdue
    assert list(Referral.objects.overdue()) == [late]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_reminders() == [late]
    assert len(mail.outbox) == 1
    assert late.short_reference in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_reminders() == []
    assert len(mail.outbox) == 1


def test_reminder_command_and_task(world, refer, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    from wagtail_hyte.referrals.tasks import referral_reminders_task

    late = refer(at=timezone.now() - timedelta(days=20))
    out = StringIO()
    call_command("hyte_referral_reminders", "--dry-run", stdout=out)
    assert late.short_reference in out.getvalue()
    late.refresh_from_db()
    assert late.reminded_at is None
    with django_capture_on_commit_callbacks(execute=True):
        result = referral_reminders_task.enqueue()
    assert result.return_value == 1
    late.refresh_from_db()
    assert late.reminded_at is not None


def test_ledger_verifies_after_all_flows(world, refer):
    run("succeed", run("accept", refer(), world), world)
    run("cancel", refer(details={"email": "b@example.invalid"}), world)
    services.withdraw(refer(details={"email": "c@example.invalid"}), user=world.professional)
    services.reveal_contact(refer(details={"email": "d@example.invalid"}), user=world.staff)
    assert verify_chain(record=False).ok


def test_create_referral_query_count(world, refer, django_assert_max_num_queries):
    refer(details={"email": "warm-up@example.invalid"})
    professional = type(world.professional).objects.get(pk=world.professional.pk)
    refer(professional=professional, details={"email": "warm-up2@example.invalid"})
    with django_assert_max_num_queries(36):
        refer(professional=professional)
