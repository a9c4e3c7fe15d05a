"""*Confirm it is you*: re-authentication before a client's contact details.

``core.reauth.needs_reauthentication`` sends a session here when its last
sign-in is older than ``REAUTHENTICATE_AFTER``; ``next`` is where it returns.

* A session that signed in with a password confirms with the password
  (``django.contrib.auth.authenticate``, so django-axes counts and throttles
  wrong ones) and, when the user has a confirmed second factor, a code from
  the authenticator app or a recovery code (``mfa.check_code``: django-otp's
  throttling, a used recovery code consumed and ledgered). The code is
  checked only after the password is right, so a wrong password uses up no
  recovery code. Success records the time
  (``core.signin.mark_authenticated``) and returns to ``next``; a failure
  changes nothing but the failure count; after ``MAX_FAILURES`` failures in a
  row (or when django-axes locks the user out) the session is signed out.
* A session that signed in through single sign-on goes through the provider
  again: the button leads to the single sign-on start with ``reauth=1``
  (which asks the provider for ``prompt=login``); the sign-in that follows
  records the time.
"""

from __future__ import annotations

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail_hyte.core import signin

from .. import mfa
from .pages import SignInPageView, safe_next

#: Wrong passwords or codes in a row before the session is signed out.
MAX_FAILURES = 5
#: The session key of the failure count.
FAILURES_KEY = "_hyte_reauth_failures"


class ReauthenticateForm(forms.Form):
    """The password, and the code when the user has a second factor."""

    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": gettext_lazy("Enter your password.")},
    )
    otp_token = forms.CharField(
        label=gettext_lazy("Code"),
        help_text=gettext_lazy(
            "The six-digit code from your authenticator app, or one of your recovery codes."
        ),
        max_length=64,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, request, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.needs_code = needs_code
        self.device = None
        if needs_code:
            self.fields["otp_token"].required = True
            self.fields["otp_token"].error_messages["required"] = _(
                "Enter the code from your authenticator app or a recovery code."
            )
        else:
            del self.fields["otp_token"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        user = self.request.user
        confirmed = authenticate(
            self.request, username=user.get_username(), password=cleaned["password"]
        )
        if confirmed is None or confirmed.pk != user.pk:
            self.add_error("password", _("The password is not correct."))
            return cleaned
        if self.needs_code:
            try:
                self.device = mfa.check_code(user, cleaned["otp_token"]).device
            except mfa.Throttled as exc:
                self.add_error("otp_token", exc)
            except mfa.WrongCode:
                self.add_error("otp_token", _("The code is not correct, or it has been used."))
        return cleaned


def _sso_label() -> str | None:
    """The single sign-on button's text, or ``None`` when single sign-on is off
    or unusable (the system checks name why)."""
    from ..oidc import config

    try:
        sso = config.get_config()
    except config.SSOConfigError:
        return None
    return sso.button_text() if sso is not None else None


class ReauthenticateView(SignInPageView):
    """``GET`` shows the page, ``POST`` checks the password (and the code)."""

    template_name = "wagtail_hyte_accounts/reauthenticate.html"
    http_method_names = ["get", "post"]

    @property
    def page_title(self):
        return _("Confirm it is you")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.next_url = safe_next(request)
            self.sso_label = None
            if signin.sign_in_method(request) == signin.SSO:
                self.sso_label = _sso_label()
            self.needs_code = mfa.has_confirmed_factor(request.user)
        return super().dispatch(request, *args, **kwargs)

    @property
    def by_provider(self) -> bool:
        """This session confirms through single sign-on."""
        return self.sso_label is not None

    @property
    def by_password(self) -> bool:
        return not self.by_provider and self.request.user.has_usable_password()

    def get_form(self, data=None):
        return ReauthenticateForm(data, request=self.request, needs_code=self.needs_code)

    def show(self, form=None):
        return self.render(
            by_provider=self.by_provider,
            by_password=self.by_password,
            sso_label=self.sso_label,
            sso_url=self.sso_url() if self.by_provider else "",
            username=self.request.user.get_username(),
            needs_code=self.needs_code,
            form=form or (self.get_form() if self.by_password else None),
        )

    def sso_url(self) -> str:
        start = reverse("wagtail_hyte_accounts:sso_start")
        return f"{start}?{urlencode({'reauth': '1', 'next': self.next_url})}"

    def get(self, request, *args, **kwargs):
        return self.show()

    def post(self, request, *args, **kwargs):
        if not self.by_password:
            return redirect(f"{request.path}?{urlencode({'next': self.next_url})}")
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.failed(form)
        # A new session key for the renewed proof (no session fixation).
        request.session.cycle_key()
        if form.device is not None:
            django_otp.login(request, form.device)
        signin.mark_authenticated(request, signin.PASSWORD)
        request.session.pop(FAILURES_KEY, None)
        return redirect(self.next_url)

    def failed(self, form):
        request = self.request
        attempted = bool(form.data.get("password"))
        if attempted:
            failures = request.session.get(FAILURES_KEY, 0) + 1
            request.session[FAILURES_KEY] = failures
            if failures >= MAX_FAILURES or getattr(request, "axes_locked_out", False):
                return self.sign_out()
        return self.show(form)

    def sign_out(self):
        request = self.request
        logout(request)
        messages.error(
            request,
            _("You were signed out after too many failed attempts. Sign in again to continue."),
        )
        return redirect_to_login(self.next_url, reverse("wagtailadmin_login"))
