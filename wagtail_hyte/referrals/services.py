"""The business actions on referrals. Views, commands and the API call these only.

Life cycle (each transition one call, one transaction, one ledger entry)::

    sent ──accept──▶ accepted ──report_outcome──▶ succeeded | cancelled(reason)
      │                 │
      ├──report_outcome(cancelled)──────────────▶ cancelled(reason)
      └──withdraw──▶ withdrawn ◀──withdraw── accepted, succeeded

A withdrawal withdraws the client's consent (the partner loses access at once)
and releases the quota slot unless the referral had already succeeded. A
closed referral declares its subject's business closed when no other referral
of the subject is open, so retention erases the personal data later.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_hyte.agreements.models import PartnerAgreement
from wagtail_hyte.agreements.services import release_slot, reserve_slot
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.core.workdays import add_working_days
from wagtail_hyte.ledger.services import (
    append_entry,
    create_subject_with_contact,
    declare_business_closed,
    read_contact_details,
    record_consent,
    update_contact_details,
    withdraw_consent,
)

from . import access, kinds
from .errors import IllegalTransition, ReferralNotPossible
from .models import CancellationReason, Referral, ReferralStatus

S = ReferralStatus
PURPOSE = "referral"
CONTACT_PURPOSE = "referral.contact_client"
RECEIPT_PURPOSE = "receipt"
CONFIRMATION_PURPOSE = "referral.client_confirmation"
NOTE_MAX = 500

TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "accept": {S.ACCEPTED: (S.SENT,)},
    "succeed": {S.SUCCEEDED: (S.ACCEPTED,)},
    "cancel": {S.CANCELLED: (S.SENT, S.ACCEPTED)},
    "withdraw": {S.WITHDRAWN: (S.SENT, S.ACCEPTED, S.SUCCEEDED)},
}


def _action_label(action: str) -> str:
    return {
        "accept": _("accepted"),
        "succeed": _("marked as succeeded"),
        "cancel": _("cancelled"),
        "withdraw": _("withdrawn"),
    }[action]


def allowed_actions(referral: Referral) -> list[str]:
    return [
        action
        for action, moves in TRANSITIONS.items()
        if any(referral.status in sources for sources in moves.values())
    ]


def _check_transition(referral: Referral, action: str) -> str:
    ((target, sources),) = TRANSITIONS[action].items()
    if referral.status not in sources:
        raise IllegalTransition(
            _("A referral that is %(status)s cannot be %(action)s."),
            params={
                "status": referral.get_status_display().lower(),
                "action": _action_label(action),
            },
            code="illegal_transition",
        )
    return target


def _categories(details: dict) -> list[str]:
    categories = ["name"]
    for field in ("phone", "email", "language", "note"):
        if details.get(field):
            categories.append(field)
    if details.get("contact_method") or details.get("contact_time"):
        categories.append("contact_preferences")
    return categories


def _close_business(referral: Referral, at: datetime) -> None:
    others_open = (
        Referral.objects.open().filter(subject_id=referral.subject_id).exclude(pk=referral.pk)
    )
    if not others_open.exists():
        declare_business_closed(referral.subject, at=at, actor="system:referrals")


def due_date_for(agreement, at: datetime):
    return add_working_days(local_date(at), agreement.contact_days)


def agreement_for(activity, at: datetime | None = None):
    """The agreement in force that covers ``activity`` (one query).

    Activation refuses overlapping active agreements of a partner, so there is
    at most one; the quota is checked under the lock by ``reserve_slot``.
    """
    return (
        PartnerAgreement.objects.in_force(local_date(at or timezone.now()))
        .filter(partner_id=activity.organiser_id)
        .filter(Q(covers_all_activities=True) | Q(activities=activity.pk))
        .select_related("partner")
        .order_by("pk")
        .first()
    )


def create_referral(
    *,
    activity,
    professional,
    details: dict,
    notice,
    collection_method: str,
    subject=None,
    confirm_client: bool = False,
    at: datetime | None = None,
) -> Referral:
    """Make a referral to ``activity`` for a client, with the client's consent.

    One transaction: checks the agreement in force, reserves a quota slot under
    the agreement's lock, stores (or updates) the client's contact details and
    the consent in the ledger, creates the referral and appends
    ``referral.created``. The partner is notified after commit, and with
    ``confirm_client`` the client gets a confirmation (email, else SMS). Raises
    ValidationError (QuotaExhausted, AgreementNotInForce, ReferralNotPossible,
    bad details) and writes nothing then.
    """
    if not access.can_make_referrals(professional):
        raise PermissionDenied
    at = at or timezone.now()
    agreement = agreement_for(activity, at)
    if agreement is None:
        raise ReferralNotPossible(
            _("This activity cannot take referrals: no partner agreement in force covers it."),
            code="no_agreement",
        )
    reference = uuid.uuid4()
    with transaction.atomic():
        reservation = reserve_slot(agreement, reference=f"referral:{reference}", at=at)
        if subject is None:
            subject = create_subject_with_contact(details, professional)
        else:
            update_contact_details(subject, details, professional)
        consent = record_consent(
            subject,
            recipient=agreement.partner,
            purpose=PURPOSE,
            data_categories=_categories(details),
            notice=notice,
            collection_method=collection_method,
            recorded_by=professional,
            given_at=min(at, timezone.now()),
        )
        referral = Referral.objects.create(
            reference=reference,
            activity=activity,
            partner=agreement.partner,
            agreement=agreement,
            agreement_version=reservation.agreement_version,
            professional=professional,
            subject=subject,
            consent=consent,
            status=S.SENT,
            due_date=due_date_for(agreement, at),
            sent_at=at,
        )
        append_entry(
            kinds.REFERRAL_CREATED,
            professional,
            [subject],
            {
                "referral": str(referral.reference),
                "activity": str(activity.pk),
                "partner": str(agreement.partner_id),
                "agreement": str(agreement.pk),
                "agreement_version": str(referral.agreement_version),
                "consent": str(consent.pk),
                "status": S.SENT,
                "due": referral.due_date.isoformat(),
            },
            at=at,
        )
        transaction.on_commit(lambda: _notify("notify_partner_task", referral.pk))
        if confirm_client:
            transaction.on_commit(lambda: _notify("confirm_client_task", referral.pk))
    return referral


def _notify(task_name: str, referral_id: int) -> None:
    from . import tasks

    getattr(tasks, task_name).enqueue(referral_id)


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("subject").get(pk=referral.pk)


def _status_entry(referral: Referral, actor, old: str, at: datetime, **extra) -> None:
    payload = {"referral": str(referral.reference), "from": old, "to": referral.status}
    payload.update({k: v for k, v in extra.items() if v})
    append_entry(kinds.REFERRAL_STATUS_CHANGED, actor, [referral.subject], payload, at=at)


def accept(referral: Referral, *, user, at: datetime | None = None) -> Referral:
    """The partner takes the referral on (sent -> accepted)."""
    if not access.may_handle(user, referral):
        raise PermissionDenied
    at = at or timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        target = _check_transition(referral, "accept")
        old, referral.status = referral.status, target
        referral.accepted_at = at
        referral.first_action_at = referral.first_action_at or at
        referral.save()
        _status_entry(referral, user, old, at)
    return referral


def report_outcome(
    referral: Referral,
    *,
    user,
    succeeded: bool,
    reason: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Referral:
    """The partner reports the outcome: succeeded, or cancelled with a reason.

    The referring professional is emailed after commit; the subject's business
    is declared closed.
    """
    if not access.may_handle(user, referral):
        raise PermissionDenied
    at = at or timezone.now()
    note = (note or "").strip()
    errors = {}
    if not succeeded and reason not in CancellationReason.values:
        errors["reason"] = _("Choose why the referral was cancelled.")
    if succeeded and reason:
        errors["reason"] = _("A succeeded referral has no cancellation reason.")
    if len(note) > NOTE_MAX:
        errors["note"] = _("The note can have at most %(max)s characters.") % {"max": NOTE_MAX}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = _locked(referral)
        target = _check_transition(referral, "succeed" if succeeded else "cancel")
        old, referral.status = referral.status, target
        if succeeded:
            referral.succeeded_at = at
        else:
            referral.cancelled_at = at
            referral.cancellation_reason = reason
        referral.outcome_note = note
        referral.first_action_at = referral.first_action_at or at
        referral.save()
        _status_entry(referral, user, old, at, reason=referral.cancellation_reason)
        _close_business(referral, at)
        transaction.on_commit(lambda: _notify("notify_professional_task", referral.pk))
    return referral


def withdraw(
    referral: Referral, *, user, method: str = "verbal", at: datetime | None = None
) -> Referral:
    """The client withdraws consent (recorded by the referring professional).

    The consent is withdrawn in the ledger, so the partner's reveal is refused
    from now on; the quota slot is released unless the referral had succeeded.
    """
    if not access.is_referrer(user, referral):
        raise PermissionDenied
    at = at or timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        target = _check_transition(referral, "withdraw")
        old, referral.status = referral.status, target
        referral.withdrawn_at = at
        referral.save()
        withdraw_consent(referral.consent, withdrawn_by=user, method=method, at=at)
        if old != S.SUCCEEDED:
            release_slot(f"referral:{referral.reference}", reason="consent_withdrawn", at=at)
        _status_entry(referral, user, old, at)
        _close_business(referral, at)
    return referral


def reveal_contact(referral: Referral, *, user):
    """Decrypt the client's contact details for the receiving partner's staff.

    Logged in the ledger as ``personal_data.read``; refused (ReadRefused, a
    PermissionDenied) once the consent is withdrawn, and for closed referrals.
    """
    if not access.may_handle(user, referral):
        raise PermissionDenied
    referral = Referral.objects.select_related("subject", "partner").get(pk=referral.pk)
    if not referral.is_open:
        raise PermissionDenied(_("Contact details are shown for open referrals only."))
    return read_contact_details(referral.subject, user, CONTACT_PURPOSE, recipient=referral.partner)


def receipt_details(referral: Referral, *, user):
    """The contact details for the client's receipt, read by the referrer (logged)."""
    if not access.is_referrer(user, referral):
        raise PermissionDenied
    return read_contact_details(referral.subject, user, RECEIPT_PURPOSE, recipient=referral.partner)
