"""The authorisation code flow, on mozilla-django-oidc's views (needs the ``oidc``
extra; ``views.py`` imports this module only when single sign-on is on).

Start: a fresh ``state``, ``nonce`` and PKCE verifier (S256) per sign-in,
kept in the session under the state (mozilla's ``oidc_states``) with the page
to return to and whether this is a re-authentication; then a redirect to the
provider. Callback: the state is looked up and removed (a code is usable
once), the backend exchanges the code and verifies the tokens, and the user is
signed in. Every failure signs nobody in, logs a reason code and sends the
person to the sign-in page with a translated message.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

from django.contrib import auth, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.utils import (
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from wagtail_hyte.core.signin import SSO, mark_authenticated

from . import BACKEND_PATH
from .backend import FAILED, UNAVAILABLE, HyteOIDCBackend, SignInRefused
from .config import ProviderError, SSOConfig, provider_metadata

logger = logging.getLogger("wagtail_hyte.accounts.sso")

#: mozilla-django-oidc's session key of the pending sign-ins, by state.
STATES_KEY = "oidc_states"
#: A sign-in not finished within this many seconds must start again.
STATE_MAX_AGE = 15 * 60
#: A re-authentication must come from a sign-in at the provider this recent.
REAUTH_MAX_AGE = 5 * 60
STATE_LENGTH = 32
NONCE_LENGTH = 32
CODE_VERIFIER_LENGTH = 64

CANCELLED = _("Signing in was cancelled.")
NOT_RECENT = _(
    "Your organisation's sign-in service did not ask you to sign in again. Please try again."
)
OTHER_PERSON = _("You signed in as someone else, so you have been signed out.")


def safe_next(request, url) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def login_url(next_url: str | None = None) -> str:
    url = reverse("wagtailadmin_login")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def with_query(url: str, params: dict) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


class StartFlowView(OIDCAuthenticationRequestView):
    """Redirect to the provider's authorisation endpoint (``?next=``, ``?reauth=1``)."""

    http_method_names = ["get"]
    config: SSOConfig | None = None

    def __init__(self, **kwargs):
        # mozilla's __init__ reads OIDC_* Django settings: the config comes from views.py.
        View.__init__(self, **kwargs)

    def get(self, request):
        config = self.config
        next_url = safe_next(request, request.GET.get("next"))
        reauth = request.GET.get("reauth") == "1"
        try:
            metadata = provider_metadata(config)
        except ProviderError as exc:
            logger.warning("single sign-on not started: %s", exc.reason)
            messages.error(request, UNAVAILABLE)
            return HttpResponseRedirect(login_url(next_url))

        state = get_random_string(STATE_LENGTH)
        code_verifier = get_random_string(CODE_VERIFIER_LENGTH)
        params = {
            "response_type": "code",
            "scope": " ".join(config.scopes),
            "client_id": config.client_id,
            "redirect_uri": request.build_absolute_uri(
                reverse("wagtail_hyte_accounts:sso_callback")
            ),
            "state": state,
            "nonce": get_random_string(NONCE_LENGTH),
            "code_challenge": generate_code_challenge(code_verifier, "S256"),
            "code_challenge_method": "S256",
        }
        if reauth:
            # The provider must ask again, whatever session it has (OIDC Core 3.1.2.1).
            params.update(prompt="login", max_age="0")
        add_state_and_verifier_and_nonce_to_session(request, state, params, code_verifier)
        request.session[STATES_KEY][state].update(next=next_url, reauth=reauth)
        request.session.modified = True
        return HttpResponseRedirect(with_query(metadata["authorization_endpoint"], params))


class CallbackFlowView(OIDCAuthenticationCallbackView):
    """The provider's redirect back: sign the user in, or explain why not."""

    http_method_names = ["get"]
    config: SSOConfig | None = None

    def get(self, request):
        state = request.GET.get("state")
        states = request.session.get(STATES_KEY)
        pending = None
        if state and isinstance(states, dict) and isinstance(states.get(state), dict):
            # A state is used once, whatever happens next.
            pending = states.pop(state)
            request.session.modified = True
            request.session.save()
        next_url = safe_next(request, (pending or {}).get("next"))
        reauth = bool((pending or {}).get("reauth"))

        if request.GET.get("error"):
            error = request.GET["error"]
            reason = (
                f"provider_{error}"
                if error.isidentifier() and len(error) <= 40
                else "provider_error"
            )
            cancelled = error in ("access_denied", "login_required", "interaction_required")
            return self.refuse(
                request, reason, CANCELLED if cancelled else FAILED, next_url, reauth
            )
        if pending is None:
            return self.refuse(request, "state_unknown", FAILED, None, False)
        if time.time() - float(pending.get("added_on") or 0) > STATE_MAX_AGE:
            return self.refuse(request, "state_expired", FAILED, next_url, reauth)
        code = request.GET.get("code")
        if not code:
            return self.refuse(request, "code_missing", FAILED, next_url, reauth)

        # Exchanging the code takes a moment: read the session again afterwards,
        # so that what other tabs wrote meanwhile is not overwritten (as mozilla does).
        request.session = request.session.__class__(request.session.session_key)
        backend = HyteOIDCBackend()
        try:
            result = backend.sign_in(
                request,
                code=code,
                nonce=pending.get("nonce"),
                code_verifier=pending.get("code_verifier"),
            )
        except SignInRefused as refused:
            return self.refuse(request, refused.reason, refused.message, next_url, reauth)

        self.user = result.user
        current = getattr(request, "user", None)
        signed_in = current is not None and current.is_authenticated
        if reauth and signed_in and current.pk != self.user.pk:
            # Someone else's sign-in in the middle of this person's session.
            auth.logout(request)
            return self.refuse(request, "reauth_other_user", OTHER_PERSON, None, False)
        if reauth:
            auth_time = result.claims.get("auth_time")
            skew = backend.config.clock_skew
            if auth_time is not None and time.time() - float(auth_time) > REAUTH_MAX_AGE + skew:
                return self.refuse(request, "reauth_not_recent", NOT_RECENT, next_url, reauth)

        if not signed_in or current.pk != self.user.pk:
            # Same user (re-authentication): no new login, so the CSRF token and
            # the session's absolute age stay.
            auth.login(request, self.user, backend=BACKEND_PATH)
        mark_authenticated(request, SSO)
        logger.info("single sign-on: signed in (created=%s)", result.created)
        return HttpResponseRedirect(next_url or reverse("wagtailadmin_home"))

    def refuse(self, request, reason, message, next_url, reauth):
        logger.warning("single sign-on refused: %s", reason)
        messages.error(request, message)
        user = getattr(request, "user", None)
        if reauth and user is not None and user.is_authenticated:
            url = reverse("wagtail_hyte_accounts:reauthenticate")
            return HttpResponseRedirect(with_query(url, {"next": next_url}) if next_url else url)
        return HttpResponseRedirect(login_url(next_url))
