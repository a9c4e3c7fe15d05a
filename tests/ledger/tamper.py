"""What an attacker with database write access could do to the ledger (for tests)."""

# ruff: noqa: S608  (table and column names are constants of this module)

import hashlib

from django.db import connection

from wagtail_hyte.ledger import canonical
from wagtail_hyte.ledger.models import LedgerEntry

from .conftest import raw_execute

TABLE = "wagtail_hyte_ledger_ledgerentry"


def set_column(seq, column, value):
    raw_execute(f"UPDATE {TABLE} SET {column} = %s WHERE seq = %s", [value, seq])


def delete_row(seq):
    raw_execute(f"DELETE FROM {TABLE} WHERE seq = %s", [seq])


def row(seq):
    return LedgerEntry.objects.values(
        "created_at", "actor", "kind", "subjects", "payload", "prev_hash", "hash"
    ).get(seq=seq)


def write_row(seq, values):
    assignments = ", ".join(f"{column} = %s" for column in values)
    raw_execute(f"UPDATE {TABLE} SET {assignments} WHERE seq = %s", [*values.values(), seq])


def swap_rows(a, b):
    ra, rb = row(a), row(b)
    set_column(a, "hash", "x" * 64)
    write_row(b, ra)
    write_row(a, rb)


def compute_hash(seq, values):
    return hashlib.sha256(
        canonical.stored_entry_bytes(
            seq,
            values["created_at"],
            values["actor"],
            values["kind"],
            values["subjects"],
            values["payload"],
            values["prev_hash"],
        )
    ).hexdigest()


def rehash_from(seq, update_head=True):
    """Recompute every hash from ``seq`` on, as a careful attacker would."""
    prev = canonical.GENESIS_HASH if seq == 1 else row(seq - 1)["hash"]
    last = LedgerEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    for n in range(seq, last + 1):
        values = row(n)
        values["prev_hash"] = prev
        values["hash"] = "t" * 63 + str(n % 10)  # avoid transient unique clashes
        write_row(n, {"prev_hash": prev, "hash": values["hash"]})
        new = compute_hash(n, values)
        write_row(n, {"hash": new})
        prev = new
    if update_head:
        set_head(last, prev)
    return prev


def set_head(seq, head_hash):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtail_hyte_ledger_chainhead SET seq = %s, hash = %s WHERE id = 1",
            [seq, head_hash],
        )


def delete_checkpoints(min_size=0):
    """Delete the checkpoint rows from ``min_size`` on, bypassing every guard."""
    raw_execute("DELETE FROM wagtail_hyte_ledger_checkpoint WHERE size >= %s", [min_size])


def truncate(keep):
    """The insider's truncation: the tail after ``keep``, the newer checkpoint rows
    and the head, all with raw SQL."""
    last = LedgerEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    for seq in range(last, keep, -1):
        delete_row(seq)
    delete_checkpoints(keep + 1)
    set_head(keep, row(keep)["hash"])


def forge_run(**values):
    """Insert an "intact" verification run row as an insider would (no signature)."""
    import datetime as dt

    row_values = {
        "started_at": dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        "finished_at": dt.datetime(2030, 1, 1, 0, 1, tzinfo=dt.UTC),
        "ok": True,
        "entries_checked": 1,
        "first_bad_seq": None,
        "problem": "",
        "checkpoints_checked": 0,
        "outside_checkpoints": 0,
        "head_seq": None,
        "head_hash": "",
        "signature": "",
    }
    row_values.update(values)
    columns = ", ".join(row_values)
    marks = ", ".join(["%s"] * len(row_values))
    raw_execute(
        f"INSERT INTO wagtail_hyte_ledger_verificationrun ({columns}) VALUES ({marks})",
        list(row_values.values()),
    )


def insert_forged(seq, prev_hash, *, kind="consent.given", actor="system:forger"):
    import datetime as dt

    values = {
        "created_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        "actor": actor,
        "kind": kind,
        "subjects": "[]",
        "payload": "{}",
        "prev_hash": prev_hash,
    }
    values["hash"] = compute_hash(seq, values)
    LedgerEntry(seq=seq, **values).save()  # an insert: the guards allow it
    return values["hash"]


def shift_up_from(seq):
    """Renumber entries seq.. to seq+1.. (highest first, to keep keys unique)."""
    last = LedgerEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    for n in range(last, seq - 1, -1):
        raw_execute(f"UPDATE {TABLE} SET seq = %s WHERE seq = %s", [n + 1, n])
