"""Appending to the hash chain.

:func:`append_entry` is the single way to add an entry. It must run inside the
caller's transaction (so the entry commits or rolls back with the business
change it records); it locks the chain-head row, so appends from every process
and server are serialised and sequence numbers are gap-free. It sends
``signals.entry_appended``; the checkpoint every ``CHECKPOINT_EVERY`` entries is
scheduled by its receiver (``receivers.py``), so this module does not know the tasks.
"""

from __future__ import annotations

import re
import uuid

from django.db import transaction
from django.utils import timezone

from . import canonical
from .actors import actor_label
from .kinds import is_registered
from .models import ChainHead, LedgerEntry
from .signals import entry_appended

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
# Codes, ids and digests: no spaces, no "@" or "+", at most 128 characters.
VALUE_PATTERN = re.compile(r"^[\w.:/-]{0,128}$")
MAX_PAYLOAD_CHARS = 4000


class PayloadError(ValueError):
    """A payload holds something the ledger does not accept (possibly personal data)."""


def _check_payload(value, path="payload"):
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not KEY_PATTERN.match(key):
                raise PayloadError(f"{path}: keys must be lower-case codes")
            _check_payload(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for item in value:
            _check_payload(item, path)
    elif isinstance(value, str):
        if not VALUE_PATTERN.match(value):
            raise PayloadError(
                f"{path}: strings must be ids, codes or digests (no spaces, '@' or '+')"
            )
    elif isinstance(value, bool) or value is None or isinstance(value, int):
        return
    else:
        raise PayloadError(f"{path}: {type(value).__name__} is not allowed")


def _subject_ids(subjects) -> list[str]:
    ids = []
    for subject in subjects or ():
        value = getattr(subject, "pk", subject)
        ids.append(str(uuid.UUID(str(value))))
    return sorted(set(ids))


def lock_head() -> ChainHead:
    """The chain head, locked until the end of the current transaction."""
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": canonical.GENESIS_HASH})
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def append_entry(kind: str, actor, subjects=(), payload=None, *, at=None) -> LedgerEntry:
    """Append one entry and return it. Raises on an unknown kind or a bad payload."""
    if not is_registered(kind):
        raise ValueError(f"unknown ledger kind {kind!r}; register it with register_kind()")
    payload = payload or {}
    if not isinstance(payload, dict):
        raise PayloadError("payload must be a dict")
    _check_payload(payload)
    payload_json = canonical.canonical_json(payload)
    if len(payload_json) > MAX_PAYLOAD_CHARS:
        raise PayloadError("payload is too large")
    label = actor_label(actor)
    subject_ids = _subject_ids(subjects)
    subjects_json = canonical.canonical_json(subject_ids)
    with transaction.atomic():
        head = lock_head()
        at = at or timezone.now()
        seq = head.seq + 1
        entry_hash = canonical.entry_hash(
            seq=seq,
            time=at,
            actor=label,
            kind=kind,
            subjects=subject_ids,
            payload=canonical.normalise(payload),
            prev_hash=head.hash,
        )
        entry = LedgerEntry(
            seq=seq,
            created_at=at,
            actor=label,
            kind=kind,
            subjects=subjects_json,
            payload=payload_json,
            prev_hash=head.hash,
            hash=entry_hash,
        )
        entry.save()
        ChainHead.objects.filter(pk=1).update(seq=seq, hash=entry_hash)
        # Still inside the lock: receivers.schedule_checkpoint registers the
        # signed checkpoint on commit (dropped if this append rolls back).
        entry_appended.send(sender=LedgerEntry, entry=entry)
    return entry
