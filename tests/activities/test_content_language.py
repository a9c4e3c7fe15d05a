"""Language of parts (WCAG 2.1 SC 3.1.2): content not in the page's language is marked.

A Finnish page served at /sv/ or /en/ keeps ``<html lang="sv">`` (the interface is
Swedish) and marks its own content ``lang="fi"``; a translated page marks nothing.
Taxonomy terms falling back to Finnish are marked too.
"""

import re

import pytest
from django.utils import translation
from wagtail.models import Locale

from wagtail_hyte.activities.models import ActivityIndexPage, ActivityPage, Theme
from wagtail_hyte.activities.templatetags import hyte_catalogue

pytestmark = pytest.mark.django_db


def url_in(page, language):
    """The page's address with the interface in ``language`` (/sv/... for Swedish)."""
    with translation.override(language):
        return page.url


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_finnish_page_in_swedish_marks_its_content_finnish(client, make_activity):
    activity = make_activity(
        "Kävelyryhmä",
        summary="Ohjattu kävely puistossa.",
        body=[("text", "<p>Tervetuloa kävelemään.</p>")],
    )
    html = html_of(client, url_in(activity, "sv"))
    assert '<html lang="sv">' in html
    assert re.search(r'<h1 id="hyte-activity-title" lang="fi">Kävelyryhmä</h1>', html)
    assert '<p class="hyte-lead" lang="fi">Ohjattu kävely puistossa.</p>' in html
    assert '<div class="hyte-body" lang="fi">' in html
    assert '<h2 id="hyte-when-heading">När</h2>' in html  # the interface is Swedish
    assert 'lang="fi">Tervetuloa' not in html  # the body is marked once, on its container


def test_finnish_page_in_finnish_has_no_extra_lang(client, make_activity):
    activity = make_activity("Kävelyryhmä", body=[("text", "<p>Tervetuloa.</p>")])
    html = html_of(client, url_in(activity, "fi"))
    assert '<html lang="fi">' in html
    assert '<h1 id="hyte-activity-title">Kävelyryhmä</h1>' in html
    assert 'lang="fi"' not in html.split("<body", 1)[1].replace('option value="fi" lang="fi"', "")


def test_translated_swedish_page_has_no_extra_lang(client, make_activity, settings):
    settings.WAGTAIL_I18N_ENABLED = True
    activity = make_activity("Kävelyryhmä", body=[("text", "<p>Tervetuloa.</p>")])
    swedish = Locale.objects.create(language_code="sv")
    translated = activity.copy_for_translation(swedish, copy_parents=True, alias=False).specific
    translated.title = "Promenadgrupp"
    translated.summary = "Ledd promenad i parken."
    translated.body = [("text", "<p>Välkommen med.</p>")]
    translated.save_revision().publish()
    url = url_in(translated, "sv")
    assert url.startswith("/sv/")
    html = html_of(client, url)
    assert '<html lang="sv">' in html
    assert '<h1 id="hyte-activity-title">Promenadgrupp</h1>' in html
    assert '<p class="hyte-lead">Ledd promenad i parken.</p>' in html
    assert '<div class="hyte-body">' in html
    # The catalogue Wagtail copied as an alias of the Finnish one shows Finnish content.
    assert re.search(r'<nav class="hyte-breadcrumb"[^>]*>\s*<a href="[^"]+" lang="fi">', html)


def test_taxonomy_term_falling_back_to_finnish_is_marked(client, make_activity):
    Theme.objects.filter(slug="nature").update(name_sv="")
    activity = make_activity("Metsäretki", themes=["nature", "culture"])
    html = html_of(client, url_in(activity, "sv"))
    assert '<span lang="fi">Luonto</span>, <span>Kultur</span>' in html or (
        '<span>Kultur</span>, <span lang="fi">Luonto</span>' in html
    )


def test_listing_cards_mark_finnish_pages(client, catalogue, make_activity):
    make_activity("Metsäretki", summary="Kävelemme metsässä.", themes=["culture"])
    html = html_of(client, url_in(catalogue, "sv"))
    assert '<html lang="sv">' in html
    assert re.search(r'<h1 lang="fi">[^<]+</h1>', html)
    assert re.search(r'<a href="[^"]+" lang="fi">Metsäretki</a>', html)
    assert '<p class="hyte-card__summary" lang="fi">Kävelemme metsässä.</p>' in html
    assert "<span>Kultur</span>" in html  # translated term: in the page's language
    html = html_of(client, url_in(catalogue, "fi"))
    assert re.search(r'<a href="[^"]+">Metsäretki</a>', html)
    assert '<p class="hyte-card__summary">Kävelemme metsässä.</p>' in html


def test_card_labels_falling_back_to_finnish_are_marked():
    labels = [["Luonto", "Luonto", "Nature"], ["Kulttuuri", "Kultur", "Culture"]]
    with translation.override("sv"):
        assert hyte_catalogue.card_term_labels(labels) == [("Luonto", "fi"), ("Kultur", "")]
    with translation.override("fi"):
        assert hyte_catalogue.card_term_labels(labels) == [("Luonto", ""), ("Kulttuuri", "")]


def test_content_lang_filter(make_activity):
    activity = make_activity("Kävelyryhmä")
    term = Theme.objects.get(slug="nature")
    with translation.override("fi"):
        assert hyte_catalogue.content_lang(activity) == ""
        assert hyte_catalogue.lang_attr(activity) == ""
    with translation.override("en"):
        assert hyte_catalogue.content_lang(activity) == "fi"
        assert hyte_catalogue.lang_attr(activity) == ' lang="fi"'
        assert hyte_catalogue.content_lang(term) == ""
        term.name_en = ""
        assert hyte_catalogue.content_lang(term) == "fi"
        assert hyte_catalogue.content_lang("en") == ""
        assert hyte_catalogue.content_lang("sv") == "sv"


def test_swedish_listing_adds_no_queries(client, catalogue, make_activity):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(5):
        make_activity(f"Ryhmä {n}")
    counts = {}
    for language in ("fi", "sv", "fi", "sv"):  # the first two warm the caches
        with CaptureQueriesContext(connection) as queries:
            html_of(client, url_in(catalogue, language))
        counts[language] = len(queries.captured_queries)
    assert counts["sv"] == counts["fi"]  # the cards' languages come from a cached Locale map


def test_demo_has_swedish_and_english_pages(home_page, client, settings):
    from tests.activities.test_demo_catalogue import load_catalogue_steps

    settings.WAGTAIL_I18N_ENABLED = True
    load_catalogue_steps()
    load_catalogue_steps()  # idempotent: no second set of translations
    index = ActivityIndexPage.objects.get(slug="hyvinvointitarjotin")
    for language, catalogue_title, title in (
        ("sv", "Välfärdsutbudet", "Motionsrådgivning"),
        ("en", "Wellbeing activities", "Exercise counselling"),
    ):
        translated = index.get_translation(Locale.objects.get(language_code=language))
        assert translated.title == catalogue_title and translated.live
        activities = ActivityPage.objects.child_of(translated).live()
        assert activities.count() == 3
        html = html_of(client, url_in(translated, language))
        assert f'<html lang="{language}">' in html
        assert f"<h1>{catalogue_title}</h1>" in html
        assert re.search(rf'<a href="[^"]+">{title}, ', html)
