"""The keyring: key-encryption keys, the blind-index key and the checkpoint key.

Everything is read from ``WAGTAIL_HYTE`` (see docs/key-management.md);
``KEY_ENCRYPTION_KEYS`` may be a dict or an ``"id:base64,..."`` string
(core/keyformat.py parses both). Keys are
decoded on use; a missing or malformed key raises :class:`KeyUnavailable`
(the system checks report the same problems at start-up).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.keyformat import KeyFormatError, decode_key, parse_keyring


class KeyUnavailable(RuntimeError):
    """A key the operation needs is not configured (or is malformed)."""


@dataclass(frozen=True)
class Keyring:
    keks: dict[str, bytes]
    current_key_id: str
    blind_index_key: bytes | None
    signing_seed: bytes | None

    def kek(self, key_id: str) -> bytes:
        try:
            return self.keks[key_id]
        except KeyError:
            raise KeyUnavailable(f"key-encryption key {key_id!r} is not configured") from None

    @property
    def current_kek(self) -> tuple[str, bytes]:
        if not self.current_key_id:
            raise KeyUnavailable("CURRENT_KEY_ID is not set")
        return self.current_key_id, self.kek(self.current_key_id)

    def require_blind_index_key(self) -> bytes:
        if not self.blind_index_key:
            raise KeyUnavailable("BLIND_INDEX_KEY is not set")
        return self.blind_index_key

    def signing_key(self) -> Ed25519PrivateKey:
        if not self.signing_seed:
            raise KeyUnavailable("CHECKPOINT_SIGNING_KEY is not set")
        return Ed25519PrivateKey.from_private_bytes(self.signing_seed)

    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key().public_key()


def _decode(label, value, **kwargs) -> bytes:
    try:
        return decode_key(value, **kwargs)
    except KeyFormatError as exc:
        raise KeyUnavailable(f"{label} is malformed: {exc}") from None


def get_keyring() -> Keyring:
    try:
        # A dict or the environment's "id:base64[,id:base64...]" string.
        keks_setting = parse_keyring(hyte_settings.KEY_ENCRYPTION_KEYS)
    except KeyFormatError as exc:
        raise KeyUnavailable(f"KEY_ENCRYPTION_KEYS is malformed: {exc}") from None
    keks = {
        str(key_id): _decode(f"KEY_ENCRYPTION_KEYS[{key_id!r}]", value)
        for key_id, value in keks_setting.items()
    }
    blind = hyte_settings.BLIND_INDEX_KEY
    seed = hyte_settings.CHECKPOINT_SIGNING_KEY
    return Keyring(
        keks=keks,
        current_key_id=hyte_settings.CURRENT_KEY_ID or "",
        blind_index_key=_decode("BLIND_INDEX_KEY", blind, max_bytes=None) if blind else None,
        signing_seed=_decode("CHECKPOINT_SIGNING_KEY", seed) if seed else None,
    )


def public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_base64(public_key: Ed25519PublicKey) -> str:
    return base64.b64encode(public_key_bytes(public_key)).decode("ascii")
