"""Verify a ledger export (export.py) offline: no database, no Django.

    python -m wagtail_hyte.ledger.offline ledger.jsonl [--checkpoint FILE]... [--public-key B64]

Only the standard library and ``cryptography``. One pass over the entries in
constant memory: each entry's canonical bytes are rebuilt from its line (the
same bytes as ``canonical.stored_entry_bytes``), hashed and compared with the
line's hash; links, sequence numbers and every checkpoint (the export's
checkpoint lines and the ``--checkpoint`` files) are checked: signature
(Ed25519, C2SP signed note, as checkpoints.py writes it), origin and the hash
at its size. Exit 0 when intact, 1 with the first bad sequence number and the
problem on stderr.

The usual line is rebuilt without decoding JSON: its fields are located by a
strict pattern (actor and kind printable ASCII without quotes or backslashes,
subjects a list of plain strings, the time in canonical form) and the stored
texts are spliced into canonical order, so the bytes hashed are exactly the
bytes in the line. Any other line is decoded field by field with the json
module (each field's extent as JSON reads it) and actor and kind are quoted
as canonical.py does. An edited field changes the rebuilt bytes and fails.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

VERSION = "hyte-ledger/1"  # canonical.VERSION
EXPORT_FORMAT = "hyte-ledger-export/1"
GENESIS_HASH = "0" * 64
SIGNATURE_PREFIX = "\u2014 "
ED25519_ALGORITHM = b"\x01"


class NoteError(ValueError):
    """A checkpoint note is malformed, for another log, or not signed by a given key."""


class UnknownSigner(NoteError):
    """No signature on the note was made by any of the keys given."""


@dataclass(frozen=True)
class Note:
    origin: str
    size: int
    root_hash: str  # hex


@dataclass
class OfflineResult:
    ok: bool = True
    entries_checked: int = 0
    first_bad_seq: int | None = None
    problem: str = ""
    checkpoints_checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    origin: str = ""
    notes: list[str] = field(default_factory=list)

    def fail(self, seq, problem) -> OfflineResult:
        if self.ok:
            self.ok, self.first_bad_seq, self.problem = False, seq, problem
        return self


# -- Signed notes (the C2SP format checkpoints.py signs; read here, without Django,
# for checkpoints.py too) ------------------------------------------------------


def key_hash(origin: str, public_key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(origin.encode() + b"\n" + ED25519_ALGORITHM + raw).digest()[:4]


def public_key_from_base64(value: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise NoteError("the public key is not base64") from None
    if len(raw) != 32:
        raise NoteError(f"the public key decodes to {len(raw)} bytes, expected 32")
    return Ed25519PublicKey.from_public_bytes(raw)


def parse_note(note: str, public_keys, origin: str) -> Note:
    """Parse a signed note and check origin and signature (any of ``public_keys``)."""
    body, sep, signatures = note.partition("\n\n")
    if not sep:
        raise NoteError("not a signed note (no blank line before the signatures)")
    lines = body.split("\n")
    if len(lines) < 3:
        raise NoteError("checkpoint text needs origin, size and hash lines")
    note_origin, size_text, root_b64 = lines[0], lines[1], lines[2]
    if note_origin != origin:
        raise NoteError(f"checkpoint is for another log ({note_origin!r})")
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise NoteError("checkpoint size is not a decimal number")
    try:
        root = base64.b64decode(root_b64, validate=True)
    except (binascii.Error, ValueError):
        raise NoteError("checkpoint hash is not base64") from None
    if len(root) != 32:
        raise NoteError("checkpoint hash is not 32 bytes")
    signed_text = (body + "\n").encode()
    for public_key in public_keys:
        wanted_hash = key_hash(origin, public_key)
        for line in signatures.split("\n"):
            if not line.startswith(SIGNATURE_PREFIX):
                continue
            name, _sp, blob = line[len(SIGNATURE_PREFIX) :].partition(" ")
            if name != origin:
                continue
            try:
                raw = base64.b64decode(blob, validate=True)
            except (binascii.Error, ValueError):
                continue
            if len(raw) != 68 or raw[:4] != wanted_hash:
                continue
            try:
                public_key.verify(raw[4:], signed_text)
            except InvalidSignature:
                raise NoteError("checkpoint signature is invalid") from None
            return Note(origin=origin, size=int(size_text), root_hash=root.hex())
    raise UnknownSigner("checkpoint is not signed with this ledger's key")


# -- Entry lines ---------------------------------------------------------------

_TIME = rb"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z"
_PLAIN = rb'"[ !#-\[\]-~]*"'  # printable ASCII without " or \: its own canonical quoting
# Everything up to the payload; the payload runs to the fixed-width suffix.
_FAST = re.compile(
    rb'\{"type":"entry","seq":(0|[1-9][0-9]*),"time":"('
    + _TIME
    + rb')","actor":('
    + _PLAIN
    + rb'),"kind":('
    + _PLAIN
    + rb'),"subjects":(\[(?:"[^"\\\x00-\x1f]*"(?:,"[^"\\\x00-\x1f]*")*)?\]),"payload":(\{.*\})\Z',
    re.DOTALL,
)
_HEX64 = re.compile(rb"[0-9a-f]{64}\Z")
_SUFFIX = 150  # len(',"prev":"' + 64 + '","hash":"' + 64 + '"}\n')
_CANONICAL = (
    b'{"actor":%b,"kind":%b,"payload":%b,"prev":"%b","seq":%b,"subjects":%b,"time":"%b","v":"'
    + (VERSION.encode() + b'"}')
)
_TIME_TEXT = re.compile(_TIME.decode() + r"\Z")
_decoder = json.JSONDecoder()


class LineError(ValueError):
    pass


def _quote(text: str) -> str:
    """canonical._quote: the JSON literal of ``text`` in NFC."""
    return json.dumps(unicodedata.normalize("NFC", text), ensure_ascii=False)


def _fields_fast(line: bytes):
    """``(seq, hash, prev, canonical bytes)`` of a usual entry line, or None."""
    if len(line) <= _SUFFIX or line[-_SUFFIX:-141] != b',"prev":"':
        return None
    if line[-77:-67] != b'","hash":"' or line[-3:] != b'"}\n':
        return None
    prev, digest = line[-141:-77], line[-67:-3]
    # prev and digest need no pattern: they must equal hexdigests (or the genesis hash).
    match = _FAST.match(line, 0, len(line) - _SUFFIX)
    if match is None:
        return None
    seq, time, actor, kind, subjects, payload = match.groups()
    return (
        int(seq),
        digest.decode(),
        prev.decode(),
        _CANONICAL % (actor, kind, payload, prev, seq, subjects, time),
    )


def _expect(text, pos, literal):
    if not text.startswith(literal, pos):
        raise LineError(f"expected {literal!r} at character {pos}")
    return pos + len(literal)


def _value(text, pos, kind):
    try:
        value, end = _decoder.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise LineError(f"not JSON at character {pos}: {exc.msg}") from None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise LineError(f"a {kind.__name__} was expected at character {pos}")
    return value, end


def _fields_general(line: bytes):
    """The same as :func:`_fields_fast` for any well-formed line, decoding each field."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise LineError("not UTF-8") from None
    text = text[:-1] if text.endswith("\n") else text
    pos = _expect(text, 0, '{"type":"entry","seq":')
    start = pos
    seq, pos = _value(text, pos, int)
    if text[start:pos] != str(seq):
        raise LineError("the sequence number is not a plain decimal number")
    pos = _expect(text, pos, ',"time":')
    time, pos = _value(text, pos, str)
    if not _TIME_TEXT.match(time):
        raise LineError("the time is not in canonical form")
    pos = _expect(text, pos, ',"actor":')
    actor, pos = _value(text, pos, str)
    pos = _expect(text, pos, ',"kind":')
    kind, pos = _value(text, pos, str)
    pos = _expect(text, pos, ',"subjects":')
    start = pos
    _subjects, pos = _value(text, pos, list)
    subjects = text[start:pos]
    pos = _expect(text, pos, ',"payload":')
    start = pos
    _payload, pos = _value(text, pos, dict)
    payload = text[start:pos]
    pos = _expect(text, pos, ',"prev":')
    prev, pos = _value(text, pos, str)
    pos = _expect(text, pos, ',"hash":')
    digest, pos = _value(text, pos, str)
    if text[pos:] != "}":
        raise LineError("unexpected text after the hash")
    for name, value in (("previous hash", prev), ("hash", digest)):
        if not _HEX64.match(value.encode()):
            raise LineError(f"the {name} is not 64 lower-case hex digits")
    data = (
        '{"actor":'
        + _quote(actor)
        + ',"kind":'
        + _quote(kind)
        + ',"payload":'
        + payload
        + ',"prev":"'
        + prev
        + '","seq":'
        + str(seq)
        + ',"subjects":'
        + subjects
        + ',"time":"'
        + time
        + '","v":"'
        + VERSION
        + '"}'
    ).encode("utf-8")
    return seq, digest, prev, data


def entry_fields(line: bytes):
    """``(seq, hash, prev hash, canonical bytes)`` of one entry line; raises LineError."""
    return _fields_fast(line) or _fields_general(line)


# -- The file ------------------------------------------------------------------


def _tail_lines(handle, block=1 << 16) -> tuple[list[bytes], int]:
    """The lines after the last entry line (the checkpoints) and the offset where they start.

    Read backwards from the end, so the entries are read only once.
    """
    start = handle.tell()
    handle.seek(0, 2)
    pos = handle.tell()
    buffer = b""
    while True:
        step = min(block, pos - start)
        pos -= step
        handle.seek(pos)
        buffer = handle.read(step) + buffer
        lines = buffer.split(b"\n")
        at_start = pos == start
        first = 0 if at_start else 1  # lines[0] may be cut short
        offset = pos + (0 if at_start else len(lines[0]) + 1)
        offsets = []
        for line in lines[first:]:
            offsets.append(offset)
            offset += len(line) + 1
        for index in range(len(lines) - 1, first - 1, -1):
            if lines[index].startswith(b'{"type":"entry"'):
                begin = offsets[index - first] + len(lines[index]) + 1
                return [line for line in lines[index + 1 :] if line.strip()], begin
        if at_start:
            return [line for line in lines if line.strip()], start


def _read_header(handle, result):
    line = handle.readline()
    try:
        header = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("type") != "header":
        result.fail(None, "line 1 is not an export header")
        return None
    if header.get("format") != EXPORT_FORMAT or header.get("encoding") != VERSION:
        result.fail(
            None,
            f"unsupported export ({header.get('format')!r}, encoding {header.get('encoding')!r})",
        )
        return None
    return header


def verify_export(path, *, checkpoints=(), public_keys=None) -> OfflineResult:
    """Verify the export at ``path``.

    ``checkpoints``: [(name, signed note text)] held outside the export.
    ``public_keys``: base64 Ed25519 public keys received out of band; without
    them the key in the export's header is used (and a note says so).
    """
    result = OfflineResult()
    with open(path, "rb") as handle:
        header = _read_header(handle, result)
        if header is None:
            return result
        origin = result.origin = str(header.get("origin", ""))
        try:
            if public_keys:
                keys = [public_key_from_base64(value) for value in public_keys]
            else:
                keys = [public_key_from_base64(str(header.get("public_key", "")))]
                result.notes.append(
                    "checked against the public key in the export's header; give "
                    "--public-key to check against the key you received out of band"
                )
        except NoteError as exc:
            return result.fail(None, str(exc))
        body_start = handle.tell()
        tail, tail_start = _tail_lines(handle)
        handle.seek(body_start)
        sources = list(checkpoints)
        for number, line in enumerate(tail, 1):
            try:
                item = json.loads(line)
            except (ValueError, UnicodeDecodeError):
                item = None
            if (
                not isinstance(item, dict)
                or item.get("type") != "checkpoint"
                or not isinstance(item.get("note"), str)
            ):
                return result.fail(None, f"line {number} after the entries is not a checkpoint")
            sources.append((f"checkpoint line {number} of the export", item["note"]))
        wanted: dict[int, list[tuple[str, str]]] = {}
        for source, text in sources:
            try:
                note = parse_note(text, keys, origin)
            except NoteError as exc:
                return result.fail(None, f"{source}: {exc}")
            wanted.setdefault(note.size, []).append((source, note.root_hash))
        if not _walk(handle, result, wanted, body_start, tail_start):
            return result
    return result


def _walk(handle, result, wanted, offset, tail_start) -> bool:
    expected = 1
    prev = GENESIS_HASH
    sha256 = hashlib.sha256
    fast = _fields_fast
    entry_prefix = b'{"type":"entry"'
    readline = handle.readline
    while offset < tail_start:
        line = readline()
        offset += len(line)
        fields = fast(line)
        if fields is None:
            if not line.startswith(entry_prefix):
                result.fail(expected, f"the line after entry #{expected - 1} is not an entry")
                return False
            try:
                fields = _fields_general(line)
            except LineError as exc:
                result.fail(expected, f"the line after entry #{expected - 1} is malformed: {exc}")
                return False
        seq, digest, prev_hash, data = fields
        if seq != expected:
            if seq < expected:
                result.fail(seq, f"entry #{seq} is out of order")
            else:
                result.fail(expected, f"entry #{expected} is missing (the next entry is #{seq})")
            return False
        if prev_hash != prev:
            result.fail(seq, f"entry #{seq} does not link to entry #{seq - 1} (previous hash)")
            return False
        computed = sha256(data).hexdigest()
        if computed != digest:
            result.fail(
                seq,
                f"entry #{seq} has been altered: its contents (time, actor, kind, "
                "subjects or payload) do not match its hash",
            )
            return False
        if seq in wanted:
            for source, root in wanted.pop(seq):
                result.checkpoints_checked += 1
                if root != computed:
                    result.fail(
                        seq,
                        f"entry #{seq} does not match {source}: the chain up to it was rewritten",
                    )
                    return False
        prev = computed
        expected += 1
    last = expected - 1
    result.entries_checked = last
    result.head_seq, result.head_hash = last, prev
    for size in sorted(wanted):
        if size == 0:
            result.checkpoints_checked += len(wanted[size])
            continue
        source = wanted[size][0][0]
        result.fail(
            last + 1,
            f"the chain ends at #{last} but {source} covers {size} entries: "
            "entries were removed from the end",
        )
        return False
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wagtail_hyte.ledger.offline",
        description="Verify a wagtail-hyte ledger export (JSON Lines) without a database.",
    )
    parser.add_argument("export", help="the export file (hyte_export_ledger -o FILE)")
    parser.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        metavar="FILE",
        help="a signed checkpoint note kept outside the database (repeatable)",
    )
    parser.add_argument(
        "--public-key",
        action="append",
        default=[],
        metavar="BASE64",
        help="the checkpoint public key received out of band (repeatable, e.g. a retired key)",
    )
    args = parser.parse_args(argv)
    notes = []
    for name in args.checkpoint:
        try:
            with open(name, encoding="utf-8") as handle:
                notes.append((f"file {name}", handle.read()))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"cannot read checkpoint {name}: {exc}", file=sys.stderr)
            return 1
    try:
        result = verify_export(args.export, checkpoints=notes, public_keys=args.public_key)
    except OSError as exc:
        print(f"cannot read {args.export}: {exc}", file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if result.ok:
        print(
            f"Ledger export intact: {result.entries_checked} entries, "
            f"{result.checkpoints_checked} checkpoint(s) matched, head {result.head_hash}"
        )
        return 0
    where = f"#{result.first_bad_seq}" if result.first_bad_seq else "checkpoint"
    print(f"Ledger export NOT intact at {where}: {result.problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
