"""An activity's coming meetings as an iCalendar file (RFC 5545), written by hand.

``events(page, now)`` lists what goes in the file: one event per meeting of a
one-off or a series that has not ended by ``now``, and for a weekly activity one
repeating event per weekly time, from its next occurrence to the end of the
validity period (open-ended without one). ``build_calendar`` writes them out.
Times are Europe/Helsinki wall-clock times, written with ``TZID`` and a matching
``VTIMEZONE``. No personal data: the title, summary, places and page address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from wagtail_hyte.core.periods import HELSINKI

from .choices import WEEKDAY_KEYS, ActivityStatus, ScheduleType

TZID = "Europe/Helsinki"
PRODID = "-//wagtail-hyte//Activity calendar//EN"
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Finland follows the EU rule: summer time from the last Sunday of March,
# 03:00 local, to the last Sunday of October, 04:00 local.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0300",
    "TZNAME:EEST",
    "DTSTART:19700329T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0300",
    "TZOFFSETTO:+0200",
    "TZNAME:EET",
    "DTSTART:19701025T040000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class Event:
    uid: str  # the part before "@host"
    day: date
    start: time | None  # None: an all-day event
    end: time | None = None
    note: str = ""
    weekly_until: date | None = None  # last day of a weekly event (inclusive)
    weekly: bool = False


# --- text ------------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets (RFC 5545 3.1), never inside a character.

    Continuation lines start with one space, which counts towards their length.
    """
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(day: date, at: time) -> str:
    return datetime.combine(day, at).strftime("%Y%m%dT%H%M%S")


# --- what goes in ----------------------------------------------------------


def _to_local(now: datetime) -> datetime:
    if now.tzinfo is not None:
        now = now.astimezone(HELSINKI).replace(tzinfo=None)
    return now


def _ends_at(day: date, start: time | None, end: time | None) -> datetime:
    """When a meeting is over: its end, else its start, else the end of its day."""
    if end is not None:
        return datetime.combine(day, end)
    if start is not None:
        return datetime.combine(day, start)
    return datetime.combine(day + timedelta(days=1), time.min)


def events(page, now: datetime) -> list[Event]:
    """The events of ``page`` not over by ``now`` (aware, or naive Helsinki time)."""
    now = _to_local(now)
    if page.schedule_type == ScheduleType.WEEKLY:
        return _weekly_events(page, now)
    meetings = sorted(
        (m for m in page.meetings.all() if m.date),
        key=lambda m: (m.date, m.start_time is not None, m.start_time or time.min),
    )
    result, seen = [], {}
    for meeting in meetings:
        uid = f"{page.pk}-{meeting.date:%Y%m%d}"
        seen[uid] = seen.get(uid, 0) + 1
        if seen[uid] > 1:  # a second meeting on the same day
            uid = f"{uid}-{seen[uid]}"
        if _ends_at(meeting.date, meeting.start_time, meeting.end_time) <= now:
            continue  # over already
        result.append(
            Event(
                uid=uid,
                day=meeting.date,
                start=meeting.start_time,
                end=meeting.end_time if meeting.start_time else None,
                note=meeting.note,
            )
        )
    return result


def _weekly_events(page, now: datetime) -> list[Event]:
    today = now.date()
    first_day = max(today, page.valid_from) if page.valid_from else today
    result = []
    for slot in sorted(page.weekly_times.all(), key=lambda s: (s.weekday, s.start_time)):
        day = first_day + timedelta(days=(slot.weekday - first_day.weekday()) % 7)
        if _ends_at(day, slot.start_time, slot.end_time) <= now:
            day += timedelta(days=7)
        if page.valid_until and day > page.valid_until:
            continue
        result.append(
            Event(
                uid=f"{page.pk}-{WEEKDAY_KEYS[slot.weekday]}-{slot.start_time:%H%M}",
                day=day,
                start=slot.start_time,
                end=slot.end_time,
                weekly=True,
                weekly_until=page.valid_until,
            )
        )
    return result


# --- writing ---------------------------------------------------------------


def location_text(page) -> str:
    """The page's places, "name, street, postal code municipality", joined by " / "."""
    places = []
    for location in page.locations.all():
        town = " ".join(p for p in (location.postal_code, location.municipality.name) if p)
        places.append(", ".join(p for p in (location.name, location.street_address, town) if p))
    return " / ".join(places)


def event_lines(
    event: Event, *, host: str, stamp: str, title: str, description: str, location: str, url: str
) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}@{host}", f"DTSTAMP:{stamp}"]
    if event.start is None:
        lines += [
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
        ]
    else:
        lines.append(f"DTSTART;TZID={TZID}:{_local(event.day, event.start)}")
        if event.end is not None:
            lines.append(f"DTEND;TZID={TZID}:{_local(event.day, event.end)}")
    if event.weekly:
        rule = f"RRULE:FREQ=WEEKLY;BYDAY={BYDAY[event.day.weekday()]}"
        if event.weekly_until:
            # With a TZID start, UNTIL must be in UTC (RFC 5545 3.3.10): the
            # last moment of the last valid day in Helsinki.
            last = datetime.combine(event.weekly_until, time(23, 59, 59), tzinfo=HELSINKI)
            rule += f";UNTIL={_utc(last)}"
        lines.append(rule)
    lines.append(f"SUMMARY:{escape_text(title)}")
    text = "\n\n".join(part for part in (description, event.note) if part)
    if text:
        lines.append(f"DESCRIPTION:{escape_text(text)}")
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines += [f"URL:{url}", "END:VEVENT"]
    return lines


def build_calendar(
    page, items: list[Event], *, url: str, host: str, now: datetime | None = None
) -> str:
    """The whole VCALENDAR for ``page``: CRLF line ends, folded lines."""
    stamp = _utc(now or datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(page.title)}",
        *VTIMEZONE,
    ]
    location = location_text(page)
    for event in items:
        lines += event_lines(
            event,
            host=host,
            stamp=stamp,
            title=page.title,
            description=page.summary,
            location=location,
            url=url,
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_available(page, today: date) -> bool:
    """Whether the page may offer a calendar: active and not ended (drafts never route)."""
    return page.status == ActivityStatus.ACTIVE and not page.has_ended(today)
