"""Recommend, short list and print pages: keyboard-usable, 0 axe-core violations."""

from datetime import time

import pytest
from django.core import mail
from django.utils import translation


@pytest.fixture
def activity(home_page, municipalities, make_partner):
    from wagtail_hyte.activities.models import (
        AccessibilityFeature,
        ActivityIndexPage,
        ActivityLocation,
        ActivityPage,
        TargetGroup,
        Theme,
        WeeklyTime,
    )
    from wagtail_hyte.activities.taxonomy_seed import seed_taxonomies
    from wagtail_hyte.core.models import Municipality

    seed_taxonomies(Theme, TargetGroup, AccessibilityFeature)
    catalogue = home_page.add_child(
        instance=ActivityIndexPage(title="Hyvinvointitarjotin", slug="tarjotin")
    )
    jyvaskyla = Municipality.objects.get(code="179")
    page = ActivityPage(
        title="Kävelyryhmä",
        slug="kavelyryhma",
        organiser=make_partner("Keski-Suomen Latu ry", slug="latu"),
        summary="Ohjattu kävely puistossa kerran viikossa.",
        plain_summary="Kävelemme yhdessä.",
        schedule_type="weekly",
    )
    page.weekly_times = [WeeklyTime(weekday=1, start_time=time(10), end_time=time(11, 30))]
    page.locations = [ActivityLocation(name="Pääkirjasto", municipality=jyvaskyla)]
    page.themes = list(Theme.objects.all()[:1])
    page.municipalities = [jyvaskyla]
    catalogue.add_child(instance=page)
    return page


@pytest.fixture
def professional(make_user):
    return make_user("professional", first_name="Tiina", last_name="Terveys")


def test_activity_page_actions_and_shortlist(page, live_server, activity, professional, login, axe):
    login(page, live_server, professional)
    with translation.override("fi"):
        url = activity.url
    page.goto(f"{live_server.url}{url}")
    page.locator(".hyte-action--shortlist-add").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".hyte-action--shortlist-remove")
    axe(page)
    page.goto(f"{live_server.url}/admin/hyte/recommend/shortlist/")
    assert page.get_by_text("Kävelyryhmä").first.is_visible()
    axe(page)


def test_recommend_by_keyboard_with_errors_then_email(
    page, live_server, activity, professional, login, axe
):
    login(page, live_server, professional)
    page.goto(f"{live_server.url}/admin/hyte/recommend/?activity={activity.pk}")
    axe(page)
    page.locator("#id_channel_1").focus()  # email
    page.keyboard.press("Space")
    page.locator("#id_email").focus()
    page.keyboard.type("not-an-address")
    page.keyboard.press("Enter")
    page.wait_for_selector("#hyte-form-errors")
    axe(page)
    page.locator("#id_email").fill("")
    page.locator("#id_email").focus()
    page.keyboard.type("asiakas@example.fi")
    page.locator("#id_language_2").focus()  # English
    page.keyboard.press("Space")
    page.locator("button[type=submit]", has_text="Suosittele").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Recommendation: activities for you"
    axe(page)


def test_print_page(page, live_server, activity, professional, login, axe):
    login(page, live_server, professional)
    page.goto(
        f"{live_server.url}/admin/hyte/recommend/print/?activity={activity.pk}&language=sv&plain=1"
    )
    assert page.locator("h1").inner_text() == "Verksamhet som rekommenderas för dig"
    assert page.get_by_text("Kävelemme yhdessä.").is_visible()
    axe(page)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Tulosta"


@pytest.mark.parametrize("width", [1280, 390])
def test_channel_fields_and_preview(
    new_page, live_server, activity, professional, login, axe, width
):
    page = new_page(viewport={"width": width, "height": 900})
    login(page, live_server, professional)
    page.goto(f"{live_server.url}/admin/hyte/recommend/?activity={activity.pk}")
    phone = page.locator('[data-hyte-channel="sms"]')
    email = page.locator('[data-hyte-channel="email"]')
    assert phone.is_visible() and not email.is_visible()  # a text message is preselected
    page.check('input[name="channel"][value="email"]')
    assert email.is_visible() and not phone.is_visible()
    page.check('input[name="channel"][value="sms"]')
    axe(page)
    page.fill("#id_phone", "040 765 4321")
    with page.expect_navigation():
        page.click('button[name="preview"]')
    assert page.locator(".hyte-sms-preview").inner_text().count("Kävelyryhmä") >= 1
    assert page.evaluate("document.activeElement.id") == "hyte-preview-heading"
    assert mail.outbox == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    axe(page)
