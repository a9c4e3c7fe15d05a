from datetime import date

import pytest

from wagtail_hyte.core.workdays import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 0, date(2026, 11, 23)),  # Monday, no days
        (date(2026, 11, 23), 1, date(2026, 11, 24)),
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday -> Monday
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # Saturday -> Monday
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # a full week
        (date(2026, 12, 23), 1, date(2026, 12, 28)),  # Christmas Eve, Day, Boxing Day
        (date(2026, 12, 4), 1, date(2026, 12, 7)),  # Independence Day on a Sunday
        (date(2027, 12, 3), 1, date(2027, 12, 7)),  # Independence Day on a Monday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday and Easter Monday
        (date(2026, 6, 18), 1, date(2026, 6, 22)),  # Midsummer Eve
        (date(2026, 5, 13), 1, date(2026, 5, 15)),  # Ascension Day
        (date(2026, 12, 30), 2, date(2027, 1, 4)),  # New Year's Day, across years
        (date(2027, 1, 5), 1, date(2027, 1, 7)),  # Epiphany
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_working_day_flags():
    assert is_working_day(date(2026, 11, 23))
    assert not is_working_day(date(2026, 11, 22))  # Sunday
    assert not is_working_day(date(2026, 5, 1))  # May Day
    assert not is_working_day(date(2026, 12, 24))


def test_working_days_between_is_the_inverse():
    start = date(2026, 12, 18)
    for days in range(0, 15):
        end = add_working_days(start, days)
        assert working_days_between(start, end) == days
    assert working_days_between(date(2026, 12, 1), date(2026, 11, 1)) == 0


def test_negative_days_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1)
