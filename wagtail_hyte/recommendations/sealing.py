"""Seal the client's phone number or email address for the retry queue.

A failed message is retried by a task; the task's arguments may sit in a queue
(a database table, a broker). They carry the recipient only sealed:
AES-256-GCM under a key derived with HKDF-SHA256 from the current
key-encryption key (``KEY_ENCRYPTION_KEYS[CURRENT_KEY_ID]``), with the delivery
id, channel and issue time as associated data, so a token opens only for its
own delivery, only with the key it names, and only until
``RECOMMENDATION_RETRY_MAX_AGE`` seconds have passed. Nothing else keeps it.
"""

from __future__ import annotations

import base64
import json
import os
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.keyformat import KeyFormatError, decode_key, parse_keyring

VERSION = "r1"
INFO = b"wagtail-hyte/recommendations/retry-recipient/v1"


class SealError(Exception):
    """The token cannot be opened: wrong key, other delivery, expired or damaged."""


def _key(key_id: str) -> bytes:
    try:
        keys = parse_keyring(hyte_settings.KEY_ENCRYPTION_KEYS)
    except KeyFormatError:
        raise SealError("malformed key-encryption keys") from None
    if key_id not in keys:
        raise SealError("unknown key id")
    kek = decode_key(keys[key_id])
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(kek)


def _aad(key_id: str, delivery_id: str, channel: str, issued: int) -> bytes:
    return f"{VERSION}|{key_id}|{delivery_id}|{channel}|{issued}".encode()


def seal(recipient: str, *, delivery_id: str, channel: str, now: float | None = None) -> str:
    key_id = hyte_settings.CURRENT_KEY_ID
    issued = int(now if now is not None else time.time())
    nonce = os.urandom(12)
    data = AESGCM(_key(key_id)).encrypt(
        nonce, json.dumps({"r": recipient}).encode(), _aad(key_id, delivery_id, channel, issued)
    )
    blob = base64.urlsafe_b64encode(nonce + data).decode()
    return f"{VERSION}.{key_id}.{issued}.{blob}"


def open_sealed(token: str, *, delivery_id: str, channel: str, now: float | None = None) -> str:
    try:
        version, key_id, issued_text, blob = token.split(".", 3)
        issued = int(issued_text)
        raw = base64.urlsafe_b64decode(blob.encode())
    except (ValueError, TypeError) as exc:
        raise SealError("malformed token") from exc
    if version != VERSION:
        raise SealError("unknown token version")
    age = (now if now is not None else time.time()) - issued
    if age > hyte_settings.RECOMMENDATION_RETRY_MAX_AGE or age < -300:
        raise SealError("token expired")
    try:
        plain = AESGCM(_key(key_id)).decrypt(
            raw[:12], raw[12:], _aad(key_id, delivery_id, channel, issued)
        )
    except InvalidTag as exc:
        raise SealError("token does not open") from exc
    return json.loads(plain)["r"]
