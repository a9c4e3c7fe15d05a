"""The Follow-up area meets WCAG 2.1 AA (axe-core) at 1280 and 390 px: the index
with its charts, a measure page and the yearly report's form; the filters work
with the keyboard, and the charts need no JavaScript."""

import pytest
from django.urls import reverse


@pytest.fixture
def followed(journey, make_user):
    """Two referrals this month (a small cell, shown as "< 5") and a coordinator."""
    from wagtail_hyte.ledger.models import ConsentNotice
    from wagtail_hyte.referrals import services

    notice = ConsentNotice.objects.get(key="referral", version=1, language="fi")
    for name in ("Asiakas Yksi", "Asiakas Kaksi"):
        services.create_referral(
            activity=journey["activity"],
            professional=journey["professional"],
            details={
                "name": name,
                "phone": "040 123 4567",
                "contact_method": "phone",
                "language": "fi",
            },
            collection_method="verbal",
            notice=notice,
        )
    return make_user("coordinator")


@pytest.fixture
def coordinator_page(new_page, live_server, login, followed):
    def make(width):
        page = new_page(viewport={"width": width, "height": 900})
        login(page, live_server, followed)
        return page

    return make


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [1280, 390])
def test_index_with_charts(coordinator_page, live_server, axe, width):
    page = coordinator_page(width)
    response = page.goto(f"{live_server.url}{reverse('hyte_followup:index')}")
    assert response.status == 200
    charts = page.locator("svg.hyte-chart[role='img']")
    assert charts.count() >= 10
    assert page.locator("table.hyte-followup-table caption").count() == charts.count()
    # The referrals of this month are a small cell: "< 5", not 2.
    assert page.locator(".hyte-followup-cell--hidden").count() >= 1
    axe(page)
    assert _no_horizontal_scroll(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_measure_page(coordinator_page, live_server, axe, width):
    page = coordinator_page(width)
    url = reverse("hyte_followup:measure", args=["referrals"])
    response = page.goto(f"{live_server.url}{url}")
    assert response.status == 200
    assert page.locator("svg.hyte-chart[role='img']").count() == 1
    assert page.locator("a[href*='export=xlsx']").count() >= 1
    axe(page)
    assert _no_horizontal_scroll(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_yearly_form(coordinator_page, live_server, axe, width):
    page = coordinator_page(width)
    response = page.goto(f"{live_server.url}{reverse('hyte_followup:yearly')}")
    assert response.status == 200
    axe(page)
    assert _no_horizontal_scroll(page)


def test_filters_by_keyboard_and_a_bad_month(coordinator_page, live_server, axe):
    page = coordinator_page(1280)
    page.goto(f"{live_server.url}{reverse('hyte_followup:index')}")
    page.focus("#id_start")
    page.fill("#id_start", "")
    # A typed month in a month input; then submit with Enter from the field.
    page.locator("#id_start").evaluate("el => { el.type = 'text'; el.value = '2025-13'; }")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "start=2025-13" in page.url
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    axe(page)


def test_charts_render_without_javascript(new_page, live_server, login, followed):
    page = new_page(java_script_enabled=False)
    # Log in with JavaScript on, then read the page with it off.
    login_page = new_page()
    login(login_page, live_server, followed)
    page.context.add_cookies(login_page.context.cookies())
    page.goto(f"{live_server.url}{reverse('hyte_followup:index')}")
    assert page.locator("svg.hyte-chart[role='img'] title").count() >= 10
    box = page.locator("svg.hyte-chart").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50


def test_print_layout_hides_filters_and_keeps_measures_whole(coordinator_page, live_server):
    page = coordinator_page(1280)
    page.goto(f"{live_server.url}{reverse('hyte_followup:index')}")
    page.emulate_media(media="print")
    assert not page.locator(".hyte-followup-filters").is_visible()
    assert not page.locator(".hyte-followup-nav").is_visible()
    assert not page.locator("#wagtail-sidebar").is_visible()
    breaks = page.locator(".hyte-followup-measure").first.evaluate(
        "el => getComputedStyle(el).breakInside"
    )
    assert breaks == "avoid"
