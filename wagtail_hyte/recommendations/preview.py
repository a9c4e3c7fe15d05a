"""Preview of a message template with sample activities (Wagtail's preview panel)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail_hyte.core.conf import hyte_settings

from . import compose, smslength
from .choices import TemplateKind
from .facts import ActivityFacts


def sample_facts(language: str) -> list[ActivityFacts]:
    with translation.override(language):
        return [
            ActivityFacts(
                page_id=0,
                title=_("Walking group for over 70s"),
                summary=_("A relaxed walk together in the park, with coffee afterwards."),
                url="https://example.invalid/activities/walking-group/",
                organiser=_("Local seniors' association"),
                when=[_("Tuesday") + " 10.00–11.30"],
                where=[_("Main library entrance")],
                cost=_("Free of charge"),
                join=[_("No registration: just come along.")],
                contact=[_("Seniors' association office")],
            )
        ]


def preview_context(template, request) -> dict:
    language = template.language or "fi"
    facts = sample_facts(language)
    with translation.override(language):
        values = {
            "organisation": hyte_settings.CONTROLLER.get("name") or _("Your welfare area"),
            "professional": _("Professional's name"),
            "date": "{d.day}.{d.month}.{d.year}".format(d=timezone.localdate()),
            "activity_count": str(len(facts)),
        }
    comp = compose.Composition(language, False, facts, values)
    context = {"template": template, "kind": template.kind, "language": language, "error": ""}
    try:
        if template.kind == TemplateKind.SMS:
            text = compose.sms_text(comp, template.body)
            context.update(text=text, segments=smslength.segments(text))
        elif template.kind == TemplateKind.EMAIL:
            context["email"] = compose.email_message(comp, template.subject, template.body)
        else:
            context["letter"] = render_to_string(
                "wagtail_hyte/recommendations/print.html",
                {**compose.letter_context(comp, template.body), "pdf": True, "preview": True},
            )
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
    return context
