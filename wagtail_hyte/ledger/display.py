"""Ledger entries in words, for the auditor views.

The ledger stores ids and codes only (``user:12``, ``referral.contact_client``,
``verbal``). This module turns them into names and labels for display, with
the raw value kept beside them:

* purposes: apps register theirs, as they do their kinds::

      from wagtail_hyte.ledger.display import register_purpose
      register_purpose("referral", _("Referral"))

* payload keys and coded values: ``register_payload_labels(key, label,
  values={code: label}, kind=None)``; ``kind`` restricts the labels to one
  entry kind (``from``/``to`` of a status change are statuses, of a key
  rotation key ids). The ledger's own keys are registered below. A coded
  value is shown as its label, with the code in the ``title`` attribute.
* actors and partners: ``readable(entries)`` resolves every ``user:<pk>``
  (full name or username, and the partners the user is a member of) and every
  partner id of a page of entries with three queries in all, whatever the
  number of entries.

Nothing here writes to the ledger or changes what is hashed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.languages import LANGUAGES
from wagtail_hyte.core.people import person_name

from . import kinds
from .contact import DATA_CATEGORIES
from .models import CollectionMethod, LawfulBasis
from .services import refusals
from .services.subject_search import RequestKind

_purposes: dict[str, object] = {}
_key_labels: dict[tuple[str | None, str], object] = {}
_value_labels: dict[tuple[str | None, str], dict[str, object]] = {}

# Payload keys whose values are partner ids, shown as the partner's name.
PARTNER_KEYS = ("recipient", "partner")
PURPOSE_KEY = "purpose"
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def register_purpose(code: str, label) -> str:
    """Register the label of a purpose code (why personal data is read). Idempotent."""
    _purposes.setdefault(code, label)
    return code


def purpose_label(code: str):
    """The registered label of ``code``, or ``None``."""
    return _purposes.get(code)


def register_payload_labels(key: str, label=None, *, values=None, kind: str | None = None):
    """Label a payload key and/or its coded values, for every kind or for ``kind`` only."""
    if label is not None:
        _key_labels.setdefault((kind, key), label)
    if values:
        mapping = _value_labels.setdefault((kind, key), {})
        for code, value_label in dict(values).items():
            mapping.setdefault(code, value_label)


def key_label(key: str, kind: str | None = None):
    """The label of a payload key (the kind's own first), or ``None``."""
    return _key_labels.get((kind, key)) or _key_labels.get((None, key))


def value_label(key: str, code, kind: str | None = None):
    """The label of a coded payload value, or ``None``."""
    if not isinstance(code, str):
        return None
    if key == PURPOSE_KEY:
        return purpose_label(code)
    for scope in (kind, None):
        label = _value_labels.get((scope, key), {}).get(code)
        if label is not None:
            return label
    return None


def _code(value) -> str:
    return format_html("<code>{}</code>", value)


def format_datetime(value: dt.datetime) -> str:
    """A time in the current (the site's) time zone, date and time in its format."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _time_html(value: dt.datetime, text: str) -> str:
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


def _parse_time(value: str):
    if _DATETIME.match(value):
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return None


@dataclass
class Actor:
    """Who did it: ``name`` (a user's name, "System", "Unknown user"), the
    partners the user is a member of, and the ``raw`` ledger value."""

    raw: str
    name: object
    organisations: list[str] = field(default_factory=list)


@dataclass
class ReadableEntry:
    actor: Actor
    details: list[tuple[object, str]]  # (label, HTML) in payload key order
    values: dict[str, str]  # payload key -> HTML


class Reader:
    """Bulk lookups for a set of entries: users, their memberships, partners."""

    def __init__(self, entries):
        from wagtail_hyte.partners.models import Partner, PartnerMembership

        user_ids, partner_ids = set(), set()
        for entry in entries:
            prefix, _sep, rest = entry.actor.partition(":")
            if prefix == "user" and rest.isdigit():
                user_ids.add(int(rest))
            payload = entry.payload_data
            for key in PARTNER_KEYS:
                value = str(payload.get(key, ""))
                if value.isdigit():
                    partner_ids.add(int(value))
        self.users = {}
        self.organisations: dict[int, list[str]] = {}
        if user_ids:
            self.users = {
                user.pk: user for user in get_user_model().objects.filter(pk__in=user_ids)
            }
            memberships = (
                PartnerMembership.objects.filter(user_id__in=self.users)
                .select_related("partner")
                .order_by("partner__name")
            )
            for membership in memberships:
                self.organisations.setdefault(membership.user_id, []).append(
                    membership.partner.name
                )
        self.partners = {}
        if partner_ids:
            self.partners = {
                str(pk): name
                for pk, name in Partner.objects.filter(pk__in=partner_ids).values_list("pk", "name")
            }

    def actor(self, raw: str) -> Actor:
        prefix, _sep, rest = raw.partition(":")
        if prefix == "system":
            return Actor(raw, _("System"))
        if prefix == "user" and rest.isdigit():
            user = self.users.get(int(rest))
            if user is None:
                return Actor(raw, _("Unknown or deleted user"))
            name = person_name(user)
            return Actor(raw, name, self.organisations.get(user.pk, []))
        return Actor(raw, raw)

    def value(self, kind: str, key: str, value) -> str:
        """One payload value as HTML: words for codes, names for partners, local times."""
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if isinstance(value, list):
            return format_html_join(", ", "{}", ((self.value(kind, key, v),) for v in value))
        if isinstance(value, dict):
            return format_html_join(
                ", ", "{}: {}", ((k, self.value(kind, k, v)) for k, v in sorted(value.items()))
            )
        if key in PARTNER_KEYS and str(value) in self.partners:
            return format_html(
                '{} <span class="hyte-raw">(<code>{}</code>)</span>',
                self.partners[str(value)],
                value,
            )
        label = value_label(key, value, kind)
        if label is not None:  # the code stays at hand for comparing with the export
            return format_html('<span title="{}">{}</span>', value, label)
        if isinstance(value, str):
            if (moment := _parse_time(value)) is not None:
                return _time_html(moment, format_datetime(moment))
            if _DATE.match(value):
                day = dt.date.fromisoformat(value)
                return format_html(
                    '<time datetime="{}">{}</time>',
                    value,
                    formats.date_format(day, "SHORT_DATE_FORMAT"),
                )
            return _code(value)
        return format_html("{}", value)

    def read(self, entry) -> ReadableEntry:
        payload = entry.payload_data
        values = {key: self.value(entry.kind, key, value) for key, value in payload.items()}
        details = [(key_label(key, entry.kind) or key, values[key]) for key in payload]
        return ReadableEntry(self.actor(entry.actor), details, values)


def readable(entries) -> list:
    """``entries`` as a list, each with ``.readable`` (a ``ReadableEntry``)."""
    entries = list(entries)
    reader = Reader(entries)
    for entry in entries:
        entry.readable = reader.read(entry)
    return entries


def readable_entry(entry) -> ReadableEntry:
    """``entry.readable``, looked up on its own when the view did not do it in bulk."""
    if getattr(entry, "readable", None) is None:
        readable([entry])
    return entry.readable


# The ledger's own payload keys and codes.
for _key, _label in {
    "consent": _("Consent"),
    "schema": _("Record format"),
    "recipient": _("Recipient"),
    "purpose": _("Purpose"),
    "categories": _("Personal data"),
    "lawful_basis": _("Lawful basis"),
    "notice": _("Notice"),
    "notice_version": _("Notice version"),
    "notice_language": _("Notice language"),
    "notice_sha256": _("Notice text digest (SHA-256)"),
    "method": _("Method"),
    "given_at": _("Given"),
    "expires_at": _("Expires"),
    "withdrawn_at": _("Withdrawn at"),
    "contact": _("Contact details"),
    "contact_version_sha256": _("Contact details version digest (SHA-256)"),
    "ciphertext_sha256": _("Encrypted data digest (SHA-256)"),
    "reason": _("Reason"),
    "closed_at": _("Business closed"),
    "reopened_at": _("Reopened at"),
    "role": _("Role"),
    "from": _("From"),
    "to": _("To"),
}.items():
    register_payload_labels(_key, _label)
register_payload_labels("to", _("New key"), kind="key.rotated")
register_payload_labels("from", _("Previous keys"), kind="key.rotated")
register_payload_labels("rewrapped", _("Data keys re-wrapped"), kind="key.rotated")
register_payload_labels("categories", values=DATA_CATEGORIES)
register_payload_labels("method", values=CollectionMethod.choices)
register_payload_labels("lawful_basis", values=LawfulBasis.choices)
register_payload_labels("notice_language", values=LANGUAGES)
register_payload_labels(
    "reason",
    values={
        refusals.NO_CONSENT: _("No consent"),
        refusals.CONSENT_WITHDRAWN: _("Consent withdrawn"),
        refusals.CONSENT_EXPIRED: _("Consent expired"),
        refusals.CONSENT_MISMATCH: _("This consent does not cover this read."),
        refusals.SUBJECT_ERASED: _("Personal data erased"),
        refusals.DECRYPTION_FAILED: _("Decryption failed"),
        "other": _("Other reason"),
        "request": _("Request of the data subject"),
        "retention": _("Retention period ended"),
        "new_consent": _("New consent"),
    },
)
_searched, _exported = kinds.SUBJECT_SEARCHED, kinds.SUBJECT_TIMELINE_EXPORTED
register_payload_labels("request", _("Kind of request"), values=RequestKind.choices, kind=_searched)
register_payload_labels("reference", _("Request reference"), kind=_searched)
register_payload_labels(
    "by",
    _("Searched by"),
    values={"phone": _("Phone number"), "email": _("Email address")},
    kind=_searched,
)
register_payload_labels("matches", _("Subjects found"), kind=_searched)
register_payload_labels(
    "format", _("Format"), values={"json": "JSON", "csv": "CSV"}, kind=_exported
)
del _key, _label, _searched, _exported
