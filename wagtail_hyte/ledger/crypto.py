"""AES-256-GCM envelope encryption and keyed HMAC blind indexes.

* Each subject has a random 256-bit data key, stored only wrapped (AES-GCM) by a
  key-encryption key; the wrapping's associated data names the subject and the
  key id, so a wrapped key moved to another subject does not unwrap.
* A contact-details ciphertext is ``nonce || AES-GCM(data key, plaintext, aad)``
  where the associated data binds it to its subject and its row.
* Failure is loud: :class:`DecryptionError`, never ciphertext or empty data.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .keys import Keyring

NONCE_BYTES = 12
DATA_KEY_BYTES = 32


class DecryptionError(RuntimeError):
    """Ciphertext could not be decrypted: wrong or retired key, moved or tampered data."""


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _wrap_aad(subject_id: str, key_id: str) -> bytes:
    return f"hyte/data-key/v1|{subject_id}|{key_id}".encode()


def _contact_aad(subject_id: str, row_id: str) -> bytes:
    return f"hyte/contact/v1|{subject_id}|{row_id}".encode()


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, sealed: bytes | None, aad: bytes) -> bytes:
    if not sealed or len(sealed) <= NONCE_BYTES + 16:
        raise DecryptionError("no ciphertext to decrypt")
    sealed = bytes(sealed)
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise DecryptionError(
            "decryption failed: wrong or retired key, or the data was moved or altered"
        ) from None


def wrap_data_key(keyring: Keyring, subject_id: str, data_key: bytes) -> tuple[str, bytes]:
    key_id, kek = keyring.current_kek
    return key_id, seal(kek, data_key, _wrap_aad(subject_id, key_id))


def unwrap_data_key(keyring: Keyring, subject_id: str, key_id: str, wrapped: bytes) -> bytes:
    try:
        kek = keyring.kek(key_id)
    except Exception as exc:
        raise DecryptionError(str(exc)) from None
    return open_sealed(kek, wrapped, _wrap_aad(subject_id, key_id))


def encrypt_contact(data_key: bytes, subject_id: str, row_id: str, plaintext: bytes) -> bytes:
    return seal(data_key, plaintext, _contact_aad(subject_id, row_id))


def decrypt_contact(data_key: bytes, subject_id: str, row_id: str, ciphertext: bytes) -> bytes:
    return open_sealed(data_key, ciphertext, _contact_aad(subject_id, row_id))


def blind_index(keyring: Keyring, kind: str, normalised_value: str) -> str:
    """Keyed HMAC-SHA256 of a normalised value, domain-separated by ``kind``."""
    key = keyring.require_blind_index_key()
    message = f"hyte/blind-index/v1|{kind}|{normalised_value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def digest(data: bytes) -> str:
    """SHA-256 of ciphertext, for ledger payloads (never of plaintext)."""
    return hashlib.sha256(bytes(data)).hexdigest()
