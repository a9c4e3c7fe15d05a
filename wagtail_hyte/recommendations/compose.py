"""Turn activities and a template into a text message, an email or a cover letter."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.people import person_name

from . import placeholders, smslength
from .choices import TemplateKind
from .defaults import default_template
from .facts import ActivityFacts, activity_facts
from .organisation import organisation_of


@dataclass
class Composition:
    language: str
    plain: bool
    facts: list[ActivityFacts]
    values: dict[str, str]


def load_template(kind: str, language: str) -> tuple[str, str]:
    """(subject, body) from the coordinators' template, or the built-in default."""
    from .models import MessageTemplate

    template = MessageTemplate.objects.filter(kind=kind, language=language).first()
    if template is None:
        return default_template(kind, language)
    return template.subject, template.body


def composition(activities, *, user, language, plain, request=None, today=None) -> Composition:
    from wagtail.models import Locale

    today = today or timezone.localdate()
    locale = Locale.objects.filter(language_code=language).first()
    facts = [
        activity_facts(
            page, language=language, plain=plain, request=request, today=today, locale=locale
        )
        for page in activities
    ]
    with translation.override(language):
        values = {
            "organisation": organisation_of(user),
            "professional": person_name(user),
            "date": formats.date_format(today, "j.n.Y"),
            "activity_count": str(len(facts)),
        }
    return Composition(language, plain, facts, values)


# --- text message ------------------------------------------------------------


def _sms_list(facts: list[ActivityFacts], *, titles: bool) -> str:
    if titles:
        return "\n".join(f"{f.title} {f.url}" for f in facts)
    return "\n".join(f.url for f in facts)


def sms_text(comp: Composition, body: str | None = None) -> str:
    """The text message, at most SMS_MAX_SEGMENTS long, or a ValidationError."""
    if body is None:
        body = load_template(TemplateKind.SMS, comp.language)[1]
    limit = hyte_settings.SMS_MAX_SEGMENTS
    text = ""
    for titles in (True, False):
        values = {**comp.values, "activities": _sms_list(comp.facts, titles=titles)}
        text = smslength.gsm_text(placeholders.fill(body, values)).strip()
        if smslength.segments(text) <= limit:
            return text
    raise ValidationError(
        _(
            "The text message would take %(segments)s SMS messages; at most %(limit)s are "
            "allowed. Choose fewer activities, or send an email or a printout instead."
        )
        % {"segments": smslength.segments(text), "limit": limit},
        code="sms_too_long",
    )


# --- email -------------------------------------------------------------------


def _email_list_text(comp: Composition) -> str:
    blocks = []
    with translation.override(comp.language):
        for f in comp.facts:
            lines = [f.title, f.summary]
            lines += [_("When: %(value)s") % {"value": "; ".join(f.when)}] if f.when else []
            lines += [_("Where: %(value)s") % {"value": "; ".join(f.where)}] if f.where else []
            lines.append(_("Cost: %(value)s") % {"value": f.cost})
            lines.append(_("How to join: %(value)s") % {"value": " ".join(f.join)})
            if f.contact:
                lines.append(_("Contact: %(value)s") % {"value": ", ".join(f.contact)})
            lines.append(f.url)
            blocks.append("\n".join(line for line in lines if line))
    return "\n\n".join(blocks)


def _text_to_html(text: str, values: dict[str, str], activities_html: str) -> str:
    """Paragraphs of the template, escaped, with the activity list inserted as HTML."""
    parts = []
    for n, chunk in enumerate(placeholders.split_on(text, "activities")):
        if n:
            parts.append(activities_html)
        filled = placeholders.fill(
            str(conditional_escape(chunk)),
            {k: str(conditional_escape(v)) for k, v in values.items()},
        )
        if filled.strip():
            parts.append(linebreaks(filled, autoescape=False))
    return mark_safe("\n".join(parts))  # noqa: S308 (every piece escaped above)


def email_message(comp: Composition, subject: str | None = None, body: str | None = None) -> dict:
    """{"subject", "text", "html"} of the recommendation email."""
    if subject is None or body is None:
        subject, body = load_template(TemplateKind.EMAIL, comp.language)
    text = placeholders.fill(body, {**comp.values, "activities": _email_list_text(comp)})
    with translation.override(comp.language):
        activities_html = render_to_string(
            "wagtail_hyte/recommendations/email/activities.html", {"facts": comp.facts}
        )
        html = render_to_string(
            "wagtail_hyte/recommendations/email/message.html",
            {
                "language": comp.language,
                "subject": placeholders.fill(subject, comp.values),
                "content": _text_to_html(body, comp.values, activities_html),
            },
        )
    return {
        "subject": " ".join(placeholders.fill(subject, comp.values).split())[:200],
        "text": text.strip() + "\n",
        "html": html,
    }


# --- cover letter --------------------------------------------------------------


def letter_context(comp: Composition, body: str | None = None) -> dict:
    from .qr import qr_data_uri

    if body is None:
        body = load_template(TemplateKind.LETTER, comp.language)[1]
    greeting = placeholders.fill(body, comp.values)
    return {
        "language": comp.language,
        "plain": comp.plain,
        "organisation": comp.values["organisation"],
        "date": comp.values["date"],
        "greeting": greeting,
        "items": [{"facts": f, "qr": qr_data_uri(f.url)} for f in comp.facts],
    }
