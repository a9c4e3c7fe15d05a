"""How values are written in HSDS objects: no nulls, dates and times in ISO 8601.

The HSDS schemas type every field as a plain string, number, array or object,
never ``null``: an absent value is left out (``obj``). Required fields are kept
even when empty.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.utils.html import strip_tags


def obj(required: tuple[str, ...] = (), **fields) -> dict:
    """The fields that have a value (not None, not ""), and ``required`` ones always."""
    return {
        name: value
        for name, value in fields.items()
        if name in required or (value is not None and value != "")
    }


def join(*parts) -> str:
    """Non-empty parts, stripped, joined with a space."""
    return " ".join(str(part).strip() for part in parts if part and str(part).strip())


def datetime_utc(value: datetime | None) -> str | None:
    """``2025-03-15T10:30:45.123Z``: UTC with milliseconds (HSDS ``last_modified``)."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def day(value: date | None) -> str | None:
    """``YYYY-MM-DD``."""
    return value.isoformat() if value else None


def clock(value: time | None, offset: str = "") -> str | None:
    """``HH:MM``, with ``offset`` (``+02:00``) appended when given."""
    return f"{value:%H:%M}{offset}" if value else None


def number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def plain_text(rich: str) -> str:
    """Rich text (Wagtail's stored HTML) as plain text."""
    return html.unescape(strip_tags(rich or "")).strip()
