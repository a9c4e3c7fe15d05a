"""Shape checks for the secret keys in ``WAGTAIL_HYTE``.

Only the format is checked here (base64, length); the ledger app uses the keys.
:func:`parse_keyring` is the one place that reads ``KEY_ENCRYPTION_KEYS``, in
either of its forms (the keyring, the system checks and the sealed retry
tokens all use it):

- a dict ``{key id: base64}``;
- a string ``"id:base64[,id:base64...]"``, as an environment variable holds it
  (``HYTE_KEY_ENCRYPTION_KEYS``); an empty string means "not set".

Error messages name the problem and, where it is safe, the key id; never a key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

# SHA-256 fingerprints of the keys published in the example site's development
# settings. A site running with any of them is using keys the world knows.
PUBLISHED_DEVELOPMENT_KEY_FINGERPRINTS = frozenset(
    {
        "cf72a886ae317f070ecd7fc5b5244af37c518697b58180f8489580fb4d53384d",
        "1ea29639285753b9a5a1ef94452a4866d6aeee4c2450f1675597373c37d1313b",
        "4582c165124c9f23f3198d7f673260ed33266a6fd59c772d62910e47c8c64b71",
    }
)


# Key ids travel in environment lines, in sealed retry tokens (dot-separated)
# and in the database next to every wrapped data key.
KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
KEY_ID_RULE = "1 to 64 letters (a-z, A-Z), digits, '_' or '-'"


class KeyFormatError(ValueError):
    """A configured key is not of the expected form."""


def is_valid_key_id(key_id: object) -> bool:
    return isinstance(key_id, str) and KEY_ID_PATTERN.fullmatch(key_id) is not None


def parse_keyring(value: object) -> dict[str, str]:
    """``KEY_ENCRYPTION_KEYS`` as ``{key id: base64}``, in the configured order.

    Accepts the dict form or the string form ``"id:base64[,id:base64...]"``
    (spaces around items are ignored, and so is a stray trailing comma).
    ``None``, ``{}`` and an empty or blank string give ``{}`` (not set). Anything
    else raises :class:`KeyFormatError`. The keys themselves are not decoded
    here: :func:`decode_key` checks each of them.
    """
    if value is None:
        return {}
    if isinstance(value, dict):
        for key_id in value:
            if not isinstance(key_id, str) or not key_id:
                raise KeyFormatError("every key id must be a non-empty string")
        return dict(value)
    if not isinstance(value, str):
        raise KeyFormatError(
            "must be a dict {key id: base64} or a string 'id:base64[,id:base64...]'"
        )
    keys: dict[str, str] = {}
    items = [item.strip() for item in value.split(",")]
    if items and not items[-1]:
        items.pop()  # "k1:...," (a trailing comma)
    if not any(items):
        if value.strip():
            raise KeyFormatError("holds no 'id:base64' item")
        return {}
    for number, item in enumerate(items, start=1):
        if not item:
            raise KeyFormatError(f"item {number} is empty (two commas in a row?)")
        key_id, sep, key = (part.strip() for part in item.partition(":"))
        if not sep:
            raise KeyFormatError(
                f"item {number} has no ':' between the key id and the key "
                "(expected 'id:base64[,id:base64...]')"
            )
        if not is_valid_key_id(key_id):
            # The text before ':' is not echoed: it may be a misplaced key.
            raise KeyFormatError(f"the key id of item {number} must be {KEY_ID_RULE}")
        if not key:
            raise KeyFormatError(f"the key of {key_id!r} (item {number}) is empty")
        if key_id in keys:
            raise KeyFormatError(f"the key id {key_id!r} appears more than once")
        keys[key_id] = key
    return keys


def format_keyring(keys: dict[str, str]) -> str:
    """The string form of ``keys`` (the inverse of :func:`parse_keyring`)."""
    return ",".join(f"{key_id}:{key.strip()}" for key_id, key in keys.items())


def decode_key(value: object, *, min_bytes: int = 32, max_bytes: int | None = 32) -> bytes:
    """Decode a standard-base64 key and check its length, or raise KeyFormatError."""
    if not isinstance(value, str) or not value.strip():
        raise KeyFormatError("not a non-empty string")
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyFormatError("not valid base64") from exc
    if len(raw) < min_bytes or (max_bytes is not None and len(raw) > max_bytes):
        expected = f"{min_bytes}" if max_bytes == min_bytes else f"at least {min_bytes}"
        raise KeyFormatError(f"decodes to {len(raw)} bytes, expected {expected}")
    if raw == bytes(len(raw)):
        raise KeyFormatError("is all zero bytes")
    return raw


def is_published_development_key(raw: bytes) -> bool:
    return hashlib.sha256(raw).hexdigest() in PUBLISHED_DEVELOPMENT_KEY_FINGERPRINTS
