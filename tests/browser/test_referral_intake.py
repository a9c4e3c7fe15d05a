"""Partner staff mark a group full by keyboard on *Referral intake*; the
professional then sees why in the catalogue and gets no referral form. axe-core
at 1280 px and 390 px."""

import pytest
from django.urls import reverse

from wagtail_hyte.agreements.models import IntakePause


@pytest.mark.parametrize("width", [1280, 390])
def test_mark_a_group_full_and_take_referrals_again(
    new_page, live_server, journey, login, axe, width
):
    activity = journey["activity"]
    page = new_page(viewport={"width": width, "height": 900})
    login(page, live_server, journey["staff"])
    intake = f"{live_server.url}{reverse('hyte_agreements:intake')}"
    page.goto(intake)
    axe(page)
    page.select_option("#id_activity", str(activity.pk))
    page.focus('input[name="reason"][value="group_full"]')
    page.keyboard.press("Space")
    page.focus("#id_reopens_on")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    pause = IntakePause.objects.get()
    assert pause.activity_id == activity.pk and pause.reason == "group_full"
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # the professional: no form, the reason instead
    page.context.clear_cookies()
    login(page, live_server, journey["professional"])
    page.goto(f"{live_server.url}{reverse('hyte_referrals:new', args=[activity.pk])}")
    assert page.locator('input[name="step"]').count() == 0
    axe(page)

    page.context.clear_cookies()
    login(page, live_server, journey["staff"])
    page.goto(intake)
    button = page.locator(
        f'form[action="{reverse("hyte_agreements:intake_end", args=[pause.pk])}"] button'
    )
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    pause.refresh_from_db()
    assert pause.ended_at is not None
