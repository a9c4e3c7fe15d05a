"""The business actions on API tokens. The admin views call these only.

* :func:`create_token` makes a token and returns its secret, the only time the
  secret exists outside the client system: the row keeps its first characters
  and its digest. Appends ``api_token.created``.
* :func:`revoke_token` ends a token at once. Appends ``api_token.revoked``.
* :func:`authenticate` finds the usable token behind a secret
  (``authentication.ApiTokenAuthentication`` calls it on every request).

Why a plain SHA-256 digest and not a password hasher: a password hasher is
slow on purpose, because passwords are guessable and each guess must cost.
A token is 256 random bits from ``secrets``; nobody can guess it or search
for it from its digest, however fast the digest is, so a slow hash would only
cost time on every API request. A keyed digest (HMAC) would add nothing
against guessing and would tie every token to a key that could then never be
rotated without revoking them all. The digests are compared with
``hmac.compare_digest``, in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.periods import local_date, local_midnight
from wagtail_hyte.core.sensitive import RedactedText
from wagtail_hyte.ledger.canonical import format_time
from wagtail_hyte.ledger.services import append_entry

from . import kinds
from .models import PREFIX_LENGTH, TOKEN_PREFIX, ApiToken, TokenStatus
from .scopes import SCOPES

#: ``secrets.token_urlsafe(32)``: 32 bytes as 43 URL-safe base64 characters.
RANDOM_BYTES = 32
SECRET_PATTERN = re.compile(rf"^{re.escape(TOKEN_PREFIX)}[A-Za-z0-9_-]{{43}}$")
#: ``last_used_at`` is written at most once in this time, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
#: Who may act through a token: active users who may use the Wagtail admin.
STAFF_PERMISSION = "wagtailadmin.access_admin"


@dataclass(frozen=True)
class CreatedToken:
    """A new token and its secret (shown once; its ``repr`` never shows it)."""

    token: ApiToken
    secret: RedactedText


def token_digest(secret: str) -> str:
    """The hex SHA-256 of the whole secret (what the row stores)."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def _new_secret() -> tuple[str, str]:
    """A fresh secret and its prefix, the prefix not yet taken by another token."""
    while True:
        random_part = secrets.token_urlsafe(RANDOM_BYTES)
        prefix = random_part[:PREFIX_LENGTH]
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return TOKEN_PREFIX + random_part, prefix


def eligible_users(created_by=None):
    """The users a token may act as: active staff (``wagtailadmin.access_admin``).
    Superusers only for a superuser ``created_by``: a token acting as a
    superuser may do everything, so only someone who already may makes one."""
    users = get_user_model().objects.with_perm(
        STAFF_PERMISSION,
        is_active=True,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",  # groups and user permissions
    )
    if created_by is None or not created_by.is_superuser:
        users = users.filter(is_superuser=False)
    return users.order_by(get_user_model().USERNAME_FIELD)


def latest_expiry(today: date | None = None) -> date:
    """The last day a new token may expire on (``API_TOKEN_MAX_DAYS`` from today)."""
    return (today or local_date()) + timedelta(days=int(hyte_settings.API_TOKEN_MAX_DAYS))


def _validate(*, name, user, scopes, expires_on, created_by, today) -> dict:
    errors = {}
    if not name:
        errors["name"] = _("Name the system that will use the token.")
    elif len(name) > ApiToken._meta.get_field("name").max_length:
        errors["name"] = _("The name is too long.")
    if user is None or not eligible_users(created_by).filter(pk=user.pk).exists():
        errors["user"] = _("A token can act only as an active staff member.")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        errors["scopes"] = _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}
    elif not scopes:
        errors["scopes"] = _("Choose at least one scope.")
    last = latest_expiry(today)
    if expires_on is None or expires_on <= today:
        errors["expires_on"] = _("The token must expire after today.")
    elif expires_on > last:
        errors["expires_on"] = _("A token may expire on %(date)s at the latest.") % {
            "date": date_format(last)
        }
    return errors


def create_token(*, name, user, scopes, expires_on: date, created_by, now=None) -> CreatedToken:
    """Make a token acting as ``user`` with ``scopes`` (names in ``scopes.SCOPES``),
    working until 00:00 (Finnish time) on ``expires_on``. Raises ValidationError
    (keyed by ``name``, ``user``, ``scopes``, ``expires_on``) and writes nothing
    when the request breaks a rule."""
    now = now or timezone.now()
    name = (name or "").strip()
    scopes = sorted(set(scopes or ()))
    errors = _validate(
        name=name,
        user=user,
        scopes=scopes,
        expires_on=expires_on,
        created_by=created_by,
        today=local_date(now),
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        secret, prefix = _new_secret()
        token = ApiToken.objects.create(
            name=name,
            user=user,
            scopes=scopes,
            prefix=prefix,
            digest=token_digest(secret),
            created_at=now,
            created_by=created_by,
            expires_at=local_midnight(expires_on),
        )
        append_entry(
            kinds.TOKEN_CREATED,
            created_by,
            payload={
                "token": str(token.pk),
                "prefix": prefix,
                "acts_as": f"user:{user.pk}",
                "scopes": scopes,
                "expires_at": format_time(token.expires_at),
            },
            at=now,
        )
    return CreatedToken(token, RedactedText(secret))


def revoke_token(token: ApiToken, *, revoked_by, now=None) -> ApiToken:
    """End ``token`` now. A token already revoked raises ValidationError."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ValidationError(_("This token has already been revoked."), code="revoked")
        locked.revoked_at = now
        locked.revoked_by = revoked_by
        locked.save(update_fields=["revoked_at", "revoked_by"])
        append_entry(
            kinds.TOKEN_REVOKED,
            revoked_by,
            payload={"token": str(locked.pk), "prefix": locked.prefix},
            at=now,
        )
    return locked


def authenticate(secret: str, now=None) -> ApiToken | None:
    """The usable token behind ``secret``, with its user, or None: for a
    malformed, unknown, expired or revoked token and for one whose user is no
    longer active (the caller tells none of these apart). Notes the use."""
    now = now or timezone.now()
    if not isinstance(secret, str) or not SECRET_PATTERN.match(secret):
        return None
    prefix = secret[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + PREFIX_LENGTH]
    digest = token_digest(secret)
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    if token.status(now) != TokenStatus.ACTIVE or not token.user.is_active:
        return None
    record_use(token, now)
    return token


def record_use(token: ApiToken, now=None) -> None:
    """Set ``last_used_at``, at most once per ``LAST_USED_RESOLUTION`` (one
    conditional UPDATE, so concurrent requests do not write it twice)."""
    now = now or timezone.now()
    stale = now - LAST_USED_RESOLUTION
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    ).update(last_used_at=now)
    token.last_used_at = now
