"""Validation rules for activity pages, shared by the model and the admin form."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.utils.translation import gettext as _

from .choices import ScheduleType

MAX_AGE = 120


def check_range(low, high, *, low_field: str, high_field: str, message: str) -> dict:
    """Return {field: error} when both bounds are set and low > high."""
    if low is not None and high is not None and low > high:
        return {high_field: message}
    return {}


def check_age_range(min_age, max_age) -> dict:
    errors = {}
    for field, value in (("min_age", min_age), ("max_age", max_age)):
        if value is not None and not 0 <= value <= MAX_AGE:
            errors[field] = _("Enter an age between 0 and %(max)d.") % {"max": MAX_AGE}
    errors.update(
        check_range(
            min_age,
            max_age,
            low_field="min_age",
            high_field="max_age",
            message=_("The maximum age must not be below the minimum age."),
        )
    )
    return errors


def check_group_size(size_min, size_max) -> dict:
    errors = {}
    for field, value in (("group_size_min", size_min), ("group_size_max", size_max)):
        if value is not None and value < 1:
            errors[field] = _("A group has at least one participant.")
    errors.update(
        check_range(
            size_min,
            size_max,
            low_field="group_size_min",
            high_field="group_size_max",
            message=_("The maximum group size must not be below the minimum."),
        )
    )
    return errors


def check_validity(valid_from: date | None, valid_until: date | None) -> dict:
    return check_range(
        valid_from,
        valid_until,
        low_field="valid_from",
        high_field="valid_until",
        message=_("The end of the validity period must not be before its start."),
    )


def check_registration(required: bool, url: str, phone: str, email: str) -> dict:
    if required and not (url or phone or email):
        return {
            "registration_required": _(
                "Registration is required: give a link, a phone number or an email address "
                "for registering."
            )
        }
    return {}


def check_meetings(meetings: Iterable[tuple[date | None, time | None, time | None]]) -> list[str]:
    """Meetings as (date, start, end) in their listed order.

    Each must end after it starts, and the list must run forward in time.
    Returns error messages (empty when all is well).
    """
    errors = []
    previous = None
    for number, (day, start, end) in enumerate(meetings, 1):
        if day is None:
            continue
        if start and end and end <= start:
            errors.append(_("Meeting %(n)d ends before it starts.") % {"n": number})
        moment = (day, start or time.min)
        if previous is not None and moment <= previous:
            errors.append(
                _("Meeting %(n)d is not after the previous one: list meetings in date order.")
                % {"n": number}
            )
        previous = moment
    return errors


def check_slots(slots: Iterable[tuple[int | None, time | None, time | None]]) -> list[str]:
    errors = []
    for number, (_weekday, start, end) in enumerate(slots, 1):
        if start and end and end <= start:
            errors.append(_("Weekly time %(n)d ends before it starts.") % {"n": number})
    return errors


def check_schedule(schedule_type: str, meeting_count: int, slot_count: int) -> list[str]:
    if schedule_type == ScheduleType.ONE_OFF and meeting_count != 1:
        return [_("A one-off event has exactly one date: add one meeting.")]
    if schedule_type == ScheduleType.SERIES and meeting_count < 2:
        return [_("A series needs at least two meeting dates.")]
    if schedule_type == ScheduleType.WEEKLY and slot_count < 1:
        return [_("A weekly activity needs at least one weekly time.")]
    return []
