"""What the measures share: local months and month keys, series and shares
with small-cell protection, the per-call cache, the end of a judged month, the
scope's filters on activities and referrals, and the percentiles (PostgreSQL's
``percentile_cont`` and its Python equivalent for SQLite)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime

from django.db.models import Aggregate, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wagtail_hyte.core.periods import HELSINKI, add_months, local_date, local_midnight

from ..figures import Figure, count, derived, small_cell_threshold
from ..scope import Scope


def local_month(field: str) -> TruncMonth:
    """The local (Europe/Helsinki) month of a timestamp, in SQL."""
    return TruncMonth(field, tzinfo=HELSINKI)


def _month_key(value) -> date:
    """A month from the database (a date, or an aware or naive datetime) as its first day."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(HELSINKI)
        return value.date().replace(day=1)
    return value.replace(day=1)


def _series(values: dict[date, int], months: list[date], protect: bool = True) -> list[Figure]:
    return [count(values.get(month, 0), protect) for month in months]


def _percent(part: int, base: int) -> float | None:
    return round(100 * part / base, 1) if base else None


def _share(part: int, base: int) -> Figure:
    """A percentage of referrals: hidden when its base is a small cell, and when
    the part or the rest is one (the share and a shown base would give it away)."""
    figure = derived(_percent(part, base), base)
    if figure.value is None or figure.hidden:
        return figure
    small = small_cell_threshold()
    if 0 < part < small or 0 < base - part < small:
        return Figure(figure.value, hidden=True)
    return figure


def _memo(cache: dict | None, key: tuple, compute: Callable[[], object]):
    """``compute()`` once per ``all_measures`` call (``cache`` is shared by its
    measures; None computes every time)."""
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _today(today: date | None) -> date:
    return today or local_date()


def _month_end(month: date, today: date) -> tuple[date, datetime]:
    """The day a month is judged on (its last day, or today in the current month)
    and the moment after it (the next local midnight, or now)."""
    last = add_months(month, 1).toordinal() - 1
    last_day = date.fromordinal(last)
    if last_day >= today:
        return today, min(timezone.now(), local_midnight(date.fromordinal(today.toordinal() + 1)))
    return last_day, local_midnight(add_months(month, 1))


def _page_condition(scope: Scope, prefix: str = "") -> Q:
    """The scope's filters on ActivityPage rows (``prefix``: the path to the page)."""
    from wagtail_hyte.activities.models import ActivityPage

    q = Q()
    if scope.partner_id:
        q &= Q(**{f"{prefix}organiser_id": scope.partner_id})
    pages = ActivityPage.objects.all()
    narrowed = False
    if scope.municipality_id:
        pages = pages.filter(municipalities=scope.municipality_id)
        narrowed = True
    if scope.theme_id:
        pages = pages.filter(themes=scope.theme_id)
        narrowed = True
    if narrowed:
        q &= Q(**{f"{prefix}pk__in": pages.values("pk")})
    return q


def _activity_condition(scope: Scope, field: str = "activity") -> Q:
    """The scope's filters on rows with a foreign key ``field`` to ActivityPage."""
    from wagtail_hyte.activities.models import ActivityPage

    if not scope.filtered:
        return Q()
    pages = ActivityPage.objects.filter(_page_condition(scope))
    return Q(**{f"{field}_id__in": pages.values("pk")})


def _referrals(scope: Scope):
    from wagtail_hyte.referrals.models import Referral

    referrals = Referral.objects.order_by()
    if scope.partner_id:
        referrals = referrals.filter(partner_id=scope.partner_id)
    if scope.municipality_id or scope.theme_id:
        narrowed = Scope(scope.start, scope.end, None, scope.municipality_id, scope.theme_id)
        referrals = referrals.filter(_activity_condition(narrowed))
    return referrals


def _sent_in(scope: Scope):
    return _referrals(scope).filter(sent_at__gte=scope.starts_at, sent_at__lt=scope.ends_at)


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks (PostgreSQL's
    ``percentile_cont``); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400
