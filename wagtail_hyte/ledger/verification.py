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
from dataclasses import dataclass, field
from datetime import UTC

from cryptography.exceptions import InvalidSignature
from django.utils import timezone

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
    encode = canonical.stored_entry_bytes
    rows = LedgerEntry.objects.order_by("seq").values_list(*COLUMNS).iterator(chunk_size=chunk_size)
    for seq, time, actor, kind, subjects, payload, prev_hash, stored_hash in rows:
        if seq != expected_seq:
            if seq < expected_seq:
                return _finish(result.fail(seq, f"entry #{seq} is out of order"), started, record)
            return _finish(
                result.fail(
                    expected_seq, f"entry #{expected_seq} is missing (the next entry is #{seq})"
                ),
                started,
                record,
            )
        if prev_hash != prev:
            return _finish(
                result.fail(seq, f"entry #{seq} does not link to entry #{seq - 1} (previous hash)"),
                started,
                record,
            )
        try:
            computed = sha256(
                encode(seq, time, actor, kind, subjects, payload, prev_hash)
            ).hexdigest()
        except (TypeError, ValueError) as exc:
            problem = f"entry #{seq} cannot be encoded: {exc}"
            return _finish(result.fail(seq, problem), started, record)
        if computed != stored_hash:
            return _finish(
                result.fail(
                    seq,
                    f"entry #{seq} has been altered: its contents (time, actor, kind, "
                    "subjects or payload) do not match its hash",
                ),
                started,
                record,
            )
        if seq in checkpoints:
            for source, root in checkpoints.pop(seq):
                result.checkpoints_checked += 1
                if root != computed:
                    return _finish(
                        result.fail(
                            seq,
                            f"entry #{seq} does not match {source}: the chain up to it "
                            "was rewritten",
                        ),
                        started,
                        record,
                    )
        prev = computed
        expected_seq += 1
        result.entries_checked += 1
        if progress is not None and result.entries_checked % chunk_size == 0:
            progress(result.entries_checked)
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
