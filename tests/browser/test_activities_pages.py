"""The catalogue's public pages meet WCAG 2.1 AA (axe-core in Chromium): the index
with filters applied and with no results, an activity page, a service path page
and a partner profile. Filtering works without JavaScript."""

from datetime import time, timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def catalogue_site(home_page, municipalities, make_partner):
    from wagtail_hyte.activities.models import (
        AccessibilityFeature,
        ActivityIndexPage,
        ActivityLeader,
        ActivityLocation,
        ActivityMeeting,
        ActivityPage,
        ServicePathPage,
        TargetGroup,
        Theme,
        WeeklyTime,
    )
    from wagtail_hyte.activities.taxonomy_seed import seed_taxonomies
    from wagtail_hyte.core.models import Municipality

    seed_taxonomies(Theme, TargetGroup, AccessibilityFeature)
    today = timezone.localdate()
    index = home_page.add_child(
        instance=ActivityIndexPage(
            title="Hyvinvointitarjotin", slug="tarjotin", intro="<p>Toimintaa Keski-Suomessa.</p>"
        )
    )
    partner = make_partner(
        "Laukaan Eläkeläiset ry",
        slug="laukaan-elakelaiset",
        description="<p>Vertaisryhmiä ikäihmisille.</p>",
        website="https://example.invalid/",
        phone="+358401234001",
    )
    jkl = Municipality.objects.get(code="179")
    pages = []
    for n, (title, theme, weekday) in enumerate(
        [
            ("Luontokävely", "nature", 0),
            ("Senioreiden kuntosali", "physical-activity", 2),
            ("Digituki kirjastossa", "digital-skills", 1),
        ]
    ):
        page = ActivityPage(
            title=title,
            slug=f"a{n}",
            organiser=partner,
            min_age=65,
            summary="Yhteistä tekemistä ikäihmisille.",
            plain_summary="Tule mukaan.",
            body=[
                ("text", "<p>Kuvaus toiminnasta.</p>"),
                ("quote", {"text": "Hyvä ryhmä!", "attribution": "Osallistuja"}),
            ],
            schedule_type="weekly",
            languages=["fi", "sv"],
            registration_required=True,
            registration_phone="+358401234001",
            contact_title="Ohjaaja",
            contact_email="info@example.invalid",
        )
        page.weekly_times = [WeeklyTime(weekday=weekday, start_time=time(10), end_time=time(11))]
        page.themes = [Theme.objects.get(slug=theme)]
        page.target_groups = [TargetGroup.objects.get(slug="older-people")]
        page.accessibility_features = [AccessibilityFeature.objects.get(slug="step-free")]
        page.municipalities = [jkl]
        page.locations = [
            ActivityLocation(
                name="Kirjasto",
                street_address="Vapaudenkatu 39",
                postal_code="40100",
                municipality=jkl,
                latitude="62.24",
                longitude="25.74",
            )
        ]
        page.leaders = [
            ActivityLeader(
                role="leader",
                title="liikunnanohjaaja",
                organisation="kaupunki",
                organisation_kind="municipality",
            )
        ]
        index.add_child(instance=page)
        pages.append(page)
    series = ActivityPage(
        title="Hyvinvointiryhmä 70+",
        slug="ryhma",
        organiser=partner,
        min_age=70,
        summary="Viisi tapaamista.",
        schedule_type="series",
        group_size_min=6,
        group_size_max=8,
        meeting_count=5,
    )
    series.meetings = [
        ActivityMeeting(date=today + timedelta(days=7 + 28 * i), start_time=time(13))
        for i in range(5)
    ]
    series.themes = [Theme.objects.get(slug="social-participation")]
    series.municipalities = [jkl]
    index.add_child(instance=series)
    path = index.add_child(
        instance=ServicePathPage(
            title="Liikuntaneuvontaan",
            slug="polku",
            intro="<p>Näin pääset mukaan.</p>",
            plain_intro="Näin saat apua.",
            steps=[
                (
                    "step",
                    {
                        "title": "Keskustele hoitajan kanssa",
                        "who": "hoitaja",
                        "client_action": "<p>Kerro tilanteestasi.</p>",
                        "next_step": "<p>Hoitaja ottaa yhteyttä.</p>",
                        "plain_language": "Puhu hoitajan kanssa.",
                        "links": [{"page": pages[1], "label": ""}],
                    },
                )
            ],
        )
    )
    return {"index": index, "pages": pages, "series": series, "path": path, "partner": partner}


def test_index_with_filters_has_no_axe_violations(page, live_server, catalogue_site, axe):
    response = page.goto(
        f"{live_server.url}{catalogue_site['index'].url}?municipality=179&age=70&theme=nature&free=1"
    )
    assert response.status == 200
    assert page.locator(".hyte-card").count() == 1
    axe(page)


def test_index_without_results_has_no_axe_violations(page, live_server, catalogue_site, axe):
    page.goto(f"{live_server.url}{catalogue_site['index'].url}?q=olematonhakusana")
    assert page.locator(".hyte-empty").is_visible()
    axe(page)


def test_filtering_works_without_javascript(new_page, live_server, catalogue_site):
    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}{catalogue_site['index'].url}")
    assert page.locator(".hyte-card").count() == 4
    page.click(".hyte-filters__summary")  # the filters' <details> (closed in the HTML)
    page.select_option("#hyte-theme", "digital-skills")
    page.click(".hyte-filters button[type=submit]")
    page.wait_for_load_state()
    assert "theme=digital-skills" in page.url
    assert page.locator(".hyte-card").count() == 1
    assert "Digituki" in page.locator(".hyte-card").inner_text()


def test_activity_page_has_no_axe_violations(page, live_server, catalogue_site, axe):
    page.goto(f"{live_server.url}{catalogue_site['pages'][0].url}")
    assert page.locator("h1").inner_text() == "Luontokävely"
    axe(page)
    page.goto(f"{live_server.url}{catalogue_site['series'].url}")
    axe(page)


def test_activity_page_with_an_image_has_no_axe_violations(
    new_page, live_server, catalogue_site, axe, settings, tmp_path
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    settings.MEDIA_ROOT = str(tmp_path)
    if Collection.get_first_root_node() is None:  # flushed by an earlier live-server test
        Collection.add_root(name="Root")
    activity = catalogue_site["pages"][0]
    activity.image = get_image_model().objects.create(title="Metsä", file=get_test_image_file())
    activity.image_alt = "Kävelijöitä metsäpolulla"
    activity.save_revision().publish()
    for width in (1280, 390):
        page = new_page(viewport={"width": width, "height": 900})
        page.goto(f"{live_server.url}{activity.url}")
        assert page.get_by_role("img", name="Kävelijöitä metsäpolulla").count() == 1
        axe(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_service_path_page_has_no_axe_violations(page, live_server, catalogue_site, axe):
    page.goto(f"{live_server.url}{catalogue_site['path'].url}")
    assert page.locator(".hyte-step").count() == 1
    axe(page)


def test_partner_profile_has_no_axe_violations(page, live_server, catalogue_site, axe):
    url = catalogue_site["index"].partner_url(catalogue_site["partner"])
    page.goto(f"{live_server.url}{url}")
    assert page.locator("h1").inner_text() == "Laukaan Eläkeläiset ry"
    axe(page)
