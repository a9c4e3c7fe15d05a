"""Per-partner response figures: average days to first action and acceptance rate.

The "replies within N days" signal: computed from timestamps only, no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail_hyte.core.periods import local_date

from .models import OPEN_STATUSES, Referral, is_overdue


@dataclass
class PartnerFigures:
    partner_id: int
    partner_name: str
    referrals: int = 0
    open: int = 0
    overdue: int = 0
    acted: int = 0
    accepted: int = 0
    days_total: float = 0.0

    @property
    def average_days(self) -> float | None:
        return round(self.days_total / self.acted, 1) if self.acted else None

    @property
    def acceptance_rate(self) -> int | None:
        return round(100 * self.accepted / self.acted) if self.acted else None


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
        if is_overdue(status, due, today):
            item.overdue += 1
        if first_action_at:
            item.acted += 1
            item.days_total += (first_action_at - sent_at).total_seconds() / 86400
            if accepted_at:
                item.accepted += 1
    return sorted(figures.values(), key=lambda f: f.partner_name)


def all_figures():
    return partner_figures(Referral.objects.all())
