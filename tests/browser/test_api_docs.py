"""The REST API's documentation page meets WCAG 2.1 AA (axe-core) on a wide
screen and on a phone, works with the keyboard alone, and loads nothing from
outside the site."""

import pytest
from django.urls import reverse

WIDTHS = [1280, 390]


@pytest.fixture
def docs_url(live_server, home_page):
    return f"{live_server.url}{reverse('hyte_api_v1:docs')}"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_documentation_page_has_no_axe_violations(new_page, live_server, docs_url, axe, width):
    page = new_page(viewport={"width": width, "height": 900})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(docs_url)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("table caption").count() >= 2
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert requested and all(url.startswith(live_server.url) for url in requested), requested


def test_the_contents_lead_to_each_endpoint_by_keyboard(page, docs_url):
    page.goto(docs_url)
    target = "#op-activities_list"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == target:
            break
    else:
        pytest.fail(f"the link to {target} is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '{target}'")
    heading = page.locator(target)
    assert "/api/hyte/v1/activities/" in heading.inner_text()
    assert heading.is_visible()
    box = heading.bounding_box()  # scrolled to the top of the window
    assert box is not None and abs(box["y"]) < 2
