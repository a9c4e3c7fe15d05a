"""The registry of ledger entry kinds.

The ledger ships its own kinds; other apps register theirs in their
``AppConfig.ready()``::

    from wagtail_hyte.ledger.kinds import register_kind
    register_kind("referral.created", _("Referral created"))

Appending an entry of an unregistered kind is refused.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

CONSENT_GIVEN = "consent.given"
CONSENT_WITHDRAWN = "consent.withdrawn"
CONSENT_EXPIRED = "consent.expired"
PERSONAL_DATA_STORED = "personal_data.stored"
PERSONAL_DATA_READ = "personal_data.read"
PERSONAL_DATA_READ_REFUSED = "personal_data.read_refused"
PERSONAL_DATA_ERASED = "personal_data.erased"
SUBJECT_BUSINESS_CLOSED = "subject.business_closed"
SUBJECT_BUSINESS_REOPENED = "subject.business_reopened"
KEY_ROTATED = "key.rotated"
SUBJECT_SEARCHED = "subject.searched"
SUBJECT_TIMELINE_EXPORTED = "subject.timeline_exported"

_registry: dict[str, object] = {}


def register_kind(kind: str, label=None) -> str:
    """Register ``kind`` (dotted lower-case, e.g. ``referral.created``). Idempotent."""
    if not KIND_PATTERN.match(kind):
        raise ValueError(f"invalid ledger kind {kind!r}: use dotted lower-case names")
    _registry.setdefault(kind, label or kind)
    return kind


def is_registered(kind: str) -> bool:
    return kind in _registry


def registered_kinds() -> dict[str, object]:
    """``{kind: label}``, sorted by kind."""
    return dict(sorted(_registry.items()))


def kind_label(kind: str):
    return _registry.get(kind, kind)


register_kind(CONSENT_GIVEN, _("Consent given"))
register_kind(CONSENT_WITHDRAWN, _("Consent withdrawn"))
register_kind(CONSENT_EXPIRED, _("Consent expired"))
register_kind(PERSONAL_DATA_STORED, _("Personal data stored"))
register_kind(PERSONAL_DATA_READ, _("Personal data read"))
register_kind(PERSONAL_DATA_READ_REFUSED, _("Personal data read refused"))
register_kind(PERSONAL_DATA_ERASED, _("Personal data erased"))
register_kind(SUBJECT_BUSINESS_CLOSED, _("Business with the subject closed"))
register_kind(SUBJECT_BUSINESS_REOPENED, _("Business with the subject reopened"))
register_kind(KEY_ROTATED, _("Keys rotated"))
register_kind(SUBJECT_SEARCHED, _("Data subject searched for a request"))
register_kind(SUBJECT_TIMELINE_EXPORTED, _("Data subject's timeline exported"))
