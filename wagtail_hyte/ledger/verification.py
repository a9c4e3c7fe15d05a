"""Streaming verification of the hash chain.

Reads the ledger in sequence order in chunks (constant memory), recomputes every
hash from the stored columns, checks the links and the sequence numbers, compares
with the chain head and with signed checkpoints (from the database and from
files an auditor holds), and stops at the first problem, naming the sequence
number and what is wrong.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.utils import timezone

from . import canonical
from .checkpoints import CheckpointError, CheckpointNote, verify_note
from .models import ChainHead, Checkpoint, LedgerEntry, VerificationRun

COLUMNS = ("seq", "created_at", "actor", "kind", "subjects", "payload", "prev_hash", "hash")


@dataclass
class VerificationResult:
    ok: bool = True
    entries_checked: int = 0
    first_bad_seq: int | None = None
    problem: str = ""
    checkpoints_checked: int = 0
    head_hash: str = canonical.GENESIS_HASH
    notes: list[str] = field(default_factory=list)

    def fail(self, seq: int | None, problem: str) -> VerificationResult:
        if self.ok:
            self.ok = False
            self.first_bad_seq = seq
            self.problem = problem
        return self


def _collect_checkpoints(external_notes, result) -> dict[int, list[tuple[str, str]]]:
    """``{size: [(source, root hash)]}`` from verified notes; forged ones fail the run."""
    wanted: dict[int, list[tuple[str, str]]] = {}
    sources = [(f"file {name}", text) for name, text in external_notes]
    sources += [
        (f"stored checkpoint {cp_id}", note)
        for cp_id, note in Checkpoint.objects.order_by("size").values_list("id", "note")
    ]
    for source, text in sources:
        try:
            note: CheckpointNote = verify_note(text)
        except CheckpointError as exc:
            result.fail(None, f"{source}: {exc}")
            continue
        wanted.setdefault(note.size, []).append((source, note.root_hash))
    return wanted


def verify_chain(
    *, external_notes=(), chunk_size: int = 5000, progress=None, record: bool = True
) -> VerificationResult:
    """Verify the whole chain. ``external_notes``: [(name, signed note text)]."""
    started = timezone.now()
    result = VerificationResult()
    checkpoints = _collect_checkpoints(external_notes, result)
    if not result.ok:
        return _finish(result, started, record)
    expected_seq = 1
    prev = canonical.GENESIS_HASH
    sha256 = hashlib.sha256
    encode = canonical.stored_entry_bytes
    rows = (
        LedgerEntry.objects.order_by("seq").values_list(*COLUMNS).iterator(chunk_size=chunk_size)
    )
    for seq, time, actor, kind, subjects, payload, prev_hash, stored_hash in rows:
        if seq != expected_seq:
            if seq < expected_seq:
                return _finish(result.fail(seq, f"entry #{seq} is out of order"), started, record)
            return _finish(
                result.fail(
                    expected_seq, f"entry #{expected_seq} is missing (the next entry is #{seq})"
                ),
                started, record,
            )
        if prev_hash != prev:
            return _finish(
                result.fail(seq, f"entry #{seq} does not link to entry #{seq - 1} (previous hash)"),
                started, record,
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
                started, record,
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
                        started, record,
                    )
        prev = computed
        expected_seq += 1
        result.entries_checked += 1
        if progress is not None and result.entries_checked % chunk_size == 0:
            progress(result.entries_checked)
    last = expected_seq - 1
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
            started, record,
        )
    head = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    if head is not None and (head[0], head[1]) != (last, prev):
        if head[0] > last:
            result.fail(last + 1, f"the chain ends at #{last} but its head says #{head[0]}")
        else:
            result.fail(head[0] + 1, f"the chain head (#{head[0]}) does not match the last entry")
    return _finish(result, started, record)


def _finish(result, started, record):
    if record:
        VerificationRun.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            ok=result.ok,
            entries_checked=result.entries_checked,
            first_bad_seq=result.first_bad_seq,
            problem=result.problem[:300],
            checkpoints_checked=result.checkpoints_checked,
        )
    return result
