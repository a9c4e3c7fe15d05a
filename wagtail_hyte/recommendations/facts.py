"""An activity's key facts in the client's language: when, where, cost, how to join, contact."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from wagtail_hyte.activities.choices import CostType, ScheduleType

UPCOMING_DATES = 6


@dataclass
class ActivityFacts:
    page_id: int
    title: str
    summary: str
    url: str
    organiser: str
    when: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    cost: str = ""
    join: list[str] = field(default_factory=list)
    contact: list[str] = field(default_factory=list)


_UNSET = object()


def in_language(page, language: str, locale=_UNSET):
    """The page's translation in ``language`` when the site has one, else the page."""
    if locale is _UNSET:
        locale = Locale.objects.filter(language_code=language).first()
    if locale is None or page.locale_id == locale.pk:
        return page
    translated = page.get_translation_or_none(locale)
    if translated is None or not translated.live or translated.get_url_parts() is None:
        return page  # no translation, or one the site does not serve
    return translated.specific


def _time(value) -> str:
    return value.strftime("%H.%M")


def _span(start, end) -> str:
    if start is None:
        return ""
    return _time(start) + (f"–{_time(end)}" if end else "")


def _when(page, today) -> list[str]:
    lines = []
    if page.schedule_type == ScheduleType.WEEKLY:
        for slot in page.weekly_times.all():
            lines.append(f"{slot.get_weekday_display()} {_span(slot.start_time, slot.end_time)}")
    else:
        meetings = [m for m in page.meetings.all() if m.date and m.date >= today]
        for meeting in meetings[:UPCOMING_DATES]:
            day = formats.date_format(meeting.date, "D j.n.Y")
            span = _span(meeting.start_time, meeting.end_time)
            lines.append(f"{day} {span}".strip())
        if len(meetings) > UPCOMING_DATES:
            more = len(meetings) - UPCOMING_DATES
            lines.append(
                ngettext("and %(count)s more date", "and %(count)s more dates", more)
                % {"count": more}
            )
    if page.schedule_note:
        lines.append(page.schedule_note)
    return lines


def _where(page) -> list[str]:
    lines = []
    for location in page.locations.all():
        parts = [location.name, location.street_address]
        place = " ".join(p for p in (location.postal_code, location.municipality.name) if p)
        lines.append(", ".join(p for p in (*parts, place) if p))
    if page.online_note:
        lines.append(page.online_note)
    if not lines:
        lines.append(page.get_format_display())
    return lines


def _cost(page) -> str:
    label = _("Free of charge") if page.cost_type == CostType.FREE else _("Paid")
    return f"{label}: {page.cost_description}" if page.cost_description else label


def _join(page) -> list[str]:
    if not page.registration_required:
        return [_("No registration: just come along.")]
    lines = [_("Registration required.")]
    if page.registration_url:
        lines.append(page.registration_url)
    if page.registration_phone:
        lines.append(_("Phone %(number)s") % {"number": page.registration_phone})
    if page.registration_email:
        lines.append(page.registration_email)
    if page.registration_note:
        lines.append(page.registration_note)
    return lines


def _contact(page) -> list[str]:
    return [v for v in (page.contact_title, page.contact_phone, page.contact_email) if v]


def activity_facts(
    page, *, language: str, plain: bool, request=None, today=None, locale=_UNSET
) -> ActivityFacts:
    """The facts of ``page`` for a client who reads ``language``."""
    today = today or timezone.localdate()
    page = in_language(page, language, locale)
    with translation.override(language):
        summary = (page.plain_summary if plain and page.plain_summary else page.summary) or ""
        return ActivityFacts(
            page_id=page.pk,
            title=page.title,
            summary=summary,
            url=page.get_full_url(request) or "",
            organiser=page.organiser.name,
            when=_when(page, today),
            where=_where(page),
            cost=_cost(page),
            join=_join(page),
            contact=_contact(page),
        )
