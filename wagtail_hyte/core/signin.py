"""How this session signed in, and when it last proved who it is.

Written at every sign-in by ``core.sessions``' ``user_logged_in`` receiver and
by the re-authentication page (``wagtail_hyte.accounts``); read by the second
factor policy (single sign-on users are exempt by setting), the session limits
and the re-authentication check before contact details are shown
(``core.reauth``). Core knows single sign-on only through
``register_sso_backend``: ``wagtail_hyte.accounts`` registers its OpenID
Connect backend there when it loads.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

#: "password" or "sso": how this session signed in.
METHOD_KEY = "_hyte_sign_in_method"
#: ISO time of the last sign-in or re-authentication.
AUTHENTICATED_AT_KEY = "_hyte_authenticated_at"

PASSWORD = "password"  # noqa: S105 (a sign-in method, not a password)
SSO = "sso"

_sso_backends: set[str] = set()


def register_sso_backend(dotted_path: str) -> None:
    """Sessions signed in through the backend at ``dotted_path`` are single sign-on."""
    _sso_backends.add(dotted_path)


def method_of_backend(backend_path: str | None) -> str:
    return SSO if backend_path in _sso_backends else PASSWORD


def mark_authenticated(request, method: str, at: datetime | None = None) -> None:
    """Record that this session proved who it is now, by ``method``."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[METHOD_KEY] = method
    session[AUTHENTICATED_AT_KEY] = (at or timezone.now()).isoformat()


def sign_in_method(request) -> str | None:
    session = getattr(request, "session", None)
    return session.get(METHOD_KEY) if session is not None else None


def authenticated_at(request) -> datetime | None:
    session = getattr(request, "session", None)
    raw = session.get(AUTHENTICATED_AT_KEY) if session is not None else None
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None
