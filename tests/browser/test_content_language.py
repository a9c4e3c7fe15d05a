"""Language of parts (WCAG 2.1 SC 3.1.2) in a browser: at /sv/ a Finnish page keeps
the Swedish interface (``<html lang="sv">``) and marks its content ``lang="fi"``;
a Swedish translation marks nothing. The pages pass axe-core at 1280 and 390 px."""

import pytest
from django.utils import translation
from wagtail.models import Locale

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])

LANG_OF_JS = "(selector) => document.querySelector(selector).getAttribute('lang')"


def url_in(page, language):
    with translation.override(language):
        return page.url


@pytest.fixture
def finnish_catalogue(catalogue, make_activity):
    activity = make_activity(
        "Kävelyryhmä",
        summary="Ohjattu kävely puistossa joka maanantai.",
        body=[("text", "<p>Tervetuloa kävelemään yhdessä.</p>")],
        themes=["nature", "physical-activity"],
        cost_type="paid",
        cost_description="2 € kerta",
    )
    make_activity("Digituki", summary="Apua puhelimen kanssa.", themes=["digital-skills"])
    return {"index": catalogue, "activity": activity}


@VIEWPORTS
def test_finnish_pages_in_swedish_mark_their_content(
    new_page, live_server, finnish_catalogue, axe, viewport
):
    page = new_page(viewport=viewport, locale="sv-SE")
    page.goto(live_server.url + url_in(finnish_catalogue["index"], "sv"))
    assert page.evaluate("() => document.documentElement.lang") == "sv"
    assert page.evaluate(LANG_OF_JS, "h1") == "fi"
    titles = page.locator(".hyte-card__title a")
    assert titles.count() == 2
    assert all(titles.nth(n).get_attribute("lang") == "fi" for n in range(2))
    assert page.locator(".hyte-card__summary[lang=fi]").count() == 2
    axe(page)

    page.goto(live_server.url + url_in(finnish_catalogue["activity"], "sv"))
    assert page.evaluate("() => document.documentElement.lang") == "sv"
    for selector in ("#hyte-activity-title", ".hyte-lead", ".hyte-body"):
        assert page.evaluate(LANG_OF_JS, selector) == "fi", selector
    assert page.get_by_role("heading", name="När").is_visible()  # the interface is Swedish
    axe(page)


@VIEWPORTS
def test_swedish_translation_is_not_marked(
    new_page, live_server, finnish_catalogue, axe, viewport, settings
):
    settings.WAGTAIL_I18N_ENABLED = True
    swedish = Locale.objects.create(language_code="sv")
    translated = (
        finnish_catalogue["activity"]
        .copy_for_translation(swedish, copy_parents=True, alias=False)
        .specific
    )
    translated.title = "Promenadgrupp"
    translated.summary = "Ledd promenad i parken varje måndag."
    translated.body = [("text", "<p>Välkommen att promenera tillsammans.</p>")]
    translated.cost_description = "2 € per gång"
    translated.save_revision().publish()

    page = new_page(viewport=viewport, locale="sv-SE")
    page.goto(live_server.url + url_in(translated, "sv"))
    assert page.evaluate("() => document.documentElement.lang") == "sv"
    assert page.locator("#hyte-activity-title").inner_text() == "Promenadgrupp"
    for selector in ("#hyte-activity-title", ".hyte-lead", ".hyte-body"):
        assert page.evaluate(LANG_OF_JS, selector) is None, selector
    # The catalogue above it is Wagtail's alias of the Finnish one: Finnish content.
    assert page.evaluate(LANG_OF_JS, ".hyte-breadcrumb a") == "fi"
    axe(page)

    page.goto(live_server.url + url_in(translated.get_parent(), "sv"))
    assert page.locator(".hyte-card__title a").inner_text() == "Promenadgrupp"
    assert page.locator(".hyte-card__title a").get_attribute("lang") is None
    axe(page)
