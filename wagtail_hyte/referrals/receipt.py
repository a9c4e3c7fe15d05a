"""What the client's referral receipt says besides the shared details: who
referred and how to reach them, when and where the activity meets, how consent
was given, and who controls the data (controller, retention, privacy notice).

The client's own contact details are read separately (``services.receipt_details``,
a ledgered read); nothing here is personal data of the client.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from wagtail_hyte.activities.choices import ActivityFormat, ScheduleType
from wagtail_hyte.activities.schedule import next_occurrence
from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.staff import WorkContact, work_contact
from wagtail_hyte.ledger.models import CollectionMethod, ContactMethod

UPCOMING_MEETINGS = 3


@dataclass(frozen=True)
class DataController:
    name: str
    email: str
    privacy_notice_url: str
    retention_days: int


def consent_wording(consent) -> str:
    """How the consent was given, in the client's words ("you ..."), matching the
    collection method: read aloud and agreed verbally, signed, or shown on screen."""
    day = date_format(timezone.localtime(consent.given_at), "SHORT_DATE_FORMAT")
    if consent.collection_method == CollectionMethod.VERBAL:
        text = _(
            "The consent text was read aloud to you and you gave your consent verbally on %(date)s."
        )
    elif consent.collection_method == CollectionMethod.WRITTEN:
        text = _("You read the consent text and gave your consent in writing on %(date)s.")
    else:
        text = _(
            "The consent text was shown to you on screen and you gave your consent "
            "electronically on %(date)s."
        )
    return text % {"date": day}


def contact_method_label(code: str) -> str:
    """The chosen contact method in words ("" when none was chosen)."""
    try:
        return str(ContactMethod(code).label)
    except ValueError:
        return ""


def when_lines(activity, now=None) -> list[str]:
    """The activity's times: the weekly times, or the next few dated meetings
    (none already started), then the next meeting on its own line."""
    now = now or timezone.localtime()
    lines = []
    if activity.schedule_type == ScheduleType.WEEKLY:
        for slot in activity.weekly_times.all():
            line = f"{slot.get_weekday_display()} {time_format(slot.start_time, 'H.i')}"
            if slot.end_time:
                line += f"–{time_format(slot.end_time, 'H.i')}"
            lines.append(line)
    else:
        today = now.date()
        meetings = [m for m in activity.meetings.all() if m.date and m.date >= today]
        for meeting in meetings[:UPCOMING_MEETINGS]:
            line = date_format(meeting.date, "SHORT_DATE_FORMAT")
            if meeting.start_time:
                line += f" {time_format(meeting.start_time, 'H.i')}"
                if meeting.end_time:
                    line += f"–{time_format(meeting.end_time, 'H.i')}"
            lines.append(line)
    if activity.schedule_note:
        lines.append(activity.schedule_note)
    upcoming = next_occurrence(activity, now)
    if upcoming:
        day, start = upcoming
        text = date_format(day, "SHORT_DATE_FORMAT")
        if start:
            text += f" {time_format(start, 'H.i')}"
        lines.insert(0, _("Next time: %(when)s") % {"when": text})
    return lines


def where_lines(activity) -> list[str]:
    """Each place as one line (name, street address, postal code and municipality)."""
    lines = []
    for location in activity.locations.all():
        town = " ".join(part for part in (location.postal_code, location.municipality.name) if part)
        lines.append(
            ", ".join(part for part in (location.name, location.street_address, town) if part)
        )
    if not lines or activity.format != ActivityFormat.IN_PERSON:
        lines.insert(0, activity.get_format_display())
    return lines


def data_controller() -> DataController:
    controller = hyte_settings.CONTROLLER or {}
    return DataController(
        name=controller.get("name", ""),
        email=controller.get("email", ""),
        privacy_notice_url=controller.get("privacy_notice_url", ""),
        retention_days=int(hyte_settings.RETENTION_DAYS),
    )


def receipt_context(referral, contact=None) -> dict:
    """The template context of the receipt, except the client's details themselves."""
    referrer: WorkContact = work_contact(referral.professional)
    return {
        "referrer": referrer,
        "when_lines": when_lines(referral.activity),
        "where_lines": where_lines(referral.activity),
        "contact_method": contact_method_label(getattr(contact, "contact_method", "")),
        "consent_wording": consent_wording(referral.consent),
        "controller": data_controller(),
    }
