"""Fixtures of the sign-in tests (tests/accounts/).

The suite's settings switch the second factor off (example_site/settings/test.py);
``mfa`` switches it back on with the package's defaults. ``totp_code(device)`` is
the code an authenticator app shows now (``steps=1``: the next one, which the
device accepts too); ``enrol(user)`` gives a user a confirmed authenticator and
recovery codes through the services; ``password_client(user)`` signs a user in
through Wagtail's sign-in form, as a person would (so the session is marked as
a password sign-in).
"""

import time

import pytest
from django.test import Client
from django.urls import reverse

from wagtail_hyte.core.conf import DEFAULTS

MFA_KEYS = ("MFA_REQUIRED_ROLES", "MFA_REQUIRED_FOR_SUPERUSERS", "MFA_SSO_EXEMPT")


def totp_code(device, steps=0) -> str:
    from django_otp.oath import TOTP

    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + steps * device.step
    return f"{generator.token():0{device.digits}d}"


@pytest.fixture
def mfa(settings):
    """The second factor as the package ships it: required for professionals,
    partner staff, coordinators, auditors and superusers; SSO sessions exempt."""
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        **{key: DEFAULTS[key] for key in MFA_KEYS},
    }


@pytest.fixture
def enrol(db):
    """``enrol(user)`` -> (authenticator device, recovery codes as shown)."""
    from wagtail_hyte.accounts import mfa as services

    def make(user):
        device = services.start_enrolment(user)
        codes = services.confirm_enrolment(user, device, totp_code(device))
        device.refresh_from_db()
        return device, list(codes)

    return make


@pytest.fixture
def password_client(db):
    """``password_client(user)``: a test client signed in through the sign-in form."""

    def sign_in(user, password=None):
        client = Client()
        response = client.post(
            reverse("wagtailadmin_login"),
            {"username": user.get_username(), "password": password or f"pw-{user.username}"},
        )
        assert response.status_code == 302, "the sign-in form refused the password"
        return client

    return sign_in
