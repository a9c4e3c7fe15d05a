"""Calendar periods in the welfare area's time zone (Europe/Helsinki).

Quotas count referrals per month, quarter, year or an agreement's whole term.
A period is a half-open interval ``[start, end)`` of aware datetimes whose ends
are local midnights, so a referral made at 00:30 on 1 April in Helsinki belongs
to April (and the second quarter) even though it is still 31 March in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HELSINKI = ZoneInfo("Europe/Helsinki")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    TERM = "term", _("Whole term")


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime | None  # None: open-ended (a term without an end date)

    def __contains__(self, moment: datetime) -> bool:
        # Compare in UTC: aware datetimes sharing a tzinfo compare by wall time.
        moment = moment.astimezone(UTC)
        return moment >= self.start.astimezone(UTC) and (
            self.end is None or moment < self.end.astimezone(UTC)
        )

    @property
    def duration(self) -> timedelta | None:
        """Elapsed time (a DST month is an hour short or long)."""
        if self.end is None:
            return None
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)

    @property
    def first_day(self) -> date:
        return self.start.astimezone(HELSINKI).date()

    @property
    def last_day(self) -> date | None:
        if self.end is None:
            return None
        return (self.end.astimezone(HELSINKI) - timedelta(days=1)).date()


def local_midnight(day: date) -> datetime:
    """The aware datetime of 00:00 on ``day`` in Helsinki."""
    return datetime(day.year, day.month, day.day, tzinfo=HELSINKI)


def local_date(moment: datetime | None = None) -> date:
    moment = moment or timezone.now()
    if timezone.is_naive(moment):
        raise ValueError("period arithmetic needs an aware datetime")
    return moment.astimezone(HELSINKI).date()


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s (before, if negative)."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(
    kind: str, moment: datetime, *, term_start: date | None = None, term_end: date | None = None
) -> Period:
    """The period of ``kind`` that contains ``moment``.

    ``term_start``/``term_end`` (inclusive dates) are needed for ``term``.
    """
    day = local_date(moment)
    if kind == PeriodKind.MONTH:
        first = day.replace(day=1)
        return Period(local_midnight(first), local_midnight(add_months(first, 1)))
    if kind == PeriodKind.QUARTER:
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return Period(local_midnight(first), local_midnight(add_months(first, 3)))
    if kind == PeriodKind.YEAR:
        return Period(
            local_midnight(date(day.year, 1, 1)), local_midnight(date(day.year + 1, 1, 1))
        )
    if kind == PeriodKind.TERM:
        if term_start is None:
            raise ValueError("a whole-term period needs the term's start date")
        end = local_midnight(term_end + timedelta(days=1)) if term_end else None
        return Period(local_midnight(term_start), end)
    raise ValueError(f"unknown period kind {kind!r}")
