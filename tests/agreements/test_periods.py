"""Period arithmetic in Europe/Helsinki."""

from datetime import UTC, date, datetime, timedelta

import pytest

from wagtail_hyte.core.periods import HELSINKI, local_midnight, period_containing


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_month_bounds_are_local_midnights():
    period = period_containing("month", utc(2026, 5, 15, 12))
    assert period.start == datetime(2026, 5, 1, tzinfo=HELSINKI)
    assert period.end == datetime(2026, 6, 1, tzinfo=HELSINKI)
    assert period.first_day == date(2026, 5, 1)
    assert period.last_day == date(2026, 5, 31)


def test_just_after_local_midnight_belongs_to_the_new_month_and_quarter():
    # 31 March 21:30 UTC is 1 April 00:30 in Helsinki (summer time, UTC+3).
    moment = utc(2026, 3, 31, 21, 30)
    assert period_containing("month", moment).first_day == date(2026, 4, 1)
    assert period_containing("quarter", moment).first_day == date(2026, 4, 1)
    # ... while 20:59 UTC is still 31 March 23:59 locally.
    assert period_containing("month", utc(2026, 3, 31, 20, 59)).first_day == date(2026, 3, 1)


def test_new_year_in_helsinki_is_before_utc():
    moment = utc(2026, 12, 31, 22, 30)  # 00:30 on 1 January 2027 in Helsinki
    period = period_containing("year", moment)
    assert period.first_day == date(2027, 1, 1)
    assert period.start == utc(2026, 12, 31, 22, 0)


@pytest.mark.parametrize(
    ("month", "first", "last"),
    [(1, 1, 3), (3, 1, 3), (4, 4, 6), (6, 4, 6), (7, 7, 9), (9, 7, 9), (10, 10, 12), (12, 10, 12)],
)
def test_quarter_boundaries(month, first, last):
    period = period_containing("quarter", datetime(2026, month, 15, 12, tzinfo=HELSINKI))
    assert period.first_day == date(2026, first, 1)
    assert period.last_day.month == last


def test_month_containing_spring_dst_change_is_an_hour_short():
    # Summer time starts on the last Sunday of March (29 March 2026).
    period = period_containing("month", datetime(2026, 3, 10, tzinfo=HELSINKI))
    assert period.duration == timedelta(days=31) - timedelta(hours=1)
    assert period.end.utcoffset() == timedelta(hours=3)
    assert period.start.utcoffset() == timedelta(hours=2)


def test_month_containing_autumn_dst_change_is_an_hour_long():
    period = period_containing("month", datetime(2026, 10, 26, 2, tzinfo=HELSINKI))
    assert period.duration == timedelta(days=31, hours=1)


def test_moment_during_the_repeated_autumn_hour():
    # 25 Oct 2026 03:30 happens twice in Helsinki; both are in October.
    first = utc(2026, 10, 25, 0, 30)
    second = utc(2026, 10, 25, 1, 30)
    assert period_containing("month", first) == period_containing("month", second)


def test_leap_year_february():
    period = period_containing("month", datetime(2028, 2, 29, 23, 59, tzinfo=HELSINKI))
    assert period.first_day == date(2028, 2, 1)
    assert period.last_day == date(2028, 2, 29)
    assert period_containing("month", datetime(2027, 2, 10, tzinfo=HELSINKI)).last_day == date(
        2027, 2, 28
    )


def test_leap_day_quarter_and_year():
    moment = datetime(2028, 2, 29, 12, tzinfo=HELSINKI)
    assert period_containing("quarter", moment).last_day == date(2028, 3, 31)
    year = period_containing("year", moment)
    assert year.duration == timedelta(days=366)


def test_whole_term_with_and_without_end():
    moment = utc(2026, 6, 1)
    period = period_containing(
        "term", moment, term_start=date(2026, 2, 1), term_end=date(2027, 1, 31)
    )
    assert period.start == local_midnight(date(2026, 2, 1))
    assert period.end == local_midnight(date(2027, 2, 1))
    assert period.last_day == date(2027, 1, 31)
    open_ended = period_containing("term", moment, term_start=date(2026, 2, 1))
    assert open_ended.end is None
    assert moment in open_ended
    assert open_ended.last_day is None


def test_term_needs_a_start_and_unknown_kind_raises():
    with pytest.raises(ValueError):
        period_containing("term", utc(2026, 1, 1))
    with pytest.raises(ValueError):
        period_containing("fortnight", utc(2026, 1, 1))


def test_naive_moment_is_refused():
    with pytest.raises(ValueError):
        period_containing("month", datetime(2026, 1, 1))


def test_containment_is_half_open():
    period = period_containing("month", utc(2026, 5, 15))
    assert period.start in period
    assert period.end not in period
    assert (period.end - timedelta(microseconds=1)) in period
