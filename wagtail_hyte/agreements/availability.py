"""Which activities can take a referral now: the catalogue's "referral possible".

An activity offers referral when an agreement in force covers it (all of its
organiser's activities, or a chosen set including it) and that agreement's
quota for the current period is not used up, and the partner has not paused
intake for it (``intake``: the group is full, or referrals are paused).
Everything here works in bulk so a catalogue listing costs the same few
queries whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from wagtail_hyte.core.periods import local_date

from .intake import paused_condition, pauses_for
from .models import IntakePause, PartnerAgreement
from .services import QuotaStatus, quota_statuses


@dataclass(frozen=True)
class ReferralOffer:
    agreement: PartnerAgreement
    quota: QuotaStatus
    pause: IntakePause | None = None

    @property
    def available(self) -> bool:
        return not self.quota.full and self.pause is None

    def unavailable_message(self) -> str:
        """Why no referral can be made now ("" when one can)."""
        if self.pause is not None:
            return self.pause.message()
        return self.quota.full_message() if self.quota.full else ""


def _agreements_in_force(at: datetime, partner_ids=None):
    agreements = PartnerAgreement.objects.in_force(local_date(at)).prefetch_related("activities")
    if partner_ids is not None:
        agreements = agreements.filter(partner_id__in=partner_ids)
    return list(agreements)


def referral_offers(activities, at: datetime | None = None) -> dict[int, ReferralOffer]:
    """``{activity id: ReferralOffer}`` for the given activity pages (4 queries)."""
    at = at or timezone.now()
    activities = list(activities)
    partner_ids = {a.organiser_id for a in activities}
    agreements = _agreements_in_force(at, partner_ids)
    statuses = quota_statuses(agreements, at)
    pauses = pauses_for(activities, local_date(at)) if agreements else {}
    offers: dict[int, ReferralOffer] = {}
    for agreement in agreements:
        for activity in activities:
            if not agreement.covers(activity):
                continue
            offer = ReferralOffer(agreement, statuses[agreement.pk], pauses.get(activity.pk))
            current = offers.get(activity.pk)
            if current is None or (offer.available and not current.available):
                offers[activity.pk] = offer
    return offers


def referral_offer(activity, at: datetime | None = None) -> ReferralOffer | None:
    return referral_offers([activity], at).get(activity.pk)


def referral_available_condition(at: datetime | None = None) -> Q:
    """A Q on ActivityPage matching activities that can take a referral now."""
    at = at or timezone.now()
    agreements = _agreements_in_force(at)
    statuses = quota_statuses(agreements, at)
    condition = Q(pk__in=[])
    for agreement in agreements:
        if not statuses[agreement.pk].full:
            condition |= agreement.covered_activities_condition()
    return condition & ~paused_condition(local_date(at))
