"""Pausing referral intake: "the group is full" for one activity, or "paused"
for all of a partner's activities, until a reopening date or by hand.

A pause is checked where the quota is: in the catalogue's offers
(``availability``) so the referral form never opens for a paused activity,
and again in ``referrals.services.create_referral`` under the agreement's lock
(``check_intake_open``). Pausing locks the partner's agreements in force too,
so a pause and a referral racing for the same activity are serialised: the
referral either lands before the pause or is refused.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_hyte.core.periods import local_date
from wagtail_hyte.partners.scoping import partner_scope

from .models import IntakePause, PartnerAgreement, PauseReason


class IntakePaused(ValidationError):
    pass


COORDINATE = "wagtail_hyte_agreements.change_partneragreement"


def intake_partners(user):
    """The partners whose intake ``user`` may pause: coordinators (who manage
    agreements) every partner; partner staff the partners they are members of."""
    from wagtail_hyte.partners.models import Partner

    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return Partner.objects.none()
    if user.has_perm(COORDINATE):
        return Partner.objects.all()
    return partner_scope(user).filter(memberships__user=user).distinct()


def may_manage_intake(user, partner) -> bool:
    return intake_partners(user).filter(pk=partner.pk).exists()


def pause_intake(
    partner,
    *,
    user,
    reason: str,
    activity=None,
    starts_on: date | None = None,
    reopens_on: date | None = None,
) -> IntakePause:
    """Stop referrals to ``activity`` (or all of ``partner``'s activities)."""
    if not may_manage_intake(user, partner):
        raise PermissionDenied
    today = local_date()
    starts_on = starts_on or today
    errors = {}
    if reason not in PauseReason.values:
        errors["reason"] = ValidationError(_("Choose why referrals stop."))
    if activity is not None and activity.organiser_id != partner.pk:
        errors["activity"] = ValidationError(_("Choose one of the partner's own activities."))
    if starts_on < today:
        errors["starts_on"] = ValidationError(_("A pause cannot start in the past."))
    if reopens_on is not None and reopens_on <= starts_on:
        errors["reopens_on"] = ValidationError(_("The reopening date must be after the start."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # the same rows create_referral locks: pauses and referrals are serialised
        list(
            PartnerAgreement.objects.select_for_update()
            .filter(partner=partner)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return IntakePause.objects.create(
            partner=partner,
            activity=activity,
            reason=reason,
            starts_on=starts_on,
            reopens_on=reopens_on,
            created_by=user,
        )


def end_pause(pause: IntakePause, *, user) -> IntakePause:
    """Take referrals again. Ending an ended pause raises."""
    if not may_manage_intake(user, pause.partner):
        raise PermissionDenied
    with transaction.atomic():
        pause = IntakePause.objects.select_for_update().get(pk=pause.pk)
        if pause.ended_at is not None:
            raise ValidationError(_("This pause has already ended."), code="ended")
        pause.ended_at = timezone.now()
        pause.ended_by = user
        pause.save(update_fields=["ended_at", "ended_by"])
    return pause


def pauses_for(activities, day: date | None = None) -> dict[int, IntakePause]:
    """``{activity id: the pause in effect}`` for these activities (one query)."""
    activities = list(activities)
    if not activities:
        return {}
    by_partner: dict[int, list] = {}
    for activity in activities:
        by_partner.setdefault(activity.organiser_id, []).append(activity)
    pauses = IntakePause.objects.in_effect(day).filter(
        Q(activity_id__in=[a.pk for a in activities])
        | Q(activity__isnull=True, partner_id__in=list(by_partner))
    )
    found: dict[int, IntakePause] = {}
    for pause in pauses.order_by("starts_on", "pk"):
        targets = (
            [a for a in activities if a.pk == pause.activity_id]
            if pause.activity_id
            else by_partner.get(pause.partner_id, [])
        )
        for activity in targets:
            found.setdefault(activity.pk, pause)
    return found


def paused_condition(day: date | None = None) -> Q:
    """A Q on ActivityPage matching the activities paused on ``day``."""
    pauses = list(IntakePause.objects.in_effect(day).values_list("partner_id", "activity_id"))
    condition = Q(pk__in=[])
    activity_ids = [a for _p, a in pauses if a]
    partner_ids = [p for p, a in pauses if not a]
    if activity_ids:
        condition |= Q(pk__in=activity_ids)
    if partner_ids:
        condition |= Q(organiser_id__in=partner_ids)
    return condition


def check_intake_open(activity, day: date | None = None) -> None:
    """Raise IntakePaused when ``activity`` takes no referrals on ``day``."""
    pause = pauses_for([activity], day).get(activity.pk)
    if pause is not None:
        raise IntakePaused(pause.message(), code="intake_paused")
