"""What a follow-up table covers: a range of months and optional filters.

Months are calendar months in Europe/Helsinki, named by their first day. A
series starts at the launch month (``FOLLOW_UP_LAUNCH_DATE``, else the month of
the first referral, recommendation or counted page view).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.periods import add_months, local_date, local_midnight, month_start


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The half-open interval ``[start, end)`` of aware datetimes of a local month."""
    return local_midnight(month), local_midnight(add_months(month, 1))


@dataclass(frozen=True)
class Scope:
    start: date  # first day of the first month
    end: date  # first day of the last month (inclusive)
    partner_id: int | None = None
    municipality_id: int | None = None
    theme_id: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "start", month_start(self.start))
        object.__setattr__(self, "end", month_start(self.end))
        if self.end < self.start:
            raise ValueError("a scope's last month must not be before its first")

    def months(self) -> list[date]:
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def starts_at(self) -> datetime:
        """The first moment of the scope (local midnight of its first day)."""
        return local_midnight(self.start)

    @property
    def ends_at(self) -> datetime:
        """The moment after the scope (local midnight after its last month)."""
        return local_midnight(add_months(self.end, 1))

    @property
    def after_end(self) -> date:
        """The first day after the scope."""
        return add_months(self.end, 1)

    @property
    def filtered(self) -> bool:
        return bool(self.partner_id or self.municipality_id or self.theme_id)


def _configured_launch() -> date | None:
    value = hyte_settings.FOLLOW_UP_LAUNCH_DATE
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return local_date(value)
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _earliest_data() -> date | None:
    from django.db.models import Min

    from wagtail_hyte.metrics.models import ActivityViewDay
    from wagtail_hyte.recommendations.models import RecommendationCount
    from wagtail_hyte.referrals.models import Referral

    found = []
    first_sent = Referral.objects.aggregate(first=Min("sent_at"))["first"]
    if first_sent is not None:
        found.append(local_date(first_sent))
    for model in (RecommendationCount, ActivityViewDay):
        first = model.objects.aggregate(first=Min("date"))["first"]
        if first is not None:
            found.append(first)
    return month_start(min(found)) if found else None


def launch_date() -> date | None:
    """``FOLLOW_UP_LAUNCH_DATE`` (as a date), else the first day of the month of
    the first referral, recommendation or counted view; None when there is none."""
    return _configured_launch() or _earliest_data()


def default_scope(today: date | None = None) -> Scope:
    """From the launch month to the current month (just the current month
    before there is any data, or when the launch date is in the future)."""
    today = today or local_date()
    launch = launch_date()
    current = month_start(today)
    start = month_start(launch) if launch else current
    return Scope(start=min(start, current), end=current)
