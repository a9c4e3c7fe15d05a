"""Per-partner response figures: outcomes, days to first action (average, median,
90th percentile), the share acted on within the agreement's contact promise.

Computed from dates and codes only, no personal data. The tables show them
through ``smallcells`` (small counts as "< 5", no figure from fewer than 5
referrals). ``usual_contact_days`` is the public "usually contacts within N
days" signal.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.periods import local_date

from .models import OPEN_STATUSES, Referral, ReferralStatus, is_overdue
from .smallcells import enough


def percentile(values: list[float], p: float) -> float | None:
    """The nearest-rank ``p``th percentile of ``values`` (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _days(start, end) -> float:
    return (end - start).total_seconds() / 86400


@dataclass
class PartnerFigures:
    partner_id: int
    partner_name: str
    referrals: int = 0
    open: int = 0
    overdue: int = 0
    acted: int = 0
    accepted: int = 0
    succeeded: int = 0
    cancelled: int = 0
    withdrawn: int = 0
    in_time: int = 0  # first action on or before the contact due date
    late: int = 0  # first action after it, or still not acted on past it
    days: list[float] = field(default_factory=list, repr=False)

    @property
    def days_total(self) -> float:
        return sum(self.days)

    @property
    def average_days(self) -> float | None:
        return round(self.days_total / self.acted, 1) if enough(self.acted) else None

    @property
    def median_days(self) -> float | None:
        return round(statistics.median(self.days), 1) if enough(self.acted) else None

    @property
    def p90_days(self) -> float | None:
        return round(percentile(self.days, 90), 1) if enough(self.acted) else None

    @property
    def acceptance_rate(self) -> int | None:
        return round(100 * self.accepted / self.acted) if enough(self.acted) else None

    @property
    def promise_rate(self) -> int | None:
        """Percent of the referrals that could be judged (acted on, or past due)
        that were acted on within the contact promise."""
        judged = self.in_time + self.late
        return round(100 * self.in_time / judged) if enough(judged) else None


def partner_figures(referrals) -> list[PartnerFigures]:
    """Figures per partner for the given referral queryset (one query)."""
    today = local_date()
    figures: dict[int, PartnerFigures] = {}
    rows = referrals.values_list(
        "partner_id",
        "partner__name",
        "status",
        "sent_at",
        "first_action_at",
        "accepted_at",
        "due_date",
    ).order_by()
    for partner_id, name, status, sent_at, first_action_at, accepted_at, due in rows:
        item = figures.setdefault(partner_id, PartnerFigures(partner_id, name))
        item.referrals += 1
        if status in OPEN_STATUSES:
            item.open += 1
        elif status == ReferralStatus.SUCCEEDED:
            item.succeeded += 1
        elif status == ReferralStatus.CANCELLED:
            item.cancelled += 1
        elif status == ReferralStatus.WITHDRAWN:
            item.withdrawn += 1
        if is_overdue(status, due, today):
            item.overdue += 1
        if first_action_at:
            item.acted += 1
            item.days.append(_days(sent_at, first_action_at))
            if local_date(first_action_at) <= due:
                item.in_time += 1
            else:
                item.late += 1
            if accepted_at:
                item.accepted += 1
        elif due < today and status == ReferralStatus.SENT:
            item.late += 1
    return sorted(figures.values(), key=lambda f: f.partner_name)


def all_figures():
    return partner_figures(Referral.objects.all())


#: The public signal looks at the referrals of this many days back.
USUAL_CONTACT_WINDOW_DAYS = 365


def _usual_key(partner_id: int) -> str:
    return f"hyte:usual-contact:{partner_id}:{local_date().isoformat()}"


def usual_contact_days(partner_ids) -> dict[int, int]:
    """{partner id: N} for "usually contacts within N days": the median of the
    days from sending to the partner's first action over the last year, rounded
    up to whole days. Only for partners who acted on at least
    ``RESPONSE_TIME_MIN_REFERRALS`` referrals in that year (0: never shown).
    Cached per partner for the day; one query for the partners not cached."""
    minimum = hyte_settings.RESPONSE_TIME_MIN_REFERRALS
    ids = sorted({pk for pk in partner_ids if pk})
    if not minimum or not ids:
        return {}
    cached = cache.get_many([_usual_key(pk) for pk in ids])
    result: dict[int, int] = {}
    missing = []
    for pk in ids:
        value = cached.get(_usual_key(pk))
        if value is None:
            missing.append(pk)
        elif value:
            result[pk] = value
    if missing:
        since = timezone.now() - timedelta(days=USUAL_CONTACT_WINDOW_DAYS)
        days: dict[int, list[float]] = {pk: [] for pk in missing}
        rows = Referral.objects.filter(
            partner_id__in=missing, sent_at__gte=since, first_action_at__isnull=False
        ).values_list("partner_id", "sent_at", "first_action_at")
        for partner_id, sent_at, first_action_at in rows.order_by():
            days[partner_id].append(_days(sent_at, first_action_at))
        fresh = {}
        for pk, values in days.items():
            usual = max(1, math.ceil(statistics.median(values))) if len(values) >= minimum else 0
            fresh[_usual_key(pk)] = usual  # 0: not enough data (cached too)
            if usual:
                result[pk] = usual
        cache.set_many(fresh, timeout=6 * 3600)
    return result
