"""A data subject's timeline as a file: their consents and every ledger entry
about them, for an access request (GDPR art. 15: who processed the data, when
and why) or a supervisory authority.

No personal data: the ledger holds ids, codes and digests only, and the
contact details are not decrypted here (reading them is a separate, ledgered
read that auditors are not allowed). JSON keeps the raw, verifiable entries
(the hashed fields) besides the readable words; CSV is one row per event with
the readable words, for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json

from django.utils import timezone
from django.utils.html import strip_tags

from wagtail_hyte.core.spreadsheets import safe_cell

from . import canonical
from .contact import DATA_CATEGORIES
from .display import purpose_label, readable
from .kinds import kind_label
from .models import LedgerEntry

FORMAT_VERSION = "hyte-subject-timeline/1"
CSV_COLUMNS = ("seq", "time", "kind", "event", "actor", "organisations", "details", "hash")


def _time(value):
    return canonical.format_time(value) if value else None


def _entries(subject):
    return readable(LedgerEntry.objects.for_subject(subject.pk).order_by("seq"))


def _details_text(entry) -> str:
    return "; ".join(f"{label}: {strip_tags(html)}" for label, html in entry.readable.details)


def timeline_document(subject) -> dict:
    """The timeline as a JSON-serialisable dict."""
    consents = subject.consents.select_related("recipient", "notice").order_by("given_at")
    return {
        "format": FORMAT_VERSION,
        "exported_at": _time(timezone.now()),
        "subject": {
            "id": str(subject.pk),
            "created_at": _time(subject.created_at),
            "business_closed_at": _time(subject.business_closed_at),
            "erased_at": _time(subject.erased_at),
        },
        "consents": [
            {
                "id": str(consent.pk),
                "given_at": _time(consent.given_at),
                "recipient": str(consent.recipient),
                "purpose": consent.purpose,
                "purpose_label": str(purpose_label(consent.purpose) or consent.purpose),
                "data_categories": list(consent.data_categories),
                "data_category_labels": [
                    str(DATA_CATEGORIES.get(code, code)) for code in consent.data_categories
                ],
                "notice": str(consent.notice) if consent.notice_id else None,
                "collection_method": consent.collection_method,
                "expires_at": _time(consent.expires_at),
                "status": consent.status,
                "withdrawn_at": _time(consent.withdrawn_at),
            }
            for consent in consents
        ],
        "events": [
            {
                "seq": entry.seq,
                "time": _time(entry.created_at),
                "actor": entry.actor,
                "actor_name": str(entry.readable.actor.name),
                "organisations": list(entry.readable.actor.organisations),
                "kind": entry.kind,
                "event": str(kind_label(entry.kind)),
                "payload": entry.payload_data,
                "details": _details_text(entry),
                "prev_hash": entry.prev_hash,
                "hash": entry.hash,
            }
            for entry in _entries(subject)
        ],
    }


def timeline_json(subject) -> str:
    return json.dumps(timeline_document(subject), ensure_ascii=False, indent=2) + "\n"


def timeline_csv(subject) -> str:
    """One row per event; the first line names the columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in _entries(subject):
        writer.writerow(
            safe_cell(value)
            for value in [
                entry.seq,
                _time(entry.created_at),
                entry.kind,
                str(kind_label(entry.kind)),
                str(entry.readable.actor.name),
                ", ".join(entry.readable.actor.organisations),
                _details_text(entry),
                entry.hash,
            ]
        )
    return out.getvalue()
