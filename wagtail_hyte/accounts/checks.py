"""System checks of staff sign-in (ids ``hyte_accounts.*``). The single sign-on
checks are in ``oidc/checks.py`` and register themselves on import here.

The second factor (ids ``hyte_accounts.E0xx``):

- hyte_accounts.E001  django-otp's ``OTPMiddleware`` is not in MIDDLEWARE
- hyte_accounts.E002  ``OTPMiddleware`` comes before Django's ``AuthenticationMiddleware``
- hyte_accounts.E003  ``SignInPolicyMiddleware`` is not in MIDDLEWARE
- hyte_accounts.E004  ``SignInPolicyMiddleware`` comes before ``OTPMiddleware``
- hyte_accounts.E005  MFA_REQUIRED_ROLES is not a list of HYTE role keys
- hyte_accounts.E006  a second factor is required but the sign-in pages
                      (``wagtail_hyte.accounts.urls``) are not mounted

django-otp's apps missing from INSTALLED_APPS is not a check: the app refuses
to start without them (``core/dependencies.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from wagtail_hyte.core.conf import SETTINGS_NAME, hyte_settings
from wagtail_hyte.core.roles import GROUP_NAMES

from .oidc import checks as _sso_checks  # noqa: F401

AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"
OTP = "django_otp.middleware.OTPMiddleware"
POLICY = "wagtail_hyte.accounts.middleware.SignInPolicyMiddleware"


def _position(middleware: list[str], dotted: str) -> int | None:
    """Where the class at ``dotted`` (or a subclass of it) is in MIDDLEWARE."""
    wanted = import_string(dotted)
    for index, entry in enumerate(middleware):
        if entry == dotted:
            return index
        try:
            cls = import_string(entry)
        except ImportError:
            continue
        if isinstance(cls, type) and issubclass(cls, wanted):
            return index
    return None


@register(Tags.security)
def check_second_factor_middleware(app_configs=None, **kwargs):
    middleware = list(getattr(settings, "MIDDLEWARE", None) or ())
    auth = _position(middleware, AUTHENTICATION)
    otp = _position(middleware, OTP)
    policy = _position(middleware, POLICY)
    errors = []
    if otp is None:
        errors.append(
            Error(
                "django-otp's OTPMiddleware is not in MIDDLEWARE: no session can pass "
                "its second factor.",
                hint=f"Add {OTP!r} right after {AUTHENTICATION!r}.",
                id="hyte_accounts.E001",
            )
        )
    elif auth is not None and otp < auth:
        errors.append(
            Error(
                "OTPMiddleware comes before AuthenticationMiddleware: it needs the signed-in user.",
                hint=f"Move {OTP!r} after {AUTHENTICATION!r}.",
                id="hyte_accounts.E002",
            )
        )
    if policy is None:
        errors.append(
            Error(
                "SignInPolicyMiddleware is not in MIDDLEWARE: users who need a second "
                "factor reach the admin without it.",
                hint=f"Add {POLICY!r} right after {OTP!r}.",
                id="hyte_accounts.E003",
            )
        )
    elif otp is not None and policy < otp:
        errors.append(
            Error(
                "SignInPolicyMiddleware comes before OTPMiddleware: it cannot tell "
                "whether a session has passed its second factor.",
                hint=f"Move {POLICY!r} after {OTP!r}.",
                id="hyte_accounts.E004",
            )
        )
    return errors


@register(Tags.security)
def check_required_roles(app_configs=None, **kwargs):
    roles = hyte_settings.MFA_REQUIRED_ROLES
    if isinstance(roles, str) or not isinstance(roles, (list, tuple, set, frozenset)):
        unknown = [repr(roles)]
    else:
        unknown = sorted(repr(role) for role in roles if role not in GROUP_NAMES)
    if unknown:
        return [
            Error(
                f"{SETTINGS_NAME}['MFA_REQUIRED_ROLES'] names unknown roles: "
                f"{', '.join(unknown)}. Those users would sign in without a second factor.",
                hint="Use a list of the role keys " + ", ".join(repr(r) for r in GROUP_NAMES) + ".",
                id="hyte_accounts.E005",
            )
        ]
    return []


@register(Tags.urls)
def check_sign_in_pages(app_configs=None, **kwargs):
    required = bool(hyte_settings.MFA_REQUIRED_ROLES) or bool(
        hyte_settings.MFA_REQUIRED_FOR_SUPERUSERS
    )
    if not required:
        return []
    try:
        reverse("wagtail_hyte_accounts:verify")
        reverse("wagtail_hyte_accounts:enrol")
    except NoReverseMatch:
        return [
            Error(
                "A second factor is required, but the sign-in pages are not mounted: "
                "the users who need one could not set it up or pass it.",
                hint="Add path('admin/hyte-sign-in/', include('wagtail_hyte.accounts.urls')) "
                "before Wagtail's admin URLs (docs/installation.md).",
                id="hyte_accounts.E006",
            )
        ]
    return []
