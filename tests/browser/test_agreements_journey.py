"""The coordinator's agreement journey (issue "journeys") in a browser: the
listing's real dates, the confirmation page for ending and suspending (axe-core
at a desktop and a phone width, done with the keyboard alone), and the
covered-activities picker following the chosen partner."""

from datetime import date

import pytest
from django.utils import translation
from django.utils.formats import date_format

from wagtail_hyte.agreements.models import AgreementStatus, PartnerAgreement

NS = "/admin/hyte/agreements"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def journey(db, make_partner, make_user, make_agreement):
    coordinator = make_user("coordinator")
    partner = make_partner(name="Selkeä ry")
    agreement = make_agreement(
        partner=partner,
        status="active",
        user=coordinator,
        reference_number="JOURNEY-1",
        title="Liikuntaryhmät",
        valid_from=date(2026, 1, 15),
        valid_to=date(2030, 6, 30),
    )
    return coordinator, agreement


def fi_date(day):
    with translation.override("fi"):
        return date_format(day)


@VIEWPORTS
def test_listing_shows_real_dates(new_page, live_server, journey, login, axe, viewport):
    coordinator, agreement = journey
    page = new_page(viewport=viewport)
    login(page, live_server, coordinator)
    page.goto(f"{live_server.url}{NS}/")
    row = page.locator("tr", has_text="JOURNEY-1")
    assert row.locator('time[datetime="2026-01-15"]').inner_text() == fi_date(date(2026, 1, 15))
    assert row.locator('time[datetime="2030-06-30"]').inner_text() == "30. kesäkuuta 2030"
    assert "Juuri nyt" not in row.inner_text()
    axe(page)


@VIEWPORTS
def test_end_confirmation_by_keyboard(new_page, live_server, journey, login, axe, viewport):
    coordinator, agreement = journey
    page = new_page(viewport=viewport)
    login(page, live_server, coordinator)
    page.goto(f"{live_server.url}{NS}/inspect/{agreement.pk}/")
    axe(page)
    link = page.locator(f'a[href="{NS}/status/{agreement.pk}/end/"]')
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/status/{agreement.pk}/end/")
    assert page.locator("#confirm-heading").is_visible()
    assert page.evaluate(OVERFLOW_JS) <= 0
    axe(page)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE  # the page only asks

    page.locator("#id_reason").focus()
    page.keyboard.type("Toiminta päättyi")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/inspect/{agreement.pk}/")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ENDED
    assert agreement.history.latest().history_change_reason == "Toiminta päättyi"
    axe(page)


@VIEWPORTS
def test_suspend_confirmation_with_error(new_page, live_server, journey, login, axe, viewport):
    coordinator, agreement = journey
    page = new_page(viewport=viewport)
    login(page, live_server, coordinator)
    page.goto(f"{live_server.url}{NS}/status/{agreement.pk}/suspend/")
    axe(page)
    page.locator("#id_reason").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # no reason: the form again, with its error
    assert page.locator("#id_reason").get_attribute("aria-invalid") == "true"
    axe(page)
    assert PartnerAgreement.objects.get(pk=agreement.pk).status == AgreementStatus.ACTIVE


def test_picker_follows_the_chosen_partner(
    page, live_server, journey, login, make_partner, make_activity
):
    coordinator, agreement = journey
    other = make_partner(name="Toinen ry")
    make_activity("Selkeä kävely", organiser=agreement.partner)
    make_activity("Toisen jooga", organiser=other)
    make_activity("Toisen uinti", organiser=other)
    login(page, live_server, coordinator)
    page.goto(f"{live_server.url}{NS}/edit/{agreement.pk}/")
    options = page.locator("#id_activities option")
    assert options.all_inner_texts() == ["Selkeä kävely"]
    # What Wagtail's partner chooser does when a partner is chosen.
    page.evaluate(
        """(id) => {
            const input = document.getElementById('id_partner');
            input.value = String(id);
            input.dispatchEvent(new Event('change', {bubbles: true}));
        }""",
        other.pk,
    )
    page.wait_for_function("() => document.querySelectorAll('#id_activities option').length === 2")
    assert options.all_inner_texts() == ["Toisen jooga", "Toisen uinti"]
