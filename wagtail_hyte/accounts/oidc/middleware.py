"""Sign-out at the provider, and the admin sign-in page without passwords.

Both go after ``AuthenticationMiddleware`` and ``MessageMiddleware``::

    "wagtail_hyte.accounts.oidc.middleware.PasswordSignInPolicyMiddleware",
    "wagtail_hyte.accounts.oidc.middleware.ProviderLogoutMiddleware",

Neither imports mozilla-django-oidc.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.signin import SSO, sign_in_method

from .config import (
    ProviderError,
    SSOConfigError,
    get_config,
    password_login_allowed,
    provider_metadata,
)

logger = logging.getLogger("wagtail_hyte.accounts.sso")

PASSWORDS_OFF = _(
    "Signing in with a password is not in use. Sign in with your organisation's account."
)


def end_session_url(request) -> str | None:
    """Where to send the browser to end the provider's session, or ``None``
    (single sign-on off, ``LOGOUT_AT_PROVIDER`` off, or no end_session_endpoint).

    The request names this client (``client_id``, which RP-Initiated Logout 1.0
    allows in place of ``id_token_hint``), not the user's ID token: the token
    holds the user's name and email address, and a URL ends up in browser
    history and the provider's and proxies' access logs. So no ID token is kept
    in the session either."""
    try:
        config = get_config()
    except SSOConfigError:
        return None
    if config is None or not config.logout_at_provider:
        return None
    try:
        endpoint = provider_metadata(config).get("end_session_endpoint")
    except ProviderError as exc:
        logger.warning("single sign-on: no sign-out at the provider: %s", exc.reason)
        return None
    if not endpoint:
        return None
    params = {
        "client_id": config.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("wagtailadmin_login")),
    }
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)


def _path(name: str) -> str | None:
    """The path of the URL ``name``, or None where the site does not serve it
    (a URL configuration without Wagtail's admin)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class ProviderLogoutMiddleware:
    """After Wagtail's sign-out of a single sign-on session, end the provider's
    session too (OpenID Connect RP-Initiated Logout): the local sign-out
    happens first and in full, whatever the provider then does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path != _path("wagtailadmin_logout"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or sign_in_method(request) != SSO:
            return self.get_response(request)
        response = self.get_response(request)
        if request.user.is_authenticated or response.status_code not in (301, 302, 303):
            return response  # the local sign-out did not happen
        url = end_session_url(request)
        if url is None:
            return response
        redirect = HttpResponseRedirect(url)
        # Keep what the sign-out set: the deleted session cookie, the message cookie.
        redirect.cookies = response.cookies
        return redirect


class PasswordSignInPolicyMiddleware:
    """With ``WAGTAIL_HYTE["SSO"]["PASSWORD_LOGIN"] = False``, a password posted
    to the admin sign-in page is refused before it is checked, for everyone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path == _path("wagtailadmin_login")
            and not password_login_allowed()
        ):
            logger.warning("password sign-in refused: passwords are switched off")
            messages.error(request, PASSWORDS_OFF)
            url = reverse("wagtailadmin_login")
            next_url = request.POST.get("next")
            if next_url and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                url += "?" + urlencode({"next": next_url})
            return _see_other(url)
        return self.get_response(request)


def _see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response
