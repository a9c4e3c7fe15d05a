"""The placeholders coordinators may use in message and cover-letter templates.

A placeholder is a name in braces, e.g. ``{organisation}``. Only the names
below exist; templates are plain text, never Django template code, so an
edited template cannot reach anything but these values.
"""

from __future__ import annotations

import re

from .choices import TemplateKind

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

ALLOWED = {
    TemplateKind.SMS: ("organisation", "professional", "date", "activities", "activity_count"),
    TemplateKind.EMAIL: ("organisation", "professional", "date", "activities", "activity_count"),
    TemplateKind.LETTER: ("organisation", "professional", "date", "activity_count"),
}

# The activity list is where the links go: messages must have it.
REQUIRED = {TemplateKind.SMS: ("activities",), TemplateKind.EMAIL: ("activities",)}


def names_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def unknown_in(text: str, kind: str) -> list[str]:
    allowed = set(ALLOWED.get(kind, ()))
    return sorted({name for name in names_in(text) if name not in allowed})


def fill(text: str, values: dict[str, str]) -> str:
    """Replace known placeholders; anything else stays as written."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text or "")


def split_on(text: str, name: str) -> list[str]:
    """``text`` cut at each ``{name}`` (for inserting HTML where the list goes)."""
    return (text or "").split("{" + name + "}")
