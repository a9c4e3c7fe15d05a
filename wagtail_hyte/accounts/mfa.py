"""The second factor of password users: who needs one, and the actions on it.

One function per action, one transaction each; the views, the account panel
and the "Reset second factor" action call only these.

* :func:`requires_second_factor`: the policy (``MFA_REQUIRED_ROLES``,
  ``MFA_REQUIRED_FOR_SUPERUSERS``, ``MFA_SSO_EXEMPT``).
* :func:`has_confirmed_factor`: is the user enrolled (a confirmed authenticator)?
* :func:`start_enrolment` / :func:`pending_enrolment`: an unconfirmed
  authenticator (TOTP device) whose secret the enrolment page shows.
* :func:`confirm_enrolment`: the first code confirms it; recovery codes are
  made and ``staff.second_factor_enrolled`` is ledgered.
* :func:`renew_recovery_codes`: new recovery codes, the old ones stop working
  (``staff.recovery_codes_renewed``).
* :func:`verify`: this session passes its second factor with a code from the
  authenticator or a recovery code (a used one is consumed and ledgered,
  ``staff.recovery_code_used``). Throttled twice: django-otp's growing delay
  per device (``OTP_TOTP_THROTTLE_FACTOR``, ``OTP_STATIC_THROTTLE_FACTOR``)
  and at most :data:`MAX_FAILURES_PER_SESSION` wrong codes per session.
* :func:`check_code`: the same check for an already verified user confirming
  a change of their own factor (renewing codes, replacing the authenticator).
* :func:`remove_factors`: the user themself or an administrator
  (``auth.change_user``) removes the factors (``staff.second_factor_removed``).
  Every other deletion of a confirmed factor is ledgered too, by
  ``receivers.py`` (how = "direct").

Recovery codes are django-otp static tokens: eight random base32 characters
(40 bits), stored as django-otp stores them, consumed on use. They are shown
once, grouped as ``abcd-efgh``; input is accepted with or without the hyphen,
spaces and capitals.
"""

from __future__ import annotations

import re
from base64 import b32encode
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.roles import GROUP_NAMES
from wagtail_hyte.core.sensitive import RedactedList
from wagtail_hyte.core.signin import SSO, sign_in_method
from wagtail_hyte.ledger.services import append_entry

from . import kinds

#: Wrong codes one session may enter before it is signed out.
MAX_FAILURES_PER_SESSION = 5
#: Session key: wrong codes entered in this session.
FAILURES_KEY = "_hyte_mfa_failures"
#: An unconfirmed authenticator older than this is replaced by a new one.
ENROLMENT_MAX_AGE = timedelta(minutes=15)
#: The names of the devices this module makes (shown in the Django admin).
TOTP_DEVICE_NAME = "authenticator"
STATIC_DEVICE_NAME = "recovery codes"
#: The ledger's names of the two factors (``kinds.FACTORS``).
TOTP = "totp"
RECOVERY = "recovery"

TOTP_PATTERN = re.compile(r"^[0-9]{6}$")
RECOVERY_PATTERN = re.compile(r"^[a-z2-7]{8}$")

# True while remove_factors (or a service replacing recovery codes) deletes
# devices: the post_delete receivers then leave the ledgering to the service.
_managed_change: ContextVar[bool] = ContextVar("hyte_mfa_managed_change", default=False)


class SecondFactorError(ValidationError):
    """A code was refused; the message says why (never the code)."""


class WrongCode(SecondFactorError):
    def __init__(self):
        super().__init__(
            _("That code is not valid. Check the code and try again."), code="wrong_code"
        )


class Throttled(SecondFactorError):
    def __init__(self, seconds: int):
        super().__init__(
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                seconds,
            )
            % {"seconds": seconds},
            code="throttled",
        )


class TooManyAttempts(SecondFactorError):
    def __init__(self):
        super().__init__(
            _("Too many wrong codes. You have been signed out: sign in again."),
            code="too_many_attempts",
        )


class IllegalFactorChange(Exception):
    """A change that the user's factors do not allow (confirming a confirmed
    authenticator, enrolling twice, renewing codes without an authenticator)."""


@dataclass(frozen=True)
class Verified:
    """A passed second factor: the device and which kind of factor it was."""

    device: TOTPDevice | StaticDevice
    factor: str


# The policy -----------------------------------------------------------------


def requires_second_factor(user, request=None) -> bool:
    """True when this user, in this session, must pass a second factor.

    A role in ``MFA_REQUIRED_ROLES``, or a superuser while
    ``MFA_REQUIRED_FOR_SUPERUSERS``; never for a session signed in through
    single sign-on while ``MFA_SSO_EXEMPT`` (the identity provider enforces
    its own second factor).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if request is not None and hyte_settings.MFA_SSO_EXEMPT and sign_in_method(request) == SSO:
        return False
    if user.is_superuser and hyte_settings.MFA_REQUIRED_FOR_SUPERUSERS:
        return True
    names = {GROUP_NAMES[role] for role in hyte_settings.MFA_REQUIRED_ROLES if role in GROUP_NAMES}
    if not names:
        return False
    # The same per-request cache as core.roles.has_role (which answers True
    # for every superuser, so it cannot be asked here).
    cache = getattr(user, "_hyte_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._hyte_group_names = cache
    return bool(names & cache)


def has_confirmed_factor(user) -> bool:
    """True when the user has a confirmed authenticator (is enrolled)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_verified(request) -> bool:
    """True when this session has passed its second factor (``OTPMiddleware``)."""
    check = getattr(getattr(request, "user", None), "is_verified", None)
    return bool(check and check())


def issuer_name() -> str:
    """The name authenticator apps show beside the code."""
    return str(hyte_settings.MFA_ISSUER_NAME or getattr(settings, "WAGTAIL_SITE_NAME", "") or "")


def otpauth_url(device: TOTPDevice) -> str:
    """The ``otpauth://totp/...`` URL of ``device`` (its QR code), with
    ``MFA_ISSUER_NAME`` (or the Wagtail site name) as the issuer. Like
    django-otp's ``config_url``, which reads the issuer from its own setting."""
    issuer = issuer_name().replace(":", "")
    account = str(device.user.get_username())
    label = f"{issuer}:{account}" if issuer else account
    params = {
        "secret": b32encode(device.bin_key).decode("ascii").rstrip("="),
        "algorithm": "SHA1",
        "digits": device.digits,
        "period": device.step,
    }
    if issuer:
        params["issuer"] = issuer
    return f"otpauth://totp/{quote(label)}?{urlencode(params, quote_via=quote)}"


def secret_for_display(device: TOTPDevice) -> str:
    """The secret in base32 for typing into an app, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# Helpers --------------------------------------------------------------------


@contextmanager
def _managed():
    token = _managed_change.set(True)
    try:
        yield
    finally:
        _managed_change.reset(token)


def is_managed_change() -> bool:
    """True inside a service of this module that ledgers its own deletions."""
    return _managed_change.get()


def normalise_code(code) -> str:
    """The code without spaces and hyphens, lower case."""
    return re.sub(r"[\s-]+", "", str(code or "")).lower()


def group_code(code: str) -> str:
    """A recovery code as it is shown: ``abcd-efgh``."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def _lock_user(user) -> None:
    """Serialise the changes of one user's factors (a row lock on the user)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _user_ref(user) -> str:
    return f"user:{user.pk}"


def _new_recovery_codes(user) -> RedactedList:
    """Replace the user's recovery codes (inside a transaction); the new codes."""
    with _managed():
        StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=STATIC_DEVICE_NAME, confirmed=True)
    count = max(1, int(hyte_settings.MFA_RECOVERY_CODES))
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return RedactedList(group_code(code) for code in sorted(codes))


def _throttle_wait(device) -> int | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))


def _match(user, code: str) -> Verified | None:
    """The confirmed device of ``user`` that accepts ``code`` (inside a
    transaction, devices locked), consuming a recovery code. Raises
    :class:`Throttled` while django-otp's delay runs."""
    if TOTP_PATTERN.match(code):
        model, factor = TOTPDevice, TOTP
    elif RECOVERY_PATTERN.match(code):
        model, factor = StaticDevice, RECOVERY
    else:
        return None
    devices = list(model.objects.filter(user=user, confirmed=True).select_for_update())
    waits = [_throttle_wait(device) for device in devices]
    if devices and all(wait is not None for wait in waits):
        raise Throttled(min(waits))
    for device, wait in zip(devices, waits, strict=True):
        if wait is None and device.verify_token(code):
            if factor == RECOVERY:
                append_entry(
                    kinds.RECOVERY_CODE_USED,
                    user,
                    payload={"user": _user_ref(user), "factor": RECOVERY},
                )
            return Verified(device, factor)
    return None


# Enrolment ------------------------------------------------------------------


def start_enrolment(user) -> TOTPDevice:
    """A new unconfirmed authenticator for ``user``, replacing an earlier
    unconfirmed one. Raises :class:`IllegalFactorChange` when the user already
    has a confirmed one (replace it with :func:`remove_factors` first)."""
    with transaction.atomic():
        _lock_user(user)
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise IllegalFactorChange("the user already has a confirmed authenticator")
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def pending_enrolment(user) -> TOTPDevice:
    """The user's unconfirmed authenticator if it is recent, else a new one (so
    that reloading the enrolment page keeps the secret the user just scanned)."""
    return current_enrolment(user) or start_enrolment(user)


def current_enrolment(user) -> TOTPDevice | None:
    """The user's unconfirmed authenticator made less than ``ENROLMENT_MAX_AGE`` ago."""
    return (
        TOTPDevice.objects.filter(
            user=user, confirmed=False, created_at__gte=timezone.now() - ENROLMENT_MAX_AGE
        )
        .order_by("-pk")
        .first()
    )


def confirm_enrolment(user, device: TOTPDevice, code) -> RedactedList:
    """Confirm ``device`` with its first ``code``; returns the new recovery
    codes (shown once). Ledgers ``staff.second_factor_enrolled``.

    Raises :class:`WrongCode` (the device stays unconfirmed, nothing is
    ledgered), :class:`Throttled`, or :class:`IllegalFactorChange` for a device
    that is not the user's pending one.
    """
    code = normalise_code(code)
    with transaction.atomic():
        _lock_user(user)
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
        if locked is None or locked.user_id != user.pk or locked.confirmed:
            raise IllegalFactorChange("not the user's pending authenticator")
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise IllegalFactorChange("the user already has a confirmed authenticator")
        wait = _throttle_wait(locked)
        if wait is not None:
            raise Throttled(wait)
        accepted = bool(TOTP_PATTERN.match(code)) and locked.verify_token(code)
        if accepted:
            locked.confirmed = True
            locked.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
            append_entry(
                kinds.FACTOR_ENROLLED, user, payload={"user": _user_ref(user), "factor": TOTP}
            )
    # Outside the transaction: a wrong code's throttling count must stay written.
    if not accepted:
        if not TOTP_PATTERN.match(code):
            locked.throttle_increment()
        raise WrongCode()
    device.confirmed = True
    return codes


def renew_recovery_codes(user) -> RedactedList:
    """New recovery codes for an enrolled user; the old ones stop working.
    Ledgers ``staff.recovery_codes_renewed``."""
    with transaction.atomic():
        _lock_user(user)
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise IllegalFactorChange("recovery codes need a confirmed authenticator")
        codes = _new_recovery_codes(user)
        append_entry(
            kinds.RECOVERY_CODES_RENEWED,
            user,
            payload={"user": _user_ref(user), "factor": RECOVERY},
        )
    return codes


# Verification ---------------------------------------------------------------


def failures(request) -> int:
    return int(request.session.get(FAILURES_KEY, 0))


def verify(request, code) -> Verified:
    """Pass this session's second factor with ``code`` (authenticator or
    recovery code). The session key is cycled and the wrong-code count reset.

    Raises :class:`WrongCode`, :class:`Throttled`, or :class:`TooManyAttempts`
    once the session has entered :data:`MAX_FAILURES_PER_SESSION` wrong codes
    (the caller then signs the session out).
    """
    user = request.user
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if failures(request) >= MAX_FAILURES_PER_SESSION:
        raise TooManyAttempts()
    code = normalise_code(code)
    with transaction.atomic():
        verified = _match(user, code)
    if verified is None:
        count = failures(request) + 1
        request.session[FAILURES_KEY] = count
        if count >= MAX_FAILURES_PER_SESSION:
            raise TooManyAttempts()
        raise WrongCode()
    _pass(request, verified.device)
    return verified


def _pass(request, device) -> None:
    """This session has passed its second factor with ``device``."""
    request.session.pop(FAILURES_KEY, None)
    # A new session key for the raised privilege (no session fixation).
    request.session.cycle_key()
    otp_login(request, device)


def pass_after_enrolment(request, device: TOTPDevice) -> None:
    """The code that confirmed ``device`` also verifies this session."""
    device.refresh_from_db()
    _pass(request, device)


def check_code(user, code) -> Verified:
    """For a change of the user's own factor: the code must be accepted
    (a recovery code is consumed). Raises :class:`WrongCode` or :class:`Throttled`."""
    code = normalise_code(code)
    with transaction.atomic():
        verified = _match(user, code)
    if verified is None:
        raise WrongCode()
    return verified


# Removal --------------------------------------------------------------------


def can_remove_factors(user, by) -> bool:
    """The user themself, or an active administrator (``auth.change_user``);
    a superuser's factors only by a superuser."""
    if by is None or not getattr(by, "is_authenticated", False) or not by.is_active:
        return False
    if by.pk == user.pk:
        return True
    if user.is_superuser and not by.is_superuser:
        return False
    return by.has_perm("auth.change_user")


def remove_factors(user, *, by) -> list[str]:
    """Remove every second factor of ``user`` (authenticators and recovery
    codes, confirmed or not). Ledgers ``staff.second_factor_removed`` for each
    confirmed factor (how = "self" or "admin"); returns their names
    (``"totp"``, ``"recovery"``). Raises ``PermissionDenied`` unless
    :func:`can_remove_factors`."""
    if not can_remove_factors(user, by):
        raise PermissionDenied
    how = "self" if by.pk == user.pk else "admin"
    removed = []
    with transaction.atomic(), _managed():
        _lock_user(user)
        for model, factor in ((TOTPDevice, TOTP), (StaticDevice, RECOVERY)):
            devices = list(model.objects.filter(user=user))
            model.objects.filter(pk__in=[device.pk for device in devices]).delete()
            if any(device.confirmed for device in devices):
                removed.append(factor)
                append_entry(
                    kinds.FACTOR_REMOVED,
                    by,
                    payload={"user": _user_ref(user), "factor": factor, "how": how},
                )
    return removed


def forget_verification(request) -> None:
    """After the session's own factor was removed: it is no longer verified."""
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if hasattr(request.user, "otp_device"):
        request.user.otp_device = None
