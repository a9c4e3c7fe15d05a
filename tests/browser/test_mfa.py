"""The second factor in a browser: a coordinator signs in with a password, is
sent to enrolment, adds the key to an "app" (the secret read from the page),
saves the recovery codes and reaches the admin; at the next sign-in the
verification page asks for a code. Every page meets WCAG 2.1 AA (axe-core)
at 1280 and 390 px, and the code field is focused and submits with Enter."""

import base64
import re
import time

import pytest
from django.urls import reverse

from tests.accounts.conftest import MFA_KEYS

ENROL = reverse("wagtail_hyte_accounts:enrol")
VERIFY = reverse("wagtail_hyte_accounts:verify")
CODES = reverse("wagtail_hyte_accounts:recovery_codes")


@pytest.fixture
def mfa_on(settings):
    from wagtail_hyte.core.conf import DEFAULTS

    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, **{key: DEFAULTS[key] for key in MFA_KEYS}}


def app_code(secret_text: str, steps: int = 0) -> str:
    """What an authenticator app shows for the key typed from the page."""
    from django_otp.oath import TOTP

    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    generator = TOTP(key)
    generator.time = time.time() + steps * 30
    return f"{generator.token():06d}"


@pytest.fixture
def coordinator(transactional_db, home_page, make_user):
    return make_user("coordinator", first_name="Kaija", last_name="Koordinaattori")


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


@pytest.mark.parametrize("width", [1280, 390])
def test_enrol_then_verify(new_page, live_server, login, axe, mfa_on, coordinator, width):
    from wagtail_hyte.accounts import mfa

    page = new_page(viewport={"width": width, "height": 900})
    login(page, live_server, coordinator)

    # Enrolment: the QR code, the key as text, the first code.
    page.wait_for_url(f"**{ENROL}?next=*")
    assert page.locator("figure.hyte-qr svg.segno").count() == 1
    assert page.get_by_role("img", name=re.compile("QR")).count() == 1
    secret = page.locator("#hyte-totp-secret").inner_text()
    axe(page)
    page.fill("#id_code", "000000" if app_code(secret) != "000000" else "111111")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Shown with the page's messages (Wagtail's sign-in look), described on the field.
    assert page.locator(".messages li.error").is_visible()
    assert "id_code-errors" in page.locator("#id_code").get_attribute("aria-describedby")
    axe(page)
    time.sleep(1.1)  # django-otp's delay after a wrong code (1 s)
    page.fill("#id_code", app_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The recovery codes, once.
    assert CODES in page.url
    codes = page.locator(".hyte-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    axe(page)
    with page.expect_navigation():
        page.locator("main form.login-form button[type='submit']").click()
    assert CODES in page.url  # not saved yet: asked again
    assert page.locator(".messages li.error").is_visible()
    assert "id_saved-errors" in page.locator("#id_saved").get_attribute("aria-describedby")
    axe(page)
    page.check("#id_saved")
    with page.expect_navigation():
        page.locator("main form.login-form button[type='submit']").click()
    assert page.url.rstrip("/").endswith("/admin")
    assert mfa.has_confirmed_factor(coordinator)

    # The next sign-in asks for a code; the field has the focus, Enter submits.
    second = new_page(viewport={"width": width, "height": 900})
    login(second, live_server, coordinator)
    second.wait_for_url(f"**{VERIFY}?next=*")
    assert focused_id(second) == "id_code"
    axe(second)
    second.keyboard.type(app_code(secret, steps=1))
    with second.expect_navigation():
        second.keyboard.press("Enter")
    assert second.url.rstrip("/").endswith("/admin")

    # Managing the factor: how many codes are left, renewing, replacing.
    second.goto(f"{live_server.url}{CODES}")
    assert second.locator("#id_renew-code").is_visible()
    assert "10" in second.locator("main").inner_text()  # unused recovery codes
    axe(second)
