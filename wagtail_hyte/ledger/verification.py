# ruff: noqa: S608  (the SQL is built from constants of this module)
"""Streaming verification of the hash chain.

Reads the ledger in sequence order in chunks (constant memory), recomputes every
hash from the stored columns, checks the links and the sequence numbers, compares
with the chain head and with signed checkpoints (from the database and from
files an auditor holds), and stops at the first problem, naming the sequence
number and what is wrong.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wagtail_hyte.core.conf import hyte_settings

from . import canonical
from .actors import actor_label
from .checkpoints import (
    CheckpointError,
    CheckpointNote,
    outside_notes,
    trusted_public_keys,
    verify_note,
)
from .keys import KeyUnavailable, get_keyring
from .models import ChainHead, Checkpoint, LedgerEntry, VerificationRun
from .signals import verification_recorded

COLUMNS = ("seq", "created_at", "actor", "kind", "subjects", "payload", "prev_hash", "hash")


@dataclass
class VerificationResult:
    ok: bool = True
    entries_checked: int = 0
    first_bad_seq: int | None = None
    problem: str = ""
    checkpoints_checked: int = 0
    outside_checkpoints: int = 0
    head_seq: int = 0
    head_hash: str = canonical.GENESIS_HASH
    notes: list[str] = field(default_factory=list)

    def fail(self, seq: int | None, problem: str) -> VerificationResult:
        if self.ok:
            self.ok = False
            self.first_bad_seq = seq
            self.problem = problem
        return self


def _collect_checkpoints(external_notes, result, newest) -> dict[int, list[tuple[str, str]]]:
    """``{size: [(source, root hash)]}`` from verified notes; forged ones fail the run.

    ``newest`` (a list) receives the newest note from outside the database.
    """
    wanted: dict[int, list[tuple[str, str]]] = {}
    sources = [(f"file {name}", text) for name, text in external_notes]
    outside = len(sources)
    sources += [
        (f"stored checkpoint {cp_id}", note)
        for cp_id, note in Checkpoint.objects.order_by("size").values_list("id", "note")
    ]
    for index, (source, text) in enumerate(sources):
        try:
            note: CheckpointNote = verify_note(text)
        except (CheckpointError, KeyUnavailable) as exc:
            result.fail(None, f"{source}: {exc}")
            continue
        wanted.setdefault(note.size, []).append((source, note.root_hash))
        if index < outside:
            result.outside_checkpoints += 1
            if not newest or note.size > newest[0][1].size:
                newest[:] = [(source, note)]
    return wanted


def _newest_outside_in_database(newest, result) -> None:
    """Fail when the newest outside checkpoint has no row in the database.

    Someone who truncates the chain also deletes the newer checkpoint rows; the
    copy outside the database still names them.
    """
    if not newest:
        return
    source, note = newest[0]
    if not Checkpoint.objects.filter(size=note.size, root_hash=note.root_hash).exists():
        result.fail(
            note.size,
            f"{source} (size {note.size}) is missing from the database's checkpoints: "
            "checkpoint rows were deleted",
        )


# -- Reading the rows -------------------------------------------------------
#
# Each row is read as (seq, actor, kind, prev_hash, hash, tail): the canonical
# bytes of an entry are ``_entry_head(actor, kind) + tail``. The head holds the
# only fields that need quoting (actor and kind, NFC and JSON escaping, done in
# Python by canonical._quote and cached: few distinct pairs). The tail is
# the stored texts spliced in canonical key order. On PostgreSQL the database
# splices them (and formats the time as canonical.format_time does) and a
# named server-side cursor streams binary rows; elsewhere a plain DB-API
# cursor reads the columns and Python splices them. Either way the bytes are
# those of canonical.stored_entry_bytes (tests/ledger/test_offline.py).

_HEAD_CACHE = 4096
_TABLE = LedgerEntry._meta.db_table
_VERSION_TAIL = '","v":"' + canonical.VERSION + '"}'

# Times Python can represent: 0001-01-01 to 9999-12-31 UTC (to_char would
# render others, e.g. BC years, differently or ambiguously). Outside them the
# tail is NULL and the entry "cannot be encoded", as the ORM could not load it.
_PG_TIME = (
    "CASE WHEN created_at >= TIMESTAMPTZ '0001-01-01 00:00:00+00' "
    "AND created_at < TIMESTAMPTZ '10000-01-01 00:00:00+00' "
    "THEN to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') END"
)
_PG_SQL = (
    "SELECT seq, actor, kind, prev_hash, hash, convert_to("
    '\',"payload":\' || payload || \',"prev":"\' || prev_hash || \'","seq":\' '
    '|| seq::text || \',"subjects":\' || subjects || \',"time":"\' || '
    + _PG_TIME
    + " || 'Z"
    + _VERSION_TAIL
    + "', 'UTF8') FROM "
    + _TABLE
    + " ORDER BY seq"
)
_PLAIN_SQL = (
    "SELECT seq, actor, kind, prev_hash, hash, created_at, subjects, payload, prev_hash "
    "FROM " + _TABLE + " ORDER BY seq"
)


def _entry_head(actor, kind) -> bytes:
    return ('{"actor":' + canonical._quote(actor) + ',"kind":' + canonical._quote(kind)).encode(
        "utf-8"
    )


def _entry_tail(tail) -> bytes:
    """The tail bytes from ``(seq, time, subjects, payload, prev_hash)`` (plain cursor)."""
    if tail is None:
        raise ValueError("its time is outside the years 1 to 9999")
    seq, time, subjects, payload, prev_hash = tail
    return (
        ',"payload":'
        + payload
        + ',"prev":"'
        + prev_hash
        + '","seq":'
        + str(int(seq))
        + ',"subjects":'
        + subjects
        + ',"time":"'
        + canonical.format_time(_aware(time))
        + _VERSION_TAIL
    ).encode("utf-8")


def _aware(value):
    """A stored time as the ORM returns it: parsed if text, aware in the connection's zone."""
    if not isinstance(value, datetime):
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None:
            raise ValueError(f"its time {value!r} is not a date and time")
        value = parsed
    if value.utcoffset() is None:
        value = value.replace(tzinfo=connection.timezone or UTC)
    return value


@contextmanager
def _entry_chunks(chunk_size):
    """Lists of at most ``chunk_size`` rows (see above), in sequence order."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            cursor = connection.connection.cursor(
                name=f"hyte_verify_{uuid.uuid4().hex}", binary=True
            )
            cursor.itersize = chunk_size
            try:
                cursor.execute(_PG_SQL)
                yield iter(lambda: cursor.fetchmany(chunk_size), [])
            finally:
                cursor.close()
        return
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_PLAIN_SQL)

        def chunks():
            while rows := cursor.fetchmany(chunk_size):
                yield [(r[0], r[1], r[2], r[3], r[4], (r[0], *r[5:])) for r in rows]

        yield chunks()
    finally:
        cursor.close()


def verify_chain(
    *,
    external_notes=(),
    outside: bool = True,
    chunk_size: int = 5000,
    progress=None,
    record: bool = True,
    actor: str = "system:verification",
) -> VerificationResult:
    """Verify the whole chain. ``external_notes``: [(name, signed note text)].

    With ``outside`` (the default) every note in ``CHECKPOINT_DIRECTORY`` is
    checked too, and the newest outside note must also be in the database.
    With ``record`` the run is stored, signed, with ``actor`` (``user:<pk>`` or
    ``system:<name>``) and ``signals.verification_recorded`` is sent.
    """
    started = timezone.now()
    result = VerificationResult()
    record = {"actor": actor_label(actor)} if record else None  # the run's recorded fields
    notes = list(external_notes)
    if outside:
        try:
            notes = outside_notes() + notes
        except CheckpointError as exc:
            return _finish(result.fail(None, str(exc)), started, record)
    newest: list = []
    checkpoints = _collect_checkpoints(notes, result, newest)
    if not result.ok:
        return _finish(result, started, record)
    expected_seq = 1
    prev = canonical.GENESIS_HASH
    sha256 = hashlib.sha256
    heads: dict = {}

    def walk(chunks):
        nonlocal expected_seq, prev
        for chunk in chunks:
            for seq, actor, kind, prev_hash, stored_hash, tail in chunk:
                if seq != expected_seq:
                    if seq < expected_seq:
                        problem = f"entry #{seq} is out of order"
                        return result.fail(seq, problem)
                    return result.fail(
                        expected_seq,
                        f"entry #{expected_seq} is missing (the next entry is #{seq})",
                    )
                if prev_hash != prev:
                    return result.fail(
                        seq, f"entry #{seq} does not link to entry #{seq - 1} (previous hash)"
                    )
                try:
                    head = heads.get((actor, kind))
                    if head is None:
                        head = _entry_head(actor, kind)
                        if len(heads) >= _HEAD_CACHE:
                            heads.clear()
                        heads[(actor, kind)] = head
                    if type(tail) is not bytes:
                        tail = _entry_tail(tail)
                    computed = sha256(head + tail).hexdigest()
                except (TypeError, ValueError) as exc:
                    problem = f"entry #{seq} cannot be encoded: {exc}"
                    return result.fail(seq, problem)
                if computed != stored_hash:
                    return result.fail(
                        seq,
                        f"entry #{seq} has been altered: its contents (time, actor, kind, "
                        "subjects or payload) do not match its hash",
                    )
                if seq in checkpoints:
                    for source, root in checkpoints.pop(seq):
                        result.checkpoints_checked += 1
                        if root != computed:
                            return result.fail(
                                seq,
                                f"entry #{seq} does not match {source}: the chain up to it "
                                "was rewritten",
                            )
                prev = computed
                expected_seq += 1
                result.entries_checked += 1
                if progress is not None and result.entries_checked % chunk_size == 0:
                    progress(result.entries_checked)
        return result

    with _entry_chunks(chunk_size) as chunks:
        walk(chunks)  # the run is recorded outside the reading transaction
    if not result.ok:
        return _finish(result, started, record)
    last = expected_seq - 1
    result.head_seq = last
    result.head_hash = prev
    if progress is not None:
        progress(result.entries_checked)
    for size in sorted(checkpoints):
        if size == 0:
            result.checkpoints_checked += 1
            continue
        source = checkpoints[size][0][0]
        return _finish(
            result.fail(
                last + 1,
                f"the chain ends at #{last} but {source} covers {size} entries: "
                "entries were removed from the end",
            ),
            started,
            record,
        )
    head = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    if head is not None and (head[0], head[1]) != (last, prev):
        if head[0] > last:
            result.fail(last + 1, f"the chain ends at #{last} but its head says #{head[0]}")
        else:
            result.fail(head[0] + 1, f"the chain head (#{head[0]}) does not match the last entry")
    _newest_outside_in_database(newest, result)
    return _finish(result, started, record)


RUN_SIGNATURE_CONTEXT = "wagtail-hyte verification run v1"


def run_message(run: VerificationRun) -> bytes:
    """The bytes a verification run's signature covers."""

    def when(value):
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    return canonical.canonical_json(
        {
            "context": RUN_SIGNATURE_CONTEXT,
            "origin": hyte_settings.LEDGER_ORIGIN,
            "started_at": when(run.started_at),
            "finished_at": when(run.finished_at),
            "ok": bool(run.ok),
            "entries_checked": int(run.entries_checked),
            "first_bad_seq": run.first_bad_seq,
            "problem": run.problem,
            "checkpoints_checked": int(run.checkpoints_checked),
            "outside_checkpoints": int(run.outside_checkpoints),
            "head_seq": run.head_seq,
            "head_hash": run.head_hash,
            # Only when kept, so runs signed before the actor was recorded still verify.
            **({"actor": run.actor} if run.actor else {}),
        }
    ).encode("utf-8")


def run_signature_valid(run: VerificationRun) -> bool:
    """Whether ``run`` was signed with the checkpoint key (current or retired)."""
    try:
        raw = base64.b64decode(run.signature or "", validate=True)
        keys = trusted_public_keys()
    except (binascii.Error, ValueError, KeyUnavailable, CheckpointError):
        return False
    if len(raw) != 64:
        return False
    message = run_message(run)
    for public_key in keys:
        try:
            public_key.verify(raw, message)
            return True
        except InvalidSignature:
            continue
    return False


def _finish(result, started, record):
    if record:
        run = VerificationRun(
            started_at=started,
            finished_at=timezone.now(),
            ok=result.ok,
            entries_checked=result.entries_checked,
            first_bad_seq=result.first_bad_seq,
            problem=result.problem[:300],
            checkpoints_checked=result.checkpoints_checked,
            outside_checkpoints=result.outside_checkpoints,
            head_seq=result.head_seq if result.ok else None,
            head_hash=result.head_hash if result.ok else "",
            actor=record["actor"],
        )
        try:
            signature = get_keyring().signing_key().sign(run_message(run))
            run.signature = base64.b64encode(signature).decode("ascii")
        except KeyUnavailable:
            run.signature = ""
        run.save()
        verification_recorded.send(sender=VerificationRun, run=run)
    return result


@dataclass
class OutsideCheck:
    """The outside checkpoints compared with the database, without a full walk."""

    ok: bool = True
    checked: int = 0
    problem: str = ""
    first_bad_seq: int | None = None


def check_outside_checkpoints() -> OutsideCheck:
    """Compare every note in ``CHECKPOINT_DIRECTORY`` with the stored entries and head.

    Cheap (one lookup per note): each note's signature, the stored hash of the
    entry at its size, the head not behind it, and the newest note in the
    database's checkpoints. Used by the integrity page on every view; the full
    recomputation is :func:`verify_chain`.
    """
    check = OutsideCheck()

    def fail(seq, problem):
        check.ok, check.first_bad_seq, check.problem = False, seq, problem
        return check

    try:
        notes = outside_notes()
    except CheckpointError as exc:
        return fail(None, str(exc))
    head = ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    newest = None
    for name, text in notes:
        try:
            note = verify_note(text)
        except (CheckpointError, KeyUnavailable) as exc:
            return fail(None, f"file {name}: {exc}")
        check.checked += 1
        if note.size == 0:
            continue
        stored = LedgerEntry.objects.filter(seq=note.size).values_list("hash", flat=True).first()
        if stored is None or head < note.size:
            return fail(
                min(head, note.size - 1) + 1,
                f"the chain ends at #{head} but file {name} covers {note.size} entries: "
                "entries were removed from the end",
            )
        if stored != note.root_hash:
            return fail(
                note.size,
                f"entry #{note.size} does not match file {name}: the chain up to it was rewritten",
            )
        if newest is None or note.size > newest[1].size:
            newest = (name, note)
    if newest is not None:
        name, note = newest
        if not Checkpoint.objects.filter(size=note.size, root_hash=note.root_hash).exists():
            return fail(
                note.size,
                f"file {name} (size {note.size}) is missing from the database's "
                "checkpoints: checkpoint rows were deleted",
            )
    return check
