"""The catalogue on a phone (issue "journeys"): the filters fold behind a
"Refine search" disclosure that works with and without JavaScript, "Skip to
results" brings the first result within a few Tab stops, nothing scrolls
sideways at 320 px, the map link's coordinates use a decimal point in every
language, a page number past the end shows the last page, the language
selector's targets are large enough, and the pages pass axe-core at a desktop
and a phone width."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
LONG_TITLE = "Ikäihmistenliikuntaneuvontaryhmäkokoontuminen"
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def phone_catalogue(catalogue, make_activity, settings):
    """Five activities in pages of two, one with a long compound title, a
    location with coordinates, a long email address and a price."""
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "CATALOGUE_PAGE_SIZE": 2}
    today = timezone.localdate()
    long_one = make_activity(
        LONG_TITLE,
        summary="Liikuntaneuvontapalvelukokonaisuus ikäihmisille ja omaishoitajille.",
        themes=["physical-activity"],
        weekly=[((today + timedelta(days=1)).weekday(), time(10))],
        cost_type="paid",
        cost_description="5 € kerta",
        registration_required=True,
        registration_phone="+358401234001",
        contact_email="hyvinvointipalvelut.liikuntaneuvonta@example.invalid",
        locations=[
            {
                "name": "Kirjasto",
                "street_address": "Vapaudenkatu 39",
                "postal_code": "40100",
                "municipality": "179",
                "latitude": "62.241",
                "longitude": "25.7468",
            }
        ],
    )
    for n, theme in enumerate(["nature", "culture", "digital-skills", "nature"]):
        make_activity(f"Ryhmä {n}", themes=[theme], meetings=[today + timedelta(days=5 + n)])
    return {"index": catalogue, "activity": long_one}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_catalogue_and_activity_page_have_no_axe_violations(
    new_page, live_server, phone_catalogue, axe, viewport
):
    page = new_page(viewport=viewport)
    page.goto(f"{live_server.url}{phone_catalogue['index'].url}?page=3")
    assert page.locator(".hyte-card").count() == 1
    axe(page)
    page.goto(f"{live_server.url}{phone_catalogue['activity'].url}")
    assert page.locator("h1").inner_text() == LONG_TITLE
    axe(page)


def test_nothing_scrolls_sideways_at_320_px(new_page, live_server, phone_catalogue):
    page = new_page(viewport=NARROW)
    for url in (phone_catalogue["index"].url, phone_catalogue["activity"].url):
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate(OVERFLOW_JS) <= 0, f"{url} scrolls sideways"
    page.goto(f"{live_server.url}{phone_catalogue['index'].url}")
    page.click(".hyte-filters__summary")
    assert page.evaluate(OVERFLOW_JS) <= 0, "the open filters scroll sideways"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_skip_link_reaches_the_first_result(new_page, live_server, phone_catalogue, viewport):
    page = new_page(viewport=viewport)
    page.goto(f"{live_server.url}{phone_catalogue['index'].url}")
    skip = page.locator(".hyte-skip-link")
    assert skip.get_attribute("href") == "#hyte-results"
    assert skip.bounding_box()["width"] <= 1  # hidden until focused
    stops = 0
    while stops < 8:
        stops += 1
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('hyte-skip-link')"):
            break
    assert stops <= 6, "the skip link is not among the first Tab stops"
    box = skip.bounding_box()
    assert box["width"] > 40 and box["height"] > 20, "the focused skip link is not visible"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.locator(".hyte-card__title a").first
    assert page.evaluate("() => document.activeElement.textContent") == first.inner_text()
    assert first.inner_text() == LONG_TITLE  # soonest first: tomorrow


def test_filters_disclosure_with_javascript(new_page, live_server, phone_catalogue):
    url = f"{live_server.url}{phone_catalogue['index'].url}"
    desktop = new_page(viewport=DESKTOP)
    desktop.goto(url)
    assert desktop.locator("#hyte-theme").is_visible()  # opened on a wide screen
    phone = new_page(viewport=PHONE)
    phone.goto(url)
    summary = phone.locator(".hyte-filters__summary")
    unfiltered = summary.inner_text()
    assert not phone.locator("#hyte-theme").is_visible()
    # The first result is on the first screen, not below the filters.
    assert phone.locator(".hyte-card").first.bounding_box()["y"] < PHONE["height"]
    summary.click()
    phone.select_option("#hyte-theme", "nature")
    phone.click(".hyte-filters button[type=submit]")
    phone.wait_for_url("**theme=nature**")
    assert phone.locator(".hyte-card").count() == 2
    # "Refine search (1 filter in use)": the count of active filters (the
    # wording is translated with its plural).
    assert summary.inner_text() != unfiltered and "1" in summary.inner_text()
    assert not phone.locator("#hyte-theme").is_visible()  # closed again: results first


def test_filters_disclosure_without_javascript(new_page, live_server, phone_catalogue):
    page = new_page(java_script_enabled=False, viewport=DESKTOP)
    page.goto(f"{live_server.url}{phone_catalogue['index'].url}")
    assert not page.locator("#hyte-theme").is_visible()
    page.click(".hyte-filters__summary")
    assert page.locator("#hyte-theme").is_visible()
    page.select_option("#hyte-theme", "culture")
    page.click(".hyte-filters__summary")  # closed controls are still submitted
    page.fill("#hyte-q", "Ryhmä")
    page.click(".hyte-filters button[type=submit]")
    page.wait_for_url("**theme=culture**")
    assert page.locator(".hyte-card").count() == 1
    assert page.locator(".hyte-card__title").inner_text() == "Ryhmä 1"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_map_link_coordinates_use_a_decimal_point(new_page, live_server, phone_catalogue, language):
    from django.utils import translation

    with translation.override(language):
        url = phone_catalogue["activity"].url
    page = new_page(locale={"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[language])
    page.goto(f"{live_server.url}{url}")
    assert page.locator("html").get_attribute("lang") == language
    href = page.locator(".hyte-map-link").get_attribute("href")
    assert href == (
        "https://www.openstreetmap.org/?mlat=62.241000&mlon=25.746800#map=16/62.241000/25.746800"
    )


def test_page_past_the_end_shows_the_last_page(page, live_server, phone_catalogue):
    page.goto(f"{live_server.url}{phone_catalogue['index'].url}?page=99")
    assert page.locator(".hyte-card").count() == 1
    current = page.locator(".hyte-pagination a[aria-current=page]")
    assert current.text_content() == "Sivu 3"  # visually "3", with a hidden "Sivu "
    assert page.locator(".hyte-pagination p").inner_text() == "Sivu 3 / 3"
    page.goto(f"{live_server.url}{phone_catalogue['index'].url}?page=kolme")
    assert page.locator(".hyte-pagination a[aria-current=page]").text_content() == "Sivu 1"


def test_language_selector_and_pagination_targets_are_large_enough(
    new_page, live_server, phone_catalogue
):
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}{phone_catalogue['index'].url}")
    targets = page.locator(
        ".language-switcher select, .language-switcher button, .hyte-pagination a,"
        " .hyte-filters__summary"
    )
    assert targets.count() >= 5
    for n in range(targets.count()):
        box = targets.nth(n).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, targets.nth(n).inner_text()
