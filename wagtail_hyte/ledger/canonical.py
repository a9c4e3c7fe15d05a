"""The canonical byte encoding of a ledger entry, and its hash.

An entry is encoded as compact JSON with sorted keys, Unicode strings in NFC,
times as UTC ISO-8601 with microseconds and a ``Z`` suffix, no floats, and a
version tag ``"v"``. The hash is SHA-256 over those bytes. Golden vectors in
``tests/ledger/golden_vectors.json`` pin the encoding: changing it breaks every
existing chain, so a new encoding needs a new version tag.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata

VERSION = "hyte-ledger/1"
GENESIS_HASH = "0" * 64


class CanonicalEncodingError(TypeError):
    """A value cannot be encoded canonically (float, unknown type, naive time)."""


_ZERO = dt.timedelta(0)


def format_time(value: dt.datetime) -> str:
    """UTC ISO-8601 with microseconds: 2026-01-02T03:04:05.000006Z."""
    offset = value.utcoffset() if value.tzinfo is not None else None
    if offset is None:
        raise CanonicalEncodingError("times must be timezone-aware")
    if offset != _ZERO:
        value = value.astimezone(dt.UTC)
    return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def normalise(value):
    """Return ``value`` with NFC strings and times as text; refuse floats."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, float):
        raise CanonicalEncodingError("floats are not allowed in the ledger")
    if isinstance(value, dt.datetime):
        return format_time(value)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalEncodingError("object keys must be strings")
            nkey = unicodedata.normalize("NFC", key)
            if nkey in out:
                raise CanonicalEncodingError(f"duplicate key after NFC: {nkey!r}")
            out[nkey] = normalise(item)
        return out
    if isinstance(value, (list, tuple)):
        return [normalise(item) for item in value]
    raise CanonicalEncodingError(f"cannot encode {type(value).__name__} in the ledger")


def dumps(value) -> str:
    """Canonical JSON text of an already normalised value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value) -> str:
    return dumps(normalise(value))


def entry_document(*, seq, time, actor, kind, subjects, payload, prev_hash) -> dict:
    return {
        "actor": actor,
        "kind": kind,
        "payload": payload,
        "prev": prev_hash,
        "seq": seq,
        "subjects": list(subjects),
        "time": time,
        "v": VERSION,
    }


def entry_bytes(*, seq, time, actor, kind, subjects, payload, prev_hash) -> bytes:
    """The canonical encoding of one entry (``payload`` as a dict)."""
    doc = entry_document(
        seq=seq,
        time=time,
        actor=actor,
        kind=kind,
        subjects=subjects,
        payload=payload,
        prev_hash=prev_hash,
    )
    return canonical_json(doc).encode("utf-8")


def entry_hash(**fields) -> str:
    return hashlib.sha256(entry_bytes(**fields)).hexdigest()


def _quote(text: str) -> str:
    """JSON string literal of ``text`` in NFC, exactly as :func:`dumps` writes it.

    Printable ASCII without quotes or backslashes (every actor and kind the
    services write) needs no escaping and is already NFC: the fast path.
    """
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return '"' + text + '"'
    return dumps(unicodedata.normalize("NFC", text))


def stored_entry_bytes(seq, time, actor, kind, subjects_json, payload_json, prev_hash) -> bytes:
    """The same bytes as :func:`entry_bytes`, built from stored columns.

    ``subjects_json`` and ``payload_json`` are the canonical JSON texts kept in
    the row. This fast path is what verification uses; a test checks that both
    paths agree on every shape of entry.
    """
    return (
        '{"actor":'
        + _quote(actor)
        + ',"kind":'
        + _quote(kind)
        + ',"payload":'
        + payload_json
        + ',"prev":"'
        + prev_hash
        + '","seq":'
        + str(int(seq))
        + ',"subjects":'
        + subjects_json
        + ',"time":"'
        + format_time(time)
        + '","v":"'
        + VERSION
        + '"}'
    ).encode("utf-8")
