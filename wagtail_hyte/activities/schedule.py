"""Dates derived from an activity's schedule (next meeting, last meeting, days, times)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from wagtail_hyte.core.periods import HELSINKI

from .choices import ScheduleType, time_of_day


def _meeting_rows(page):
    return [m for m in page.meetings.all() if m.date]


def next_and_last(page, today: date) -> tuple[date | None, date | None]:
    """(next date on or after today, last date) for sorting and listing.

    One-off and series: from the meeting dates. Weekly: the next weekday with a
    weekly time inside the validity period; the last date is open (None) unless
    the activity has an end date.
    """
    if page.schedule_type == ScheduleType.WEEKLY:
        weekdays = {slot.weekday for slot in page.weekly_times.all()}
        start = max(today, page.valid_from) if page.valid_from else today
        upcoming = None
        for offset in range(7):
            day = start + timedelta(days=offset)
            if day.weekday() in weekdays:
                upcoming = day
                break
        if upcoming and page.valid_until and upcoming > page.valid_until:
            upcoming = None
        return upcoming, None
    dates = sorted(m.date for m in _meeting_rows(page))
    if not dates:
        return None, None
    upcoming = next((d for d in dates if d >= today), None)
    return upcoming, dates[-1]


def next_occurrence(page, now: datetime) -> tuple[date, time | None] | None:
    """(date, start time or None) of the next meeting that has not started by ``now``.

    ``now`` is a wall-clock time in the activity's time zone (naive, or aware
    and converted to Europe/Helsinki). A meeting without a start time counts
    for its whole day. Weekly: the first weekly time after ``now`` inside the
    validity period (a time already past today gives the same weekday next
    week). Uses ``page.meetings`` / ``page.weekly_times`` (prefetch them for
    many pages).
    """
    if now.tzinfo is not None:
        now = now.astimezone(HELSINKI).replace(tzinfo=None)
    today = now.date()

    def upcoming(day: date, start: time | None) -> bool:
        if day != today:
            return day > today
        return start is None or datetime.combine(day, start) > now

    if page.schedule_type == ScheduleType.WEEKLY:
        slots = sorted(page.weekly_times.all(), key=lambda slot: slot.start_time)
        start = max(today, page.valid_from) if page.valid_from else today
        for offset in range(8):
            day = start + timedelta(days=offset)
            if page.valid_until and day > page.valid_until:
                return None
            for slot in slots:
                if slot.weekday == day.weekday() and upcoming(day, slot.start_time):
                    return day, slot.start_time
        return None
    meetings = sorted(
        (m for m in _meeting_rows(page) if m.date >= today),
        key=lambda m: (m.date, m.start_time is not None, m.start_time or time.min),
    )
    for meeting in meetings:
        if upcoming(meeting.date, meeting.start_time):
            return meeting.date, meeting.start_time
    return None


def weekdays(page) -> set[int]:
    if page.schedule_type == ScheduleType.WEEKLY:
        return {slot.weekday for slot in page.weekly_times.all()}
    return {m.date.weekday() for m in _meeting_rows(page)}


def times_of_day(page) -> set[str]:
    if page.schedule_type == ScheduleType.WEEKLY:
        starts = [slot.start_time for slot in page.weekly_times.all()]
    else:
        starts = [m.start_time for m in _meeting_rows(page)]
    return {str(time_of_day(t)) for t in starts if t}
