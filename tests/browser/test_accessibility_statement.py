"""The accessibility statement page and a catalogue page with the footer links
meet WCAG 2.1 AA (axe-core in Chromium) on a wide screen and on a phone."""

from datetime import date

import pytest
from django.test import override_settings

WIDTHS = [1280, 390]


@pytest.fixture
def statement_site(home_page):
    from wagtail_hyte.activities.models import AccessibilityStatementPage, ActivityIndexPage

    statement = home_page.add_child(
        instance=AccessibilityStatementPage(
            title="Saavutettavuusseloste",
            slug="saavutettavuusseloste",
            intro="<p>Tämä seloste koskee Keski-Suomen hyvinvointitarjotinta.</p>",
            compliance_status="partial",
            non_accessible_content=[
                (
                    "item",
                    {
                        "content": "Toimintojen PDF-aikataulut",
                        "criterion": "1.3.1 Informaatio ja suhteet (A)",
                        "reason": "Taulukoissa ei ole merkittyjä otsikkorivejä.",
                        "alternative": "Aikataulut ovat myös toiminnan sivulla tekstinä.",
                    },
                )
            ],
            disproportionate_burden="<p>Ennen vuotta 2019 julkaistuja videoita ei tekstitetä.</p>",
            assessment_method="self",
            prepared_on=date(2026, 9, 1),
            reviewed_on=date(2026, 11, 15),
            feedback_email="saavutettavuus@example.invalid",
            feedback_phone="+358401234567",
            feedback_url="https://example.invalid/palaute/",
        )
    )
    index = home_page.add_child(
        instance=ActivityIndexPage(
            title="Hyvinvointitarjotin", slug="tarjotin", intro="<p>Toimintaa.</p>"
        )
    )
    return {"statement": statement, "index": index}


@pytest.mark.parametrize("width", WIDTHS)
@override_settings(
    WAGTAIL_HYTE={
        "CONTROLLER": {
            "name": "Testi",
            "privacy_notice_url": "https://example.invalid/tietosuoja/",
        },
        "FOOTER_LINKS": {"feedback": "https://example.invalid/palaute/"},
    }
)
def test_statement_and_catalogue_have_no_axe_violations(
    new_page, live_server, statement_site, axe, width
):
    page = new_page(viewport={"width": width, "height": 900})
    response = page.goto(f"{live_server.url}{statement_site['statement'].url}")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Saavutettavuusseloste"
    assert page.locator("article h2").count() == 6
    footer = page.locator("footer nav.hyte-footer-links")
    assert footer.get_attribute("aria-label")
    assert footer.locator("a").count() == 3
    axe(page)

    page.goto(f"{live_server.url}{statement_site['index'].url}")
    link = page.locator("footer .hyte-footer-links__accessibility_statement")
    assert link.get_attribute("href") == statement_site["statement"].url
    axe(page)
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Saavutettavuusseloste"
