"""An activity's weekly times and meeting dates as HSDS schedules (RFC 5545 style).

* A weekly time is ``FREQ=WEEKLY;BYDAY=<day>`` from the activity's validity
  (``valid_from``/``valid_to``; ``dtstart`` the first such weekday on or after
  ``valid_from``, ``until`` its ``valid_until``). Its ``opens_at``/``closes_at``
  are wall-clock times in Finland: a weekly series crosses the daylight-saving
  changes, so no single UTC offset is right; ``notes`` says so.
* A meeting on a date is one occurrence: ``dtstart`` that date, ``freq``
  WEEKLY with ``count`` 1, ``valid_from`` = ``valid_to`` = the date; its times
  carry the UTC offset of that date in Helsinki (``18:00+03:00``).

``attending_type`` says whether it is in person, online or both (with the
activity's note on joining online), ``description`` the schedule note and
the number of meetings in all (``meeting_count``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail_hyte.activities.choices import ActivityFormat, ScheduleType
from wagtail_hyte.core.periods import HELSINKI

from . import ids
from .values import clock, day, join, obj

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # Weekday values 0..6


def _attending(page) -> str:
    label = ActivityFormat(page.format).label
    if page.format != ActivityFormat.IN_PERSON and page.online_note:
        return f"{label}: {page.online_note}"
    return str(label)


def _note(page) -> str:
    """The schedule note, with the number of meetings in all when the page gives it."""
    count = ""
    if page.meeting_count:
        count = ngettext(
            "%(count)s meeting in all.", "%(count)s meetings in all.", page.meeting_count
        ) % {"count": page.meeting_count}
    return join(page.schedule_note, count)


def _first_on_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def _offset(on: date, at: time | None) -> str:
    """``+02:00`` / ``+03:00``: Helsinki's UTC offset at ``at`` on ``on``."""
    moment = datetime.combine(on, at or time(12), tzinfo=HELSINKI)
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def weekly_schedule(page, slot, service_id: str) -> dict:
    return obj(
        ("id",),
        id=ids.of(slot),
        service_id=service_id,
        valid_from=day(page.valid_from),
        valid_to=day(page.valid_until),
        dtstart=day(_first_on_weekday(page.valid_from, slot.weekday)) if page.valid_from else None,
        until=day(page.valid_until),
        wkst="MO",
        freq="WEEKLY",
        interval=1,
        byday=BYDAY[slot.weekday],
        opens_at=clock(slot.start_time),
        closes_at=clock(slot.end_time),
        description=_note(page),
        attending_type=_attending(page),
        notes=_("Times are local time in Finland (Europe/Helsinki)."),
    )


def meeting_schedule(page, meeting, service_id: str) -> dict:
    return obj(
        ("id",),
        id=ids.of(meeting),
        service_id=service_id,
        valid_from=day(meeting.date),
        valid_to=day(meeting.date),
        dtstart=day(meeting.date),
        count=1,
        freq="WEEKLY",
        opens_at=clock(meeting.start_time, _offset(meeting.date, meeting.start_time)),
        closes_at=clock(meeting.end_time, _offset(meeting.date, meeting.end_time)),
        description=join(meeting.note, _note(page)),
        attending_type=_attending(page),
    )


def schedules(page, service_id: str) -> list[dict]:
    """The schedules of ``page`` (prefetch ``weekly_times`` and ``meetings`` for many)."""
    if page.schedule_type == ScheduleType.WEEKLY:
        return [weekly_schedule(page, slot, service_id) for slot in page.weekly_times.all()]
    return [meeting_schedule(page, m, service_id) for m in page.meetings.all() if m.date]
