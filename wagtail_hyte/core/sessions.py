"""Session limits per role: an idle limit and an absolute one.

``WAGTAIL_HYTE["SESSION_LIMITS"]`` gives each HYTE role (and ``"superuser"``)
``{"idle": seconds, "absolute": seconds}``. A signed-in user is held to the
shortest of each among their roles; ``None`` is no limit of that kind, and a
user with no HYTE role who is not a superuser has no limit of ours (the site's
``SESSION_COOKIE_AGE`` holds). A role or a limit a site leaves out keeps its
default (``limits_for``). The roles are read at every request, so a role
added to a signed-in user shortens their session at once.

* The ``user_logged_in`` receiver (every sign-in: password, single sign-on,
  ``force_login``) records how and when the session signed in
  (``core.signin.mark_authenticated``), starts the idle clock and sets Django's
  session expiry to the absolute deadline, so the session row and the cookie
  end with it.
* ``SessionLimitsMiddleware`` (right after ``AuthenticationMiddleware``) signs
  out (``django.contrib.auth.logout``) a session past its absolute deadline or
  idle longer than its idle limit, before the view runs. The last activity is
  kept in the session and written at most once a minute
  (``ACTIVITY_WRITE_INTERVAL``), so a request does not save the session every
  time; the idle limit is therefore kept to within that minute, never longer.
  After signing out, an admin page request goes to the admin sign-in page with
  ``next`` and a message saying why; any other request (the API, JSON, the
  public site) continues as anonymous and is answered as such. After the
  view, the middleware puts the session expiry back to the deadline when a
  view changed it: Wagtail's sign-in view sets it from "remember me", which
  cannot extend a session here.

A session without our sign-in time (one that began before these limits were
installed) is signed out at its first request if the user has any limit.
Re-authentication on the *Confirm it is you* page proves who the user is for
``core.reauth`` but does not restart the absolute limit; a new sign-in (single
sign-on's re-authentication is one) does.

``PersonalDataSessionMiddleware`` is the old name of the middleware; the
``PERSONAL_DATA_SESSION_AGE`` setting it read is replaced by ``SESSION_LIMITS``
(check ``hyte.E007`` names a site that still sets it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import signin
from .conf import DEFAULTS, hyte_settings
from .roles import AUDITOR, COORDINATOR, GROUP_NAMES, PARTNER_STAFF, PROFESSIONAL, has_role

PERSONAL_DATA_ROLES = (PROFESSIONAL, PARTNER_STAFF, COORDINATOR, AUDITOR)


def reads_personal_data(user) -> bool:
    """Superusers and the roles that can reveal or read personal data."""
    return has_role(user, *PERSONAL_DATA_ROLES)  # has_role is True for superusers


#: The ``SESSION_LIMITS`` key of superusers.
SUPERUSER = "superuser"
#: Every key ``SESSION_LIMITS`` accepts, and the limits each role holds.
LIMIT_ROLES = (*GROUP_NAMES, SUPERUSER)
LIMIT_KINDS = ("idle", "absolute")

#: Epoch seconds of the sign-in that started this session.
SIGNED_IN_AT_KEY = "_hyte_signed_in_at"
#: Epoch seconds of the last request (written at most once a minute).
LAST_ACTIVITY_KEY = "_hyte_last_activity"
#: ISO time of the absolute deadline, kept as Django's session expiry.
DEADLINE_KEY = "_hyte_session_deadline"
#: The last activity is written when it is at least this many seconds old.
ACTIVITY_WRITE_INTERVAL = 60

IDLE = "idle"
EXPIRED = "expired"


@dataclass(frozen=True)
class Limits:
    """Seconds, or ``None`` for no limit of that kind."""

    idle: int | None = None
    absolute: int | None = None

    def __bool__(self) -> bool:
        return self.idle is not None or self.absolute is not None


def limits_for(role: str) -> Limits:
    """The limits of one ``SESSION_LIMITS`` key: the site's values over the defaults.

    A role set to ``None`` has no limits; a role or a kind left out keeps its
    default (``hyte_settings`` merges only the first level of the dict).
    """
    configured = hyte_settings.SESSION_LIMITS or {}
    if role in configured and configured[role] is None:
        return Limits()
    default = DEFAULTS["SESSION_LIMITS"].get(role) or {}
    own = configured.get(role) or {}
    merged = {**default, **own}
    return Limits(
        idle=_seconds(merged.get("idle")),
        absolute=_seconds(merged.get("absolute")),
    )


def _seconds(value) -> int | None:
    # The system check (hyte.E008) refuses anything but positive numbers and None.
    return None if value is None else int(value)


def session_roles(user) -> list[str]:
    """The ``SESSION_LIMITS`` keys that hold for ``user``: their HYTE groups,
    and ``"superuser"`` for superusers (who need not be in any group)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    names = getattr(user, "_hyte_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._hyte_group_names = names  # the cache core.roles.has_role reads too
    roles = [role for role, group in GROUP_NAMES.items() if group in names]
    if user.is_superuser:
        roles.append(SUPERUSER)
    return roles


def session_limits(user) -> Limits:
    """The shortest idle and absolute limits among ``user``'s roles."""
    found = [limits_for(role) for role in session_roles(user)]
    return Limits(
        idle=_shortest(limits.idle for limits in found),
        absolute=_shortest(limits.absolute for limits in found),
    )


def _shortest(values) -> int | None:
    values = [value for value in values if value is not None]
    return min(values) if values else None


def _now() -> float:
    return timezone.now().timestamp()


def _deadline(session, limits: Limits) -> datetime | None:
    signed_in = session.get(SIGNED_IN_AT_KEY)
    if limits.absolute is None or not isinstance(signed_in, int | float):
        return None
    return datetime.fromtimestamp(signed_in + limits.absolute, tz=UTC)


def _apply(session, deadline: datetime) -> None:
    """Django's session expiry at ``deadline`` (no session save when it already is)."""
    if session.get("_session_expiry") != deadline.isoformat():
        session.set_expiry(deadline)


@receiver(user_logged_in, dispatch_uid="wagtail_hyte_session_limits")
def start_session(sender, request, user, **kwargs):
    """Every sign-in: how and when, the idle clock, the absolute deadline."""
    session = getattr(request, "session", None)
    if session is None:
        return
    backend = session.get(BACKEND_SESSION_KEY) or getattr(user, "backend", None)
    signin.mark_authenticated(request, signin.method_of_backend(backend))
    now = int(_now())
    session[SIGNED_IN_AT_KEY] = now
    session[LAST_ACTIVITY_KEY] = now
    session.pop(DEADLINE_KEY, None)
    deadline = _deadline(session, session_limits(user))
    if deadline is not None:
        session[DEADLINE_KEY] = deadline.isoformat()
        _apply(session, deadline)


def enforce_limits(request) -> tuple[str, Limits] | None:
    """Sign out this request's session if it is past a limit.

    Returns ``(IDLE or EXPIRED, the limits)`` when it signed the session out,
    ``None`` otherwise (and then keeps the last activity and the deadline).
    """
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return None
    limits = session_limits(user)
    if not limits:
        return None
    now = _now()
    signed_in = session.get(SIGNED_IN_AT_KEY)
    last = session.get(LAST_ACTIVITY_KEY)
    if not isinstance(last, int | float):
        last = signed_in
    deadline = _deadline(session, limits)
    reason = None
    if not isinstance(signed_in, int | float):
        reason = EXPIRED  # a session from before these limits: nothing to count from
    elif deadline is not None and now >= deadline.timestamp():
        reason = EXPIRED
    elif limits.idle is not None and now - last > limits.idle:
        reason = IDLE
    if reason is not None:
        logout(request)
        return reason, limits
    if now - last >= ACTIVITY_WRITE_INTERVAL:
        session[LAST_ACTIVITY_KEY] = int(now)
    if deadline is None:
        session.pop(DEADLINE_KEY, None)
    elif session.get(DEADLINE_KEY) != deadline.isoformat():
        session[DEADLINE_KEY] = deadline.isoformat()  # a role or a setting changed
    return None


def signed_out_message(reason: str, limits: Limits) -> str:
    if reason == IDLE and limits.idle is not None:
        minutes = max(1, math.ceil(limits.idle / 60))
        return ngettext(
            "You were signed out after %(minutes)s minute without activity. "
            "Sign in again to continue.",
            "You were signed out after %(minutes)s minutes without activity. "
            "Sign in again to continue.",
            minutes,
        ) % {"minutes": minutes}
    return _("Your sign-in expired. Sign in again to continue.")


def _admin_prefix() -> str | None:
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return None


def _wants_page(request) -> bool:
    """An admin page a person opened, not a script's request for data."""
    prefix = _admin_prefix()
    if prefix is None or not request.path.startswith(prefix):
        return False
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return False
    return request.accepts("text/html")


def signed_out_response(request, reason: str, limits: Limits):
    """After signing out: the admin sign-in page with ``next`` and the reason
    for an admin page request; ``None`` (the request continues anonymous) for
    any other."""
    if not _wants_page(request):
        return None
    login_url = reverse("wagtailadmin_login")
    if request.path == login_url and request.method == "POST":
        return None  # signing in again: the sign-in view takes the form as it is
    if request.path == login_url:
        next_url = request.GET.get("next") or reverse("wagtailadmin_home")
        response = redirect_to_login(next_url, login_url)
    else:
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
        response = redirect_to_login(next_url, login_url)
    if apps.is_installed("django.contrib.messages"):
        # The message middleware comes after this one and does not run for this
        # response: keep the message in its storage here, as it would.
        from django.contrib.messages.storage import default_storage

        storage = default_storage(request)
        storage.add(messages.WARNING, signed_out_message(reason, limits))
        storage.update(response)
    return response


class SessionLimitsMiddleware:
    """Signs out a session past its idle or absolute limit; keeps the deadline
    as the session expiry whatever a view set. Put it right after
    ``django.contrib.auth.middleware.AuthenticationMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ended = enforce_limits(request)
        if ended is not None:
            response = signed_out_response(request, *ended)
            if response is not None:
                return response
        response = self.get_response(request)
        session = getattr(request, "session", None)
        raw = session.get(DEADLINE_KEY) if session is not None else None
        if raw:
            try:
                _apply(session, datetime.fromisoformat(raw))
            except ValueError:
                session.flush()
        return response


#: The old name, for sites that still list it in MIDDLEWARE.
PersonalDataSessionMiddleware = SessionLimitsMiddleware
