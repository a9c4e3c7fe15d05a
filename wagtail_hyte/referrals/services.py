"""The business actions on referrals. Views, commands and the API call these only.

Life cycle (each transition one call, one transaction, one ledger entry)::

    sent ──accept──▶ accepted ──report_outcome──▶ succeeded | cancelled(reason)
      │                 │
      ├──report_outcome(cancelled)──────────────▶ cancelled(reason)
      └──withdraw──▶ withdrawn ◀──withdraw── accepted, succeeded, cancelled

A withdrawal withdraws the client's consent (the partner loses access at once)
and releases the quota slot of an open referral. The referrer, the receiving
partner's staff and a coordinator may record it. The receiving partner's
access is cut while it is deactivated or has no agreement in force (see
``access.partner_cut``). Every read is bound to the referral's own consent. A
closed referral declares its subject's business closed when no other referral
of the subject is open, so retention erases the personal data later.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail_hyte.agreements.intake import check_intake_open
from wagtail_hyte.agreements.models import PartnerAgreement
from wagtail_hyte.agreements.services import release_slot, reserve_slot
from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.core.sensitive import sensitive_variables
from wagtail_hyte.core.workdays import add_working_days
from wagtail_hyte.ledger.contact import note_error
from wagtail_hyte.ledger.services import (
    ReadRefused,
    append_entry,
    create_subject_with_contact,
    declare_business_closed,
    read_contact_details,
    read_sealed_text,
    record_consent,
    record_read_refused,
    seal_text,
    withdraw_consent,
)

from . import access, kinds, purposes
from .errors import IllegalTransition, PartnerAccessCut, ReferralNotPossible
from .models import (
    OPEN_STATUSES,
    CancellationReason,
    ContactAttempt,
    ContactAttemptMethod,
    ContactAttemptResult,
    Referral,
    ReferralStatus,
)
from .notices import NOTICE_CHANGED

S = ReferralStatus
PURPOSE = purposes.REFERRAL
CONTACT_PURPOSE = purposes.CONTACT_CLIENT
RECEIPT_PURPOSE = purposes.RECEIPT
NOTE_PURPOSE = purposes.OUTCOME_NOTE

TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "accept": {S.ACCEPTED: (S.SENT,)},
    "succeed": {S.SUCCEEDED: (S.ACCEPTED,)},
    "cancel": {S.CANCELLED: (S.SENT, S.ACCEPTED)},
    "withdraw": {S.WITHDRAWN: (S.SENT, S.ACCEPTED, S.SUCCEEDED, S.CANCELLED)},
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
        .covering(activity)
        .select_related("partner")
        .order_by("pk")
        .first()
    )


def own_clients(professional):
    """Subjects of referrals ``professional`` made (the only clients they may reuse)."""
    from wagtail_hyte.ledger.models import Subject

    return Subject.objects.filter(
        erased_at__isnull=True,
        pk__in=Referral.objects.filter(professional=professional).values("subject_id"),
    )


@sensitive_variables()
def create_referral(
    *,
    activity,
    professional,
    details: dict,
    notice,
    collection_method: str,
    subject=None,
    confirm_client: bool = False,
    feedback_requested: bool = False,
    at: datetime | None = None,
    shown_notice_sha256: str | None = None,
) -> Referral:
    """Make a referral to ``activity`` for a client, with the client's consent.

    One transaction: checks the agreement in force, reserves a quota slot under
    the agreement's lock, stores the client's contact details (for a returning
    client, a new version bound to the new consent, never overwriting) and
    the consent in the ledger, creates the referral and appends
    ``referral.created``. The partner is notified after commit, and with
    ``confirm_client`` the client gets a confirmation (email, else SMS). With
    ``feedback_requested`` the client agreed to one feedback request when the
    referral closes (``feedback.invite_feedback``). Raises
    ValidationError (QuotaExhausted, AgreementNotInForce, IntakePaused, ReferralNotPossible,
    bad details) and writes nothing then. With ``shown_notice_sha256`` (the
    hash of the notice text the client was shown) the consent is refused when
    the notice changed since; the consent cites exactly the notice shown.
    """
    if not access.can_make_referrals(professional):
        raise PermissionDenied
    if subject is not None and not own_clients(professional).filter(pk=subject.pk).exists():
        # Reuse is offered only among the professional's own clients.
        raise PermissionDenied
    if notice is None:
        raise ReferralNotPossible(
            _("No consent notice has been published. Ask the coordinator to add one."),
            code="no_notice",
        )
    at = at or timezone.now()
    agreement = agreement_for(activity, at)
    if agreement is None:
        raise ReferralNotPossible(
            _("This activity cannot take referrals: no partner agreement in force covers it."),
            code="no_agreement",
        )
    reference = uuid.uuid4()
    with transaction.atomic():
        if shown_notice_sha256 is not None:
            notice = type(notice).objects.select_for_update().get(pk=notice.pk)
            if notice.text_sha256 != shown_notice_sha256:
                raise ValidationError(NOTICE_CHANGED, code="notice_changed")
        reservation = reserve_slot(agreement, reference=f"referral:{reference}", at=at)
        check_intake_open(activity, local_date(at))  # under the agreement's lock
        if subject is None:
            subject = create_subject_with_contact(details, professional)
            version = None
        else:
            # A returning client: the details given now are a new version bound
            # to the new consent; other referrals keep what their consent covered.
            version = details
        consent = record_consent(
            subject,
            recipient=agreement.partner,
            purpose=PURPOSE,
            data_categories=_categories(details),
            notice=notice,
            collection_method=collection_method,
            recorded_by=professional,
            given_at=min(at, timezone.now()),
            contact_details=version,
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
            feedback_requested=bool(feedback_requested),
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
                "feedback": referral.feedback_requested,
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


# A referral that closed with these statuses may get its feedback request; a
# withdrawn one never (consent withdrawn: no further contact).
FEEDBACK_STATUSES = (S.SUCCEEDED, S.CANCELLED)


def feedback_due(referral: Referral) -> bool:
    """The client gets the one feedback request for ``referral`` now: they agreed
    to it, feedback is on (``FEEDBACK_ENABLED``), the referral closed as
    succeeded or cancelled and no request was sent yet. ``feedback.invite_feedback``
    asks again under the referral's lock (and the ledger refuses the read after
    withdrawal or erasure)."""
    return bool(
        referral.feedback_requested
        and hyte_settings.FEEDBACK_ENABLED
        and referral.status in FEEDBACK_STATUSES
        and referral.feedback_sent_at is None
    )


def _queue_feedback(referral: Referral) -> None:
    """Inside a closing transaction: queue the feedback request after commit."""
    if feedback_due(referral):
        transaction.on_commit(lambda: _notify("invite_feedback_task", referral.pk))


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update()
        .select_related("subject", "partner", "agreement")
        .get(pk=referral.pk)
    )


def _status_entry(referral: Referral, actor, old: str, at: datetime, **extra) -> None:
    payload = {"referral": str(referral.reference), "from": old, "to": referral.status}
    payload.update({k: v for k, v in extra.items() if v})
    append_entry(kinds.REFERRAL_STATUS_CHANGED, actor, [referral.subject], payload, at=at)


CUT_MESSAGES = {
    access.PARTNER_INACTIVE: gettext_lazy(
        "The partner has been deactivated: its access to referrals is cut."
    ),
    access.AGREEMENT_SUSPENDED: gettext_lazy(
        "The partner agreement of this referral is suspended: contact details cannot be "
        "shown and the referral cannot be accepted."
    ),
    access.NO_AGREEMENT_IN_FORCE: gettext_lazy(
        "The partner has no agreement in force: contact details cannot be shown and the "
        "referral cannot be accepted."
    ),
}


def _check_partner_access(referral: Referral, action: str) -> None:
    reason = access.partner_cut(referral, action)
    if reason:
        raise PartnerAccessCut(str(CUT_MESSAGES[reason]), reason)


def accept(referral: Referral, *, user, at: datetime | None = None) -> Referral:
    """The partner takes the referral on (sent -> accepted).

    Refused (PartnerAccessCut) while the partner is deactivated or has no
    agreement in force, or the referral's agreement is suspended.
    """
    if not access.may_handle(user, referral):
        raise PermissionDenied
    at = at or timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        _check_partner_access(referral, "accept")
        target = _check_transition(referral, "accept")
        old, referral.status = referral.status, target
        referral.accepted_at = at
        referral.first_action_at = referral.first_action_at or at
        referral.save()
        _status_entry(referral, user, old, at)
    return referral


def _note_label(referral: Referral) -> str:
    return f"referral_note:{referral.reference}"


def validate_outcome(*, succeeded: bool, reason: str = "", note: str = "") -> None:
    """The rules of an outcome report; one ValidationError naming every bad field.

    ``report_outcome`` calls it; the outcome form calls it too and maps the
    errors to its fields.
    """
    errors = {}
    if not succeeded and reason not in CancellationReason.values:
        errors["reason"] = _("Choose why the referral was cancelled.")
    if succeeded and reason:
        errors["reason"] = _("A succeeded referral has no cancellation reason.")
    if message := note_error((note or "").strip()):
        errors["note"] = message
    if errors:
        raise ValidationError(errors)


@sensitive_variables()
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

    The note is encrypted with the client's data key (erasure makes it
    unreadable). Refused (PartnerAccessCut) while the partner is deactivated;
    allowed when the agreement is suspended or ended. The referring
    professional is emailed after commit; the subject's business is declared
    closed.
    """
    if not access.may_handle(user, referral):
        raise PermissionDenied
    at = at or timezone.now()
    note = (note or "").strip()
    validate_outcome(succeeded=succeeded, reason=reason, note=note)
    with transaction.atomic():
        referral = _locked(referral)
        _check_partner_access(referral, "outcome")
        target = _check_transition(referral, "succeed" if succeeded else "cancel")
        old, referral.status = referral.status, target
        if succeeded:
            referral.succeeded_at = at
        else:
            referral.cancelled_at = at
            referral.cancellation_reason = reason
        try:
            referral.outcome_note_ciphertext = seal_text(
                referral.subject, note, label=_note_label(referral)
            )
        except ReadRefused:
            raise ValidationError(
                {"note": _("The client's data has been erased; leave the note empty.")}
            ) from None
        referral.first_action_at = referral.first_action_at or at
        referral.save()
        _status_entry(referral, user, old, at, reason=referral.cancellation_reason, note=bool(note))
        _close_business(referral, at)
        transaction.on_commit(lambda: _notify("notify_professional_task", referral.pk))
        _queue_feedback(referral)
    return referral


def log_contact_attempt(
    referral: Referral, *, user, method: str, result: str, at: datetime | None = None
) -> ContactAttempt:
    """The partner's staff log an attempt to reach the client (open referrals).

    Counts as the partner's first action; ledgered (``referral.contact_attempt``,
    codes only). Refused like reporting the outcome: PermissionDenied for
    anyone but the receiving partner's staff, PartnerAccessCut while the
    partner is deactivated, ValidationError on a closed referral or an
    unknown method or result.
    """
    if not access.may_handle(user, referral):
        raise PermissionDenied
    errors = {}
    if method not in ContactAttemptMethod.values:
        errors["method"] = ValidationError(_("Choose how you tried to reach the client."))
    if result not in ContactAttemptResult.values:
        errors["result"] = ValidationError(_("Choose what happened."))
    if errors:
        raise ValidationError(errors)
    at = at or timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        _check_partner_access(referral, "outcome")
        if not referral.is_open:
            raise ValidationError(_("Contact attempts are logged for open referrals only."))
        attempt = ContactAttempt.objects.create(
            referral=referral, at=at, method=method, result=result, recorded_by=user
        )
        if referral.first_action_at is None:
            referral.first_action_at = at
            referral.save(update_fields=["first_action_at"])
        append_entry(
            kinds.CONTACT_ATTEMPT,
            user,
            [referral.subject_id],
            {"referral": str(referral.reference), "method": method, "result": result},
            at=at,
        )
    return attempt


def withdraw(
    referral: Referral, *, user, method: str = "verbal", at: datetime | None = None
) -> Referral:
    """Record that the client withdrew consent, from any status but withdrawn.

    The referring professional, the receiving partner's staff (whatever the
    partner's or agreement's status: withdrawal only takes access away) and a
    coordinator may record it; the ledger entries name the actor and the role.
    The consent is withdrawn in the ledger, so every read through it is refused
    from now on; the quota slot of an open referral is released. Unless the
    partner's staff recorded it, the partner's notification addresses are told
    (after commit): not to contact the client, and to delete any copies.
    """
    role = access.withdrawal_role(user, referral)
    if not role:
        raise PermissionDenied
    at = at or timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        target = _check_transition(referral, "withdraw")
        old, referral.status = referral.status, target
        referral.withdrawn_at = at
        referral.save()
        withdraw_consent(referral.consent, withdrawn_by=user, method=method, at=at, role=role)
        if old in OPEN_STATUSES:
            release_slot(f"referral:{referral.reference}", reason="consent_withdrawn", at=at)
        _status_entry(referral, user, old, at, by=role)
        _close_business(referral, at)
        if role != "partner":  # the partner's staff recorded it themselves: they know
            transaction.on_commit(lambda: _notify("notify_partner_of_withdrawal_task", referral.pk))
    return referral


def _refuse(referral: Referral, user, reason: str, purpose: str) -> None:
    record_read_refused(
        user,
        referral.subject_id,
        reason,
        purpose=purpose,
        referral=referral,
        consent=referral.consent_id,
        recipient=referral.partner_id,
    )


def refuse_reveal_of_other(user, **lookup) -> None:
    """A reveal asked for a referral outside ``user``'s inbox (another partner's,
    ``lookup`` by ``pk`` or ``reference``): the caller answers "not found", and the
    attempt is ledgered as a refused read (``not_recipient``) if the referral exists.
    The admin's "Show contact details", the REST API and FHIR ``$reveal`` call it."""
    other = Referral.objects.filter(**lookup).only("pk", "subject_id").first()
    if other is not None:
        record_read_refused(
            user, other.subject_id, "not_recipient", purpose=CONTACT_PURPOSE, referral=other
        )


def check_reveal(referral: Referral, *, user) -> Referral:
    """Whether ``user`` may see the client's contact details of ``referral`` now.

    The rule ``reveal_contact`` applies before every read: only members of the
    receiving partner (superusers are not), while the referral is open and the
    partner active with an agreement in force. Returns the referral fresh from
    the database; a refusal is logged as ``personal_data.read_refused`` and
    raises PermissionDenied (PartnerAccessCut and a closed referral carry a
    message). The partner's page calls it on "Show contact details" before the
    next page view reads the details (through ``reveal_contact``).
    """
    referral = Referral.objects.select_related("subject", "partner", "agreement").get(
        pk=referral.pk
    )
    if not access.may_handle(user, referral):
        _refuse(referral, user, "not_partner_member", CONTACT_PURPOSE)
        raise PermissionDenied
    if not referral.is_open:
        _refuse(referral, user, "referral_closed", CONTACT_PURPOSE)
        raise PermissionDenied(_("Contact details are shown for open referrals only."))
    cut = access.partner_cut(referral, "reveal")
    if cut:
        _refuse(referral, user, cut, CONTACT_PURPOSE)
        raise PartnerAccessCut(str(CUT_MESSAGES[cut]), cut)
    return referral


@sensitive_variables()
def reveal_contact(referral: Referral, *, user):
    """Decrypt the client's contact details for the receiving partner's staff.

    Allowed as ``check_reveal`` says, and only while the referral's own consent
    is in force. Logged as ``personal_data.read``; every refusal is logged as
    ``personal_data.read_refused`` and raises PermissionDenied (ReadRefused and
    PartnerAccessCut carry a message).
    """
    referral = check_reveal(referral, user=user)
    return read_contact_details(
        referral.subject,
        user,
        CONTACT_PURPOSE,
        recipient=referral.partner,
        consent=referral.consent,
        referral=referral,
    )


@sensitive_variables()
def receipt_details(referral: Referral, *, user):
    """The contact details for the client's receipt, read by the referrer (logged),
    through the referral's own consent."""
    if not access.is_referrer(user, referral):
        _refuse(referral, user, "not_referrer", RECEIPT_PURPOSE)
        raise PermissionDenied
    return read_contact_details(
        referral.subject,
        user,
        RECEIPT_PURPOSE,
        recipient=referral.partner,
        consent=referral.consent,
        referral=referral,
    )


@sensitive_variables()
def outcome_note(referral: Referral, *, user) -> str:
    """The partner's outcome note, decrypted for the receiving partner's staff (logged).

    Empty when there is none; raises PermissionDenied for anyone else and
    ReadRefused once the client's data is erased.
    """
    if not referral.outcome_note_ciphertext:
        return ""
    if not access.may_handle(user, referral):
        _refuse(referral, user, "not_partner_member", NOTE_PURPOSE)
        raise PermissionDenied
    return read_sealed_text(
        referral.subject,
        bytes(referral.outcome_note_ciphertext),
        user,
        NOTE_PURPOSE,
        label=_note_label(referral),
        referral=referral,
    )
