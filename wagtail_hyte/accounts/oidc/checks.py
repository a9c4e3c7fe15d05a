"""System checks of single sign-on (only while ``WAGTAIL_HYTE["SSO"]`` is set).

* ``hyte_accounts.E101``: mozilla-django-oidc (the ``oidc`` extra) is not installed.
* ``hyte_accounts.E102``: ``WAGTAIL_HYTE["SSO"]`` is not valid (unknown keys, wrong
  types, no ``ISSUER``, ``SCOPES`` without ``openid``, ...).
* ``hyte_accounts.E103``: ``HyteOIDCBackend`` is not in ``AUTHENTICATION_BACKENDS``.
* ``hyte_accounts.E104``: ``ISSUER`` or an endpoint override is not ``https`` while
  ``DEBUG`` is off (loopback addresses excepted).
* ``hyte_accounts.E105``: ``CLIENT_ID`` or ``CLIENT_SECRET`` is empty.
* ``hyte_accounts.E106``: ``ROLES`` names a role key that does not exist.
* ``hyte_accounts.E107``: the sign-in URLs (``wagtail_hyte.accounts.urls``) are not
  included: ``reverse("wagtail_hyte_accounts:sso_callback")`` fails.
* ``hyte_accounts.E108``: ``PASSWORD_LOGIN`` is False but
  ``PasswordSignInPolicyMiddleware`` is not in ``MIDDLEWARE``.
* ``hyte_accounts.W101``: ``LOGOUT_AT_PROVIDER`` is on but
  ``ProviderLogoutMiddleware`` is not in ``MIDDLEWARE``.
* ``hyte_accounts.W102``: ``VERIFY_TLS`` is False while ``DEBUG`` is off.
* ``hyte_accounts.W103``: ``REQUIRE_ROLE`` is on and ``ROLES`` is empty: nobody can
  sign in with single sign-on.
"""

from __future__ import annotations

import importlib.util

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.urls import NoReverseMatch, reverse

from wagtail_hyte.core.conf import hyte_settings

from . import BACKEND_PATH
from .config import (
    ENDPOINTS,
    PROBLEM_CLIENT,
    PROBLEM_ROLES,
    SSOConfigError,
    is_configured,
    parse,
    url_allowed,
)

MIDDLEWARE_PREFIX = "wagtail_hyte.accounts.oidc.middleware."
PASSWORD_MIDDLEWARE = MIDDLEWARE_PREFIX + "PasswordSignInPolicyMiddleware"
LOGOUT_MIDDLEWARE = MIDDLEWARE_PREFIX + "ProviderLogoutMiddleware"

_PROBLEM_IDS = {PROBLEM_CLIENT: "hyte_accounts.E105", PROBLEM_ROLES: "hyte_accounts.E106"}


@register()
def check_single_sign_on(app_configs=None, **kwargs):
    if not is_configured():
        return []
    errors = []
    raw = hyte_settings.SSO
    if importlib.util.find_spec("mozilla_django_oidc") is None:
        errors.append(
            Error(
                "WAGTAIL_HYTE['SSO'] is set but mozilla-django-oidc is not installed.",
                hint="Install wagtail-hyte[oidc].",
                id="hyte_accounts.E101",
            )
        )
    try:
        config = parse(raw)
    except SSOConfigError as exc:
        config = None
        for code, message in exc.problems:
            errors.append(
                Error(
                    f"WAGTAIL_HYTE['SSO']: {message}.",
                    hint="See docs/sign-in.md.",
                    id=_PROBLEM_IDS.get(code, "hyte_accounts.E102"),
                )
            )
    if BACKEND_PATH not in settings.AUTHENTICATION_BACKENDS:
        errors.append(
            Error(
                "Single sign-on is set but its backend is not in AUTHENTICATION_BACKENDS.",
                hint=f"Add {BACKEND_PATH!r} to AUTHENTICATION_BACKENDS.",
                id="hyte_accounts.E103",
            )
        )
    if not settings.DEBUG and isinstance(raw, dict):
        insecure = [
            key
            for key in ("ISSUER", *ENDPOINTS)
            if isinstance(raw.get(key), str) and raw[key] and not url_allowed(raw[key])
        ]
        if insecure:
            errors.append(
                Error(
                    f"WAGTAIL_HYTE['SSO'] {', '.join(insecure)} must use https.",
                    id="hyte_accounts.E104",
                )
            )
        if raw.get("VERIFY_TLS", True) is False:
            errors.append(
                Warning(
                    "WAGTAIL_HYTE['SSO']['VERIFY_TLS'] is False: the provider's "
                    "certificate is not checked.",
                    hint="Remove VERIFY_TLS, or give the path of a CA bundle.",
                    id="hyte_accounts.W102",
                )
            )
    try:
        reverse("wagtail_hyte_accounts:sso_callback")
    except NoReverseMatch:
        errors.append(
            Error(
                "The sign-in URLs are not included.",
                hint='Add path("admin/hyte-sign-in/", include("wagtail_hyte.accounts.urls")) '
                "to the URL configuration, before the Wagtail admin.",
                id="hyte_accounts.E107",
            )
        )
    if config is not None:
        middleware = list(settings.MIDDLEWARE)
        if not config.password_login and PASSWORD_MIDDLEWARE not in middleware:
            errors.append(
                Error(
                    "PASSWORD_LOGIN is False but passwords posted to the sign-in page "
                    "are not refused.",
                    hint=f"Add {PASSWORD_MIDDLEWARE!r} to MIDDLEWARE.",
                    id="hyte_accounts.E108",
                )
            )
        if config.logout_at_provider and LOGOUT_MIDDLEWARE not in middleware:
            errors.append(
                Warning(
                    "Signing out does not end the provider's session.",
                    hint=f"Add {LOGOUT_MIDDLEWARE!r} to MIDDLEWARE, or set "
                    "LOGOUT_AT_PROVIDER to False.",
                    id="hyte_accounts.W101",
                )
            )
        if config.require_role and not config.roles:
            errors.append(
                Warning(
                    "WAGTAIL_HYTE['SSO']['ROLES'] is empty: nobody can sign in with "
                    "single sign-on.",
                    hint="Map the provider's role claim values to HYTE roles.",
                    id="hyte_accounts.W103",
                )
            )
    return errors
