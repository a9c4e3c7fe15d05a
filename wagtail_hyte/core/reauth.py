"""Re-authentication before a client's contact details are shown.

Showing contact details needs a sign-in, or a re-authentication on the
*Confirm it is you* page (``wagtail_hyte.accounts``), no older than
``WAGTAIL_HYTE["REAUTHENTICATE_AFTER"]`` seconds (``None``: the session's own
age suffices). The time is ``core.signin.authenticated_at``, written at every
sign-in (``core.sessions``) and by the confirmation page.

Only requests authenticated by the browser's session are asked: an API token
is its own credential (``request.auth`` holds it; Django REST framework's
session authentication leaves ``request.auth`` empty).

Core knows the confirmation page only by its URL name. A site that has not
mounted ``wagtail_hyte.accounts.urls`` (or not installed the app) still
refuses stale requests, and ``reauthentication_url`` is ``None``: callers then
refuse with ``not_mounted_message()``, which tells the user to sign out and
sign in again (a new sign-in is a re-authentication too). Check ``hyte.W008``
warns such a site.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import signin
from .conf import hyte_settings

#: The URL name of the confirmation page (``wagtail_hyte.accounts.urls``).
REAUTHENTICATE_URL_NAME = "wagtail_hyte_accounts:reauthenticate"
#: The stable code of the API's refusal.
REAUTHENTICATION_REQUIRED = "reauthentication_required"


def reauthenticate_after() -> int | None:
    value = hyte_settings.REAUTHENTICATE_AFTER
    return None if value is None else int(value)


def is_session_request(request) -> bool:
    """Signed in by the browser's session, not by a credential of its own."""
    if getattr(request, "auth", None) is not None:
        return False  # an API token (api.authentication.ApiTokenAuthentication)
    user = getattr(request, "user", None)
    return bool(getattr(user, "is_authenticated", False)) and (
        getattr(request, "session", None) is not None
    )


def needs_reauthentication(request) -> bool:
    """True when this session request must confirm who it is before contact
    details are shown: ``REAUTHENTICATE_AFTER`` is set and the last sign-in or
    re-authentication is missing or older than that."""
    window = reauthenticate_after()
    if window is None or not is_session_request(request):
        return False
    at = signin.authenticated_at(request)
    if at is None:
        return True
    age = timezone.now() - at
    # A time well in the future (a clock moved back) proves nothing.
    return age > timedelta(seconds=window) or age < -timedelta(seconds=60)


def reauthentication_url(request, next_url: str) -> str | None:
    """The confirmation page that returns to ``next_url``; ``None`` when the
    site has not mounted it (see ``not_mounted_message``)."""
    try:
        url = reverse(REAUTHENTICATE_URL_NAME)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode({'next': next_url})}"


def required_message() -> str:
    """What the user is told before the confirmation page."""
    return _("Confirm it is you to see the contact details.")


def not_mounted_message() -> str:
    """The refusal when the site has no confirmation page."""
    minutes = max(1, round((reauthenticate_after() or 60) / 60))
    return ngettext(
        "Contact details are shown only within %(minutes)s minute of signing in. "
        "Sign out and sign in again to see them.",
        "Contact details are shown only within %(minutes)s minutes of signing in. "
        "Sign out and sign in again to see them.",
        minutes,
    ) % {"minutes": minutes}


def api_refusal_message() -> str:
    """The API's message with ``REAUTHENTICATION_REQUIRED``."""
    return _(
        "Contact details need a recent sign-in. Confirm it is you in the admin "
        "(or sign in again), then repeat the request."
    )
