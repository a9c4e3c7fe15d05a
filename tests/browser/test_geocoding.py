"""The activity editor's "Find coordinates from the address" button in a browser:
an existing location and one added with InlinePanel's "Add" button get their
coordinates from an offline StaticGeocoder, the status region says so, and
axe-core finds nothing on the editor at 1280 px."""

from datetime import time

import pytest
from playwright.sync_api import expect

from wagtail_hyte.activities.models import ActivityLocation, ActivityPage, Theme, WeeklyTime
from wagtail_hyte.core.models import Municipality

LIBRARY = "Vapaudenkatu 39, 40100 Jyväskylä"
MARKET = "Kauppakatu 1, 87100 Kajaani"


@pytest.fixture
def editor_page(journey, make_user, settings):
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "GEOCODER": {
            "BACKEND": "wagtail_hyte.activities.geocoding.StaticGeocoder",
            "OPTIONS": {"PLACES": {LIBRARY: [62.2441, 25.7472], MARKET: [64.2245, 27.7334]}},
        },
    }
    activity = ActivityPage.objects.live().first()
    theme, _ = Theme.objects.get_or_create(slug="liikunta", defaults={"name_fi": "Liikunta"})
    activity.themes.add(theme)
    activity.weekly_times.add(WeeklyTime(weekday=1, start_time=time(10)))
    activity.locations.add(
        ActivityLocation(name="Kirjasto", municipality=Municipality.objects.get(code="179"))
    )
    activity.save_revision().publish()
    return activity, make_user("superuser")


def open_locations_tab(page):
    add = page.locator("#id_locations-ADD")
    panel_id = add.evaluate("el => el.closest('[role=tabpanel]').id")
    page.locator(f'[role=tab][aria-controls="{panel_id}"]').click()
    add.wait_for(state="visible")
    return add


def fill_address(page, prefix, street, postal, municipality_code):
    page.fill(f"[name='{prefix}street_address']", street)
    page.fill(f"[name='{prefix}postal_code']", postal)
    municipality = Municipality.objects.get(code=municipality_code)
    page.select_option(f"[name='{prefix}municipality']", str(municipality.pk))


def test_find_coordinates_from_the_address(page, live_server, editor_page, login, axe):
    activity, user = editor_page
    login(page, live_server, user)
    page.goto(f"{live_server.url}/admin/pages/{activity.pk}/edit/")
    add = open_locations_tab(page)

    # the existing row
    button = page.locator("[data-hyte-geocode-button]").first
    expect(button).to_be_visible()  # shown by the script
    fill_address(page, "locations-0-", "Vapaudenkatu 39", "40100", "179")
    button.click()
    expect(page.locator("[name='locations-0-latitude']")).to_have_value("62.244100")
    expect(page.locator("[name='locations-0-longitude']")).to_have_value("25.747200")
    status = page.locator("#id_locations-0-latitude_geocode_status")
    expect(status).to_contain_text(LIBRARY)
    assert status.get_attribute("aria-live") == "polite"

    # a row added later by InlinePanel
    add.click()
    page.locator("[name='locations-1-name']").wait_for(state="visible")
    page.fill("[name='locations-1-name']", "Kauppa")
    fill_address(page, "locations-1-", "Kauppakatu 1", "87100", "205")
    second = page.locator(
        "[data-hyte-geocode][data-name='locations-1-latitude'] [data-hyte-geocode-button]"
    )
    expect(second).to_be_visible()
    second.click()
    expect(page.locator("[name='locations-1-latitude']")).to_have_value("64.224500")
    expect(page.locator("[name='locations-1-longitude']")).to_have_value("27.733400")
    expect(page.locator("#id_locations-1-latitude_geocode_status")).to_contain_text(MARKET)

    # an address nobody knows: a message, no coordinates, nothing else changed
    fill_address(page, "locations-1-", "Olematon tie 5", "87100", "205")
    page.fill("[name='locations-1-latitude']", "")
    page.fill("[name='locations-1-longitude']", "")
    second.click()
    expect(page.locator("#id_locations-1-latitude_geocode_status")).not_to_contain_text(MARKET)
    expect(page.locator("#id_locations-1-latitude_geocode_status")).not_to_be_empty()
    assert page.locator("[name='locations-1-latitude']").input_value() == ""

    page.set_viewport_size({"width": 1280, "height": 900})
    axe(page)


def test_without_javascript_the_button_stays_hidden(new_page, live_server, editor_page, login):
    activity, user = editor_page
    page = new_page(java_script_enabled=False)
    login(page, live_server, user)
    page.goto(f"{live_server.url}/admin/pages/{activity.pk}/edit/")
    button = page.locator("[data-hyte-geocode-button]").first
    assert button.count() == 1 and button.get_attribute("hidden") is not None
    expect(button).to_be_hidden()
