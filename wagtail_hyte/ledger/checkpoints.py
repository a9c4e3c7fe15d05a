"""Signed checkpoints in the C2SP checkpoint / signed-note format.

A note's text is ``origin\\nsize\\nbase64(head hash)\\n``; after a blank line
comes one signature line ``\\u2014 <origin> base64(key hash || Ed25519 signature)``
where the key hash is the first four bytes of SHA-256(origin || "\\n" || 0x01 ||
public key), as in golang.org/x/mod/sumdb/note. Auditors keep copies outside the
database (a directory, email); a wholesale rewrite of the chain inside the
database no longer matches them.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.mail import send_mail
from django.db import transaction

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.keyformat import decode_key

from . import offline as notes
from .keys import get_keyring
from .models import ChainHead, Checkpoint, LedgerEntry

logger = logging.getLogger(__name__)

# The signed-note format is read in one place, free of Django (offline.py, which
# auditors run without the site).
SIGNATURE_PREFIX = notes.SIGNATURE_PREFIX
ED25519_ALGORITHM = notes.ED25519_ALGORITHM
key_hash = notes.key_hash


class CheckpointError(ValueError):
    """A checkpoint note is malformed, for another log, or not signed by our key."""


class UnknownSigner(CheckpointError):
    """No signature on the note was made by the key being tried."""


@dataclass(frozen=True)
class CheckpointNote:
    origin: str
    size: int
    root_hash: str  # hex


def note_body(origin: str, size: int, root_hash: str) -> str:
    root = base64.b64encode(bytes.fromhex(root_hash)).decode("ascii")
    return f"{origin}\n{size}\n{root}\n"


def sign_note(origin: str, size: int, root_hash: str, keyring=None) -> str:
    keyring = keyring or get_keyring()
    private = keyring.signing_key()
    body = note_body(origin, size, root_hash)
    signature = private.sign(body.encode())
    blob = base64.b64encode(key_hash(origin, private.public_key()) + signature).decode()
    return f"{body}\n{SIGNATURE_PREFIX}{origin} {blob}\n"


def parse_and_verify(note: str, public_key: Ed25519PublicKey, origin: str) -> CheckpointNote:
    """Parse a signed note and check origin and signature, or raise CheckpointError
    (UnknownSigner when no signature is by ``public_key``)."""
    try:
        parsed = notes.parse_note(note, [public_key], origin)
    except notes.UnknownSigner as exc:
        raise UnknownSigner(str(exc)) from None
    except notes.NoteError as exc:
        raise CheckpointError(str(exc)) from None
    return CheckpointNote(origin=parsed.origin, size=parsed.size, root_hash=parsed.root_hash)


def trusted_public_keys() -> list[Ed25519PublicKey]:
    """The current checkpoint key's public half, then retired public keys."""
    keys = [get_keyring().public_key()]
    for value in hyte_settings.CHECKPOINT_RETIRED_PUBLIC_KEYS or ():
        try:
            # The same decoding as the system check hyte.E013 (core/keyformat.py).
            keys.append(Ed25519PublicKey.from_public_bytes(decode_key(value)))
        except ValueError as exc:  # KeyFormatError is a ValueError
            raise CheckpointError("CHECKPOINT_RETIRED_PUBLIC_KEYS holds a malformed key") from exc
    return keys


def verify_note(note: str) -> CheckpointNote:
    """Verify ``note`` against the configured origin and the trusted public keys."""
    error = None
    for public_key in trusted_public_keys():
        try:
            return parse_and_verify(note, public_key, hyte_settings.LEDGER_ORIGIN)
        except UnknownSigner as exc:
            error = exc
    raise error


def outside_notes() -> list[tuple[str, str]]:
    """``[(name, note text)]`` of every checkpoint kept in ``CHECKPOINT_DIRECTORY``.

    An unreadable file raises CheckpointError; a directory not created yet
    (no checkpoint written so far) gives no notes.
    """
    directory = hyte_settings.CHECKPOINT_DIRECTORY
    if not directory:
        return []
    path = Path(directory)
    if not path.is_dir():
        return []
    notes = []
    for target in sorted(path.glob("checkpoint-*.txt")):
        try:
            notes.append((str(target), target.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise CheckpointError(f"cannot read {target}: {exc}") from exc
    return notes


def _write_file(note: str, size: int) -> list[str]:
    directory = hyte_settings.CHECKPOINT_DIRECTORY
    if not directory:
        return []
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    target = path / f"checkpoint-{size:012d}.txt"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(note, encoding="utf-8")
    tmp.replace(target)
    return [f"file:{target}"]


def _send_email(note: str, size: int) -> list[str]:
    emails = list(hyte_settings.CHECKPOINT_EMAILS or ())
    if not emails:
        return []
    send_mail(
        subject=f"Ledger checkpoint {size} ({hyte_settings.LEDGER_ORIGIN})",
        message=note,
        from_email=hyte_settings.FROM_EMAIL or None,
        recipient_list=emails,
    )
    return ["email:" + ",".join(emails)]


def make_checkpoint(size: int | None = None) -> Checkpoint:
    """Sign the chain at ``size`` (default: the head), send it out and store it.

    Checkpoint rows are append-only, so the copies are sent first and the row
    records where they went. A mail failure is raised after the row is stored.
    """
    with transaction.atomic():
        if size is None:
            head = ChainHead.objects.filter(pk=1).first()
            size = head.seq if head else 0
        if size == 0:
            from .canonical import GENESIS_HASH

            root = GENESIS_HASH
        else:
            root = LedgerEntry.objects.values_list("hash", flat=True).get(seq=size)
        note = sign_note(hyte_settings.LEDGER_ORIGIN, size, root)
        sent = _write_file(note, size)
        mail_error = None
        try:
            sent += _send_email(note, size)
        except Exception as exc:  # stored first, raised below
            mail_error = exc
        checkpoint = Checkpoint.objects.create(
            size=size, root_hash=root, note=note, destinations=sent
        )
    logger.info("ledger checkpoint at size %s sent to %d destination(s)", size, len(sent))
    if mail_error is not None:
        raise mail_error
    return checkpoint
