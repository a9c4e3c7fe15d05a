"""The professional who does not know the activity: from the admin home to a sent
referral in a few steps, at desktop and phone widths, with axe on every page."""

import pytest
from django.urls import reverse

from wagtail_hyte.referrals.models import Referral

from .test_referrals_journey import submit_with, type_into

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_from_the_admin_home_to_a_sent_referral(
    new_page, live_server, journey, login, axe, viewport
):
    page = new_page(viewport=viewport)
    activity = journey["activity"]
    login(page, live_server, journey["professional"])
    page.goto(f"{live_server.url}{reverse('wagtailadmin_home')}")
    axe(page)
    steps = 0

    # 1. search from the home panel (only activities that take a referral now)
    type_into(page, "#hyte-home-q", "Metsäkävely")
    submit_with(page, "#hyte-home-q")
    steps += 1
    assert "referral=1" in page.url
    axe(page)
    # 2. open the activity, 3. make a referral
    submit_with(page, f'a[href="{activity.url}"]')
    steps += 1
    submit_with(page, f'a[href="{reverse("hyte_referrals:new", args=[activity.pk])}"]')
    steps += 1
    assert page.get_by_text("3 / 3").is_visible()  # the quota, before any detail
    axe(page)
    # 4. the details (one failed try first: focus lands on the error summary)
    type_into(page, "#id_name", "Selma Selainkoe")
    type_into(page, "#id_phone", "12")
    submit_with(page, "#id_name")
    assert page.evaluate("document.activeElement.classList.contains('hyte-error-summary')")
    axe(page)
    page.fill("#id_phone", "040 123 9876")
    page.select_option("#id_contact_method", "phone")
    submit_with(page, "#id_name")
    steps += 1
    # 5. read the details back, record consent and send
    review = page.locator(".hyte-review")
    assert review.get_by_text("+358401239876").is_visible()
    axe(page)
    page.focus('input[name="collection_method"][value="verbal"]')
    page.keyboard.press("Space")
    page.focus("#id_confirmed")
    page.keyboard.press("Space")
    submit_with(page, "#hyte-send")
    steps += 1
    referral = Referral.objects.get()
    assert page.url.endswith(reverse("hyte_referrals:receipt", args=[referral.pk]))
    assert steps <= 6
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    axe(page)
