"""The "existing client" lookup of the referral form.

The blind index answers "is this phone number or email a client?", so the
lookup is guarded like a read of personal data:

* it runs only after the client has consented, and only among the
  professional's own clients (subjects of referrals they made);
* every lookup appends ``referral.client_lookup`` (actor, purpose, which
  fields were looked up, how many matched; never the values);
* it is rate-limited per user (``REFERRAL_LOOKUP_RATE_LIMITS``), counted from
  those ledger entries, so the limit holds across app servers;
* the form never carries subject ids: each match is an opaque token,
  encrypted and bound to the user and to one form (a random nonce), and it
  expires after ``TOKEN_MAX_AGE`` seconds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.sensitive import sensitive_variables
from wagtail_hyte.ledger.crypto import DecryptionError, open_sealed, seal
from wagtail_hyte.ledger.ratelimit import parse_limits, used_up_window
from wagtail_hyte.ledger.services import (
    append_entry,
    find_subjects_by_email,
    find_subjects_by_phone,
)

from . import kinds, purposes

PURPOSE = purposes.REUSE_CLIENT
TOKEN_MAX_AGE = 1800
MAX_MATCHES = 5


class LookupRateLimited(ValidationError):
    pass


def limits() -> list[tuple[int, int]]:
    return parse_limits(hyte_settings.REFERRAL_LOOKUP_RATE_LIMITS)


def check_rate_limit(user, now=None) -> None:
    """Raise LookupRateLimited when ``user`` has used up a lookup window."""
    window = used_up_window(kinds.CLIENT_LOOKUP, user, limits(), now)
    if window is not None:
        allowed, seconds = window
        raise LookupRateLimited(
            ngettext(
                "You can look up existing clients at most %(count)s time in %(minutes)s "
                "min. Create a new client record, or try again later.",
                "You can look up existing clients at most %(count)s times in %(minutes)s "
                "min. Create a new client record, or try again later.",
                allowed,
            )
            % {"count": allowed, "minutes": max(1, round(seconds / 60))},
            code="rate_limited",
        )


@sensitive_variables()
def find_own_clients(user, *, phone: str = "", email: str = "") -> list:
    """The professional's own clients with this phone number or email (ledgered).

    Raises LookupRateLimited (and ledgers nothing) when the limit is used up.
    """
    from .services import own_clients

    with transaction.atomic():
        check_rate_limit(user)
        own = own_clients(user)
        found = {}
        if phone:
            for subject in own.filter(pk__in=find_subjects_by_phone(phone).values("pk")):
                found.setdefault(subject.pk, subject)
        if email:
            for subject in own.filter(pk__in=find_subjects_by_email(email).values("pk")):
                found.setdefault(subject.pk, subject)
        matches = sorted(found.values(), key=lambda s: s.created_at)[:MAX_MATCHES]
        append_entry(
            kinds.CLIENT_LOOKUP,
            user,
            matches,
            {
                "purpose": PURPOSE,
                "fields": [name for name, value in (("email", email), ("phone", phone)) if value],
                "matches": len(matches),
            },
        )
    return matches


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def _key() -> bytes:
    return hashlib.sha256(
        f"wagtail_hyte.referrals.client-token|{settings.SECRET_KEY}".encode()
    ).digest()


def _aad(user, nonce: str) -> bytes:
    return f"hyte/client-token/v1|{user.pk}|{nonce}".encode()


def issue_token(user, nonce: str, subject) -> str:
    """An opaque token for ``subject``, valid only for ``user`` in the form ``nonce``."""
    plaintext = json.dumps({"s": str(subject.pk), "t": int(time.time())}).encode()
    sealed = seal(_key(), plaintext, _aad(user, nonce))
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def resolve_token(user, nonce: str, token: str, now: float | None = None):
    """The subject behind ``token``, or None (foreign, expired, altered or not own)."""
    from .services import own_clients

    if not token or not nonce:
        return None
    try:
        sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(open_sealed(_key(), sealed, _aad(user, nonce)))
    except (ValueError, DecryptionError):
        return None
    now = now if now is not None else time.time()
    if not 0 <= now - int(values.get("t", 0)) <= TOKEN_MAX_AGE:
        return None
    return own_clients(user).filter(pk=values.get("s")).first()
