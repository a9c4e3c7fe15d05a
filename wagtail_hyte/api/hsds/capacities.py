"""Referral quotas as HSDS 3.1-style service ``capacities``.

With ``WAGTAIL_HYTE["HSDS_CAPACITIES"]`` on, a service whose activity an
agreement in force covers carries one capacity: ``maximum`` the agreement's
quota for the period, ``available`` what is left of it in the current period
(0 while the organiser has paused intake: the group is full, or referrals are
paused), in the unit "referral". The figures are the agreements app's own
(``agreements.availability.referral_offers``, which asks
``agreements.services.quota_statuses``): nothing is counted here. No capacity
is published while referrals cannot be made on the site at all
(``referrals.readiness.referrals_available``), as the catalogue shows no
referral badge then either.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_hyte.agreements.availability import ReferralOffer, referral_offers
from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.referrals.readiness import referrals_available

from . import ids
from .values import datetime_utc, day, obj

UNIT_ID = ids.make("unit:referral", 1)


def offers_for(pages) -> dict[int, ReferralOffer] | None:
    """``{page id: offer}`` for ``pages`` (a fixed number of queries), or None when
    capacities are not published."""
    if not hyte_settings.HSDS_CAPACITIES or not referrals_available():
        return None
    return referral_offers(pages)


def _description(offer: ReferralOffer) -> str:
    period = offer.quota.period
    if period.last_day:
        text = _("Wellbeing referrals the organiser takes from %(first)s to %(last)s.") % {
            "first": day(period.first_day),
            "last": day(period.last_day),
        }
    else:
        text = _("Wellbeing referrals the organiser takes from %(first)s.") % {
            "first": day(period.first_day)
        }
    if not offer.available:
        text = f"{text} {offer.unavailable_message()}"
    return text


def capacity(page, offer: ReferralOffer, service_id: str) -> dict:
    return obj(
        ("id", "unit", "available", "updated"),
        id=ids.of(page, "capacity"),
        service_id=service_id,
        unit={"id": UNIT_ID, "name": _("referral")},
        available=offer.quota.remaining if offer.pause is None else 0,
        maximum=offer.quota.quota,
        description=_description(offer),
        updated=datetime_utc(timezone.now()),
    )
