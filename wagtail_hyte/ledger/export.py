"""JSON Lines export of the ledger for auditors: entries and checkpoints, no personal data.

Line 1 is a header (origin, encoding version, the checkpoint public key), then
one ``entry`` line per entry in sequence order, then one ``checkpoint`` line per
stored checkpoint. Each entry line carries exactly the fields that are hashed,
so an auditor can recompute the chain without database access
(docs/ledger-auditor-guide.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.utils import timezone

from wagtail_hyte.core.conf import hyte_settings

from . import canonical
from .keys import get_keyring, public_key_base64
from .models import Checkpoint, LedgerEntry
from .verification import COLUMNS


def iter_export_lines(chunk_size: int = 5000):
    """Yield the export one line (str, with newline) at a time, in constant memory."""
    header = {
        "type": "header",
        "format": "hyte-ledger-export/1",
        "encoding": canonical.VERSION,
        "origin": hyte_settings.LEDGER_ORIGIN,
        "public_key": public_key_base64(get_keyring().public_key()),
        "exported_at": canonical.format_time(timezone.now()),
    }
    yield json.dumps(header, sort_keys=True) + "\n"
    rows = LedgerEntry.objects.order_by("seq").values_list(*COLUMNS).iterator(chunk_size=chunk_size)
    for seq, time, actor, kind, subjects, payload, prev_hash, entry_hash in rows:
        yield (
            '{"type":"entry","seq":'
            + str(seq)
            + ',"time":"'
            + canonical.format_time(time)
            + '","actor":'
            + json.dumps(actor, ensure_ascii=False)
            + ',"kind":'
            + json.dumps(kind, ensure_ascii=False)
            + ',"subjects":'
            + subjects
            + ',"payload":'
            + payload
            + ',"prev":"'
            + prev_hash
            + '","hash":"'
            + entry_hash
            + '"}\n'
        )
    for size, note in (
        Checkpoint.objects.order_by("size", "created_at")
        .values_list("size", "note")
        .iterator(chunk_size=chunk_size)
    ):
        yield json.dumps({"type": "checkpoint", "size": size, "note": note}) + "\n"


def export_to_path(path) -> int:
    """Write the export to ``path``; returns the number of lines written."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for line in iter_export_lines():
            out.write(line)
            count += 1
    return count
