"""*Confirm it is you* in the browser, at 1280 and 390 px with axe-core: the
partner's staff member signed in long ago asks for the client's contact details,
is sent to confirm with the password (a wrong one first: the error is shown and
tied to the field), and is back on the referral with the details shown."""

from datetime import timedelta

import pytest
from django.urls import reverse

CLIENT = {
    "name": "Vilma Varmistus",
    "phone": "040 123 9876",
    "email": "vilma.varmistus@example.invalid",
    "contact_method": "phone",
    "contact_time": "",
    "language": "fi",
    "note": "",
}


@pytest.fixture
def referral(transactional_db, journey, settings):
    from wagtail_hyte.ledger.models import ConsentNotice
    from wagtail_hyte.referrals import services

    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "REAUTHENTICATE_AFTER": 15 * 60}
    return services.create_referral(
        activity=journey["activity"],
        professional=journey["professional"],
        details=dict(CLIENT),
        collection_method="verbal",
        notice=ConsentNotice.objects.get(key="referral", version=1, language="fi"),
    )


def age_sign_in(page, seconds=20 * 60):
    """The browser's session last proved who it is ``seconds`` ago (server side)."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from wagtail_hyte.core import signin

    (cookie,) = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    session = SessionStore(session_key=cookie["value"])
    session[signin.AUTHENTICATED_AT_KEY] = (timezone.now() - timedelta(seconds=seconds)).isoformat()
    session.save()


@pytest.mark.parametrize("width", [1280, 390])
def test_partner_staff_confirm_with_the_password_and_see_the_details(
    new_page, live_server, login, axe, journey, referral, width
):
    from wagtail_hyte.ledger.models import LedgerEntry

    page = new_page(viewport={"width": width, "height": 900})
    staff = journey["staff"]
    login(page, live_server, staff)
    age_sign_in(page)

    detail = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    assert page.goto(f"{live_server.url}{detail}").status == 200
    page.locator(
        f"form[action='{reverse('hyte_referrals:reveal', args=[referral.pk])}'] button"
    ).click()
    confirm = reverse("wagtail_hyte_accounts:reauthenticate")
    page.wait_for_url(f"**{confirm}?*")
    assert page.locator("h1").is_visible()
    password = page.locator("#id_password")
    assert password.get_attribute("autocomplete") == "current-password"
    assert CLIENT["name"] not in page.content()
    axe(page)

    # A wrong password: the error is shown, tied to the field, and nothing is read.
    password.fill("not-the-password")
    password.press("Enter")
    page.wait_for_selector("#id_password[aria-invalid='true']")
    described = page.locator("#id_password").get_attribute("aria-describedby")
    assert page.locator(f"#{described}").inner_text().strip()
    assert LedgerEntry.objects.filter(kind="personal_data.read").count() == 0
    axe(page)

    # The right one: back on the referral, the details shown once.
    page.fill("#id_password", f"pw-{staff.username}")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"**{detail}")
    details = page.locator("#hyte-contact-details")
    details.wait_for()
    assert CLIENT["name"] in details.inner_text()
    assert LedgerEntry.objects.filter(kind="personal_data.read").count() == 1
    axe(page)
