"""Count recommendations per day, activity, channel, referral option and organisation.

Nothing about the client, and no user id: these are the figures seed 004 asks
for (recommendations over time; with and without a referral option).
"""

from __future__ import annotations

from django.apps import apps
from django.utils import timezone

from wagtail_hyte.core.counters import increment

from .models import RecommendationCount


def referral_offered(activities) -> dict[int, bool]:
    """{activity id: whether it could take a referral right now}."""
    if not apps.is_installed("wagtail_hyte.agreements"):
        return {a.pk: False for a in activities}
    from wagtail_hyte.agreements.availability import referral_offers

    offers = referral_offers(activities)
    return {a.pk: bool(offers.get(a.pk) and offers[a.pk].available) for a in activities}


def record(activities, *, channel: str, organisation: str, day=None) -> None:
    day = day or timezone.localdate()
    offered = referral_offered(activities)
    for activity in activities:
        key = {
            "date": day,
            "activity_id": activity.pk,
            "channel": channel,
            "referral_offered": offered[activity.pk],
            "organisation": organisation,
        }
        increment(RecommendationCount, key, {"count": 1})
