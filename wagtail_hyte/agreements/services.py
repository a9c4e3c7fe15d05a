"""The business actions on partner agreements. Views and commands call these only.

Status transitions (each one transaction and one history version with its user
and reason)::

    draft ──activate──▶ active ──suspend──▶ suspended ──resume──▶ active
      │                   │                     │
      └──────end──────────┴─────────end─────────┴──▶ ended

Quota slots are reserved inside the caller's transaction under a row lock on
the agreement (``SELECT ... FOR UPDATE``), so concurrent requests on any number
of app servers cannot exceed the quota; the count is always read from the
reservations themselves, never from a counter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail_hyte.core.periods import Period, local_date, period_containing

from .errors import AgreementNotInForce, IllegalTransition, QuotaExhausted
from .models import AgreementStatus, PartnerAgreement, QuotaReservation

S = AgreementStatus
TRANSITIONS: dict[str, dict[str, str]] = {
    "activate": {S.DRAFT: S.ACTIVE},
    "suspend": {S.ACTIVE: S.SUSPENDED},
    "resume": {S.SUSPENDED: S.ACTIVE},
    "end": {S.DRAFT: S.ENDED, S.ACTIVE: S.ENDED, S.SUSPENDED: S.ENDED},
}


def allowed_actions(agreement: PartnerAgreement) -> list[str]:
    return [action for action, moves in TRANSITIONS.items() if agreement.status in moves]


def _save_version(agreement: PartnerAgreement, user, reason: str) -> None:
    agreement._history_user = user
    agreement._change_reason = reason or ""
    agreement.save()


def check_transition(agreement: PartnerAgreement, action: str) -> None:
    """Raise IllegalTransition unless ``action`` is allowed from the agreement's status
    (the confirmation page asks before showing its form; ``_transition`` under the lock)."""
    if agreement.status not in TRANSITIONS[action]:
        raise IllegalTransition(
            _("An agreement that is %(status)s cannot be %(action)s."),
            params={
                "status": agreement.get_status_display().lower(),
                "action": ACTION_PAST[action](),
            },
            code="illegal_transition",
        )


def _transition(agreement_id: int, action: str, user, reason: str) -> PartnerAgreement:
    with transaction.atomic():
        agreement = PartnerAgreement.objects.select_for_update().get(pk=agreement_id)
        check_transition(agreement, action)
        target = TRANSITIONS[action][agreement.status]
        if target == S.ACTIVE:
            validate_activation(agreement)
        agreement.status = target
        _save_version(agreement, user, reason)
        return agreement


ACTION_PAST = {
    "activate": lambda: _("activated"),
    "suspend": lambda: _("suspended"),
    "resume": lambda: _("resumed"),
    "end": lambda: _("ended"),
}


def activate(agreement: PartnerAgreement, *, user=None, reason: str = "") -> PartnerAgreement:
    return _transition(agreement.pk, "activate", user, reason)


def suspend(agreement: PartnerAgreement, *, user=None, reason: str = "") -> PartnerAgreement:
    return _transition(agreement.pk, "suspend", user, reason)


def resume(agreement: PartnerAgreement, *, user=None, reason: str = "") -> PartnerAgreement:
    return _transition(agreement.pk, "resume", user, reason)


def end(agreement: PartnerAgreement, *, user=None, reason: str = "") -> PartnerAgreement:
    """End an agreement: no new referrals; referrals already made continue."""
    return _transition(agreement.pk, "end", user, reason)


def validate_activation(agreement: PartnerAgreement, *, activity_ids=None) -> None:
    """Raise ValidationError unless ``agreement`` may be (or stay) active.

    ``activity_ids`` overrides the stored covered activities (for a form being saved).
    """
    from django.core.exceptions import ValidationError

    errors = {}
    if not agreement.quota:
        errors["quota"] = _("An active agreement needs a positive quota.")
    if agreement.valid_to and agreement.valid_to < agreement.valid_from:
        errors["valid_to"] = _("The end date must not be before the start date.")
    elif agreement.valid_to and agreement.valid_to < local_date():
        errors["valid_to"] = _("The agreement has already expired.")
    if not agreement.partner.active:
        errors["partner"] = _("The partner is not active.")
    if errors:
        raise ValidationError(errors)
    clash = overlapping_active_agreements(agreement, activity_ids=activity_ids).first()
    if clash:
        raise ValidationError(
            _(
                "Agreement %(other)s of the same partner is active at the same time and covers "
                "the same activities. End it or narrow the covered activities first."
            ),
            params={"other": clash.reference_number},
            code="overlap",
        )


def overlapping_active_agreements(agreement: PartnerAgreement, *, activity_ids=None):
    """Other active agreements of the partner overlapping in time and coverage."""
    others = (
        PartnerAgreement.objects.active()
        .filter(partner_id=agreement.partner_id)
        .exclude(pk=agreement.pk)
    )
    if agreement.valid_to:
        others = others.filter(valid_from__lte=agreement.valid_to)
    others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=agreement.valid_from))
    if agreement.covers_all_activities:
        return others
    if activity_ids is not None:
        mine = list(activity_ids)
    else:
        mine = list(agreement.activities.values_list("pk", flat=True)) if agreement.pk else []
    return others.filter(Q(covers_all_activities=True) | Q(activities__in=mine)).distinct()


def validate_coverage(partner, activities, *, covers_all: bool) -> None:
    """Raise ValidationError when chosen activities belong to another partner."""
    from django.core.exceptions import ValidationError

    if not partner or covers_all or not activities:
        return
    foreign = [a for a in activities if a.organiser_id != partner.pk]
    if foreign:
        raise ValidationError(
            {
                "activities": _("These activities are organised by another partner: %(names)s")
                % {"names": ", ".join(a.title for a in foreign)}
            }
        )


def update_agreement(
    agreement: PartnerAgreement,
    *,
    user=None,
    reason: str = "",
    expected_version: int | None = None,
    activities=None,
    save_m2m=None,
) -> None:
    """Save edits to an agreement as a new version, re-checking an active one.

    The status is never taken from ``agreement``: it changes only through the
    transitions above, so a stale in-memory copy cannot undo one. With
    ``expected_version`` (the history id the editor loaded), an edit made
    against an older version is refused, so a form opened before a status
    change (or another edit) cannot overwrite it. ``activities`` are the new
    covered activities (None: unchanged); ``save_m2m`` stores them (a form's).
    """
    from django.core.exceptions import ValidationError

    with transaction.atomic():
        locked = PartnerAgreement.objects.select_for_update().get(pk=agreement.pk)
        if expected_version is not None:
            latest = current_version(locked)
            if latest is not None and latest.history_id != expected_version:
                raise ValidationError(
                    _(
                        "Someone changed this agreement while you were editing it (it is now "
                        "%(status)s). Your changes were not saved: reload the page and make "
                        "them again."
                    ),
                    params={"status": locked.get_status_display().lower()},
                    code="stale",
                )
        agreement.status = locked.status
        validate_coverage(agreement.partner, activities, covers_all=agreement.covers_all_activities)
        if agreement.status == S.ACTIVE:
            activity_ids = None
            if activities is not None and not agreement.covers_all_activities:
                activity_ids = [a.pk for a in activities]
            validate_activation(agreement, activity_ids=activity_ids)
        _save_version(agreement, user, reason)
        if save_m2m is not None:
            save_m2m()


# --- versions -----------------------------------------------------------------


def current_version(agreement: PartnerAgreement):
    """The latest historical record (the version in force now)."""
    return agreement.history.order_by("-history_date", "-history_id").first()


def version_at(agreement: PartnerAgreement, moment: datetime):
    """The historical record of ``agreement`` in force at ``moment``."""
    return (
        agreement.history.filter(history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )


# --- quota --------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaStatus:
    period: Period
    quota: int
    used: int

    @property
    def remaining(self) -> int:
        return max(self.quota - self.used, 0)

    @property
    def full(self) -> bool:
        return self.remaining == 0

    @property
    def percent_used(self) -> int:
        return min(100, round(100 * self.used / self.quota)) if self.quota else 100

    @property
    def next_period_opens(self) -> datetime | None:
        return self.period.end

    def full_message(self) -> str:
        """What a professional is told when the quota is full (and when it reopens)."""
        message = _("The partner's referral quota for this period is full.")
        if self.period.end:
            message += " " + _("New referrals can be made from %(date)s.") % {
                "date": date_format(timezone.localtime(self.period.end).date())
            }
        return message


def current_period(agreement: PartnerAgreement, at: datetime | None = None) -> Period:
    return period_containing(
        agreement.quota_period,
        at or timezone.now(),
        term_start=agreement.valid_from,
        term_end=agreement.valid_to,
    )


def _used(agreement_id: int, period: Period) -> int:
    return QuotaReservation.objects.filter(
        agreement_id=agreement_id, period_start=period.start, released_at__isnull=True
    ).count()


def quota_status(agreement: PartnerAgreement, at: datetime | None = None) -> QuotaStatus:
    period = current_period(agreement, at)
    return QuotaStatus(period=period, quota=agreement.quota, used=_used(agreement.pk, period))


def quota_statuses(agreements, at: datetime | None = None) -> dict[int, QuotaStatus]:
    """Quota status of many agreements with one query."""
    agreements = list(agreements)
    if not agreements:
        return {}
    periods = {a.pk: current_period(a, at) for a in agreements}
    condition = Q()
    for pk, period in periods.items():
        condition |= Q(agreement_id=pk, period_start=period.start)
    counts: dict[int, int] = dict.fromkeys(periods, 0)
    rows = QuotaReservation.objects.filter(condition, released_at__isnull=True).values_list(
        "agreement_id", flat=True
    )
    for agreement_id in rows:
        counts[agreement_id] += 1
    return {
        a.pk: QuotaStatus(period=periods[a.pk], quota=a.quota, used=counts[a.pk])
        for a in agreements
    }


# "Quota nearly used" for the coordinators' filter and dashboard panel.
HIGH_USE_PERCENT = 80


def high_use(agreements, percent: int = HIGH_USE_PERCENT, at: datetime | None = None):
    """``[(agreement, QuotaStatus)]`` of the active ``agreements`` (a queryset) whose
    quota for the current period is used ``percent`` or more (two queries)."""
    active = list(agreements.filter(status=AgreementStatus.ACTIVE))
    statuses = quota_statuses(active, at)
    return [(a, statuses[a.pk]) for a in active if statuses[a.pk].percent_used >= percent]


def reserve_slot(
    agreement: PartnerAgreement, *, reference: str, at: datetime | None = None
) -> QuotaReservation:
    """Take one quota slot for ``reference`` inside the caller's transaction.

    Locks the agreement row until the caller's transaction ends, so the check
    and the insert are atomic across processes and servers. Raises
    AgreementNotInForce or QuotaExhausted (nothing is written then).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_slot must run inside the caller's transaction.atomic()")
    at = at or timezone.now()
    locked = PartnerAgreement.objects.select_for_update().get(pk=agreement.pk)
    day = local_date(at)
    if not locked.in_force_on(day):
        raise AgreementNotInForce(
            _("Agreement %(ref)s is not in force, so it cannot take referrals."),
            params={"ref": locked.reference_number},
            code="not_in_force",
        )
    period = current_period(locked, at)
    status = QuotaStatus(period=period, quota=locked.quota, used=_used(locked.pk, period))
    if status.full:
        raise QuotaExhausted(status.full_message(), code="quota_full")
    version = current_version(locked)
    return QuotaReservation.objects.create(
        agreement=locked,
        agreement_version=version.history_id,
        reference=reference,
        reserved_at=at,
        period_start=period.start,
        period_end=period.end,
    )


def release_slot(reference: str, *, reason: str, at: datetime | None = None) -> bool:
    """Give back the slot held by ``reference`` (e.g. consent withdrawn).

    Returns False when it was already released. The row is locked so two
    releases cannot race.
    """
    with transaction.atomic():
        reservation = QuotaReservation.objects.select_for_update().get(reference=reference)
        if reservation.released_at:
            return False
        reservation.released_at = at or timezone.now()
        reservation.release_reason = reason[:100]
        reservation.save(update_fields=["released_at", "release_reason"])
        return True
