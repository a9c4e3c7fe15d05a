"""Shape checks for the secret keys in ``WAGTAIL_HYTE``.

Only the format is checked here (base64, length); the ledger app uses the keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

# SHA-256 fingerprints of the keys published in the example site's development
# settings. A site running with any of them is using keys the world knows.
PUBLISHED_DEVELOPMENT_KEY_FINGERPRINTS = frozenset(
    {
        "cf72a886ae317f070ecd7fc5b5244af37c518697b58180f8489580fb4d53384d",
        "1ea29639285753b9a5a1ef94452a4866d6aeee4c2450f1675597373c37d1313b",
        "4582c165124c9f23f3198d7f673260ed33266a6fd59c772d62910e47c8c64b71",
    }
)


class KeyFormatError(ValueError):
    """A configured key is not of the expected form."""


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
