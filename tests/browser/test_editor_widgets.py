"""The activity editor's municipality picker in a browser: filter, whole welfare
area, saving, and axe-core at 1280 px and 390 px."""

from datetime import time

import pytest
from playwright.sync_api import expect

from wagtail_hyte.activities.models import ActivityPage, Theme, WeeklyTime
from wagtail_hyte.core.models import Municipality

KAINUU = "Kainuun hyvinvointialue"


@pytest.fixture
def editor_page(journey, make_user):
    activity = ActivityPage.objects.live().first()
    # what the editor requires besides the municipalities: a theme and a weekly time
    theme, _ = Theme.objects.get_or_create(slug="liikunta", defaults={"name_fi": "Liikunta"})
    activity.themes.add(theme)
    activity.weekly_times.add(WeeklyTime(weekday=1, start_time=time(10)))
    activity.save_revision().publish()
    return activity, make_user("superuser")


def open_practical_tab(page):
    picker = page.locator("[data-hyte-municipalities]").first
    panel_id = picker.evaluate("el => el.closest('[role=tabpanel]').id")
    page.locator(f'[role=tab][aria-controls="{panel_id}"]').click()
    picker.wait_for(state="visible")
    return picker


def test_filter_whole_area_save_and_axe(page, live_server, editor_page, login, axe):
    activity, user = editor_page
    login(page, live_server, user)
    page.goto(f"{live_server.url}/admin/pages/{activity.pk}/edit/")
    picker = open_practical_tab(page)

    box = picker.locator("[data-hyte-municipalities-filter]")
    assert box.is_visible()  # shown by the script
    box.fill("kajaa")
    kajaani = picker.locator("li[data-name='kajaani']")
    assert kajaani.is_visible()
    assert not picker.locator("li[data-name='jyväskylä']").is_visible()
    expect(picker.locator("[data-hyte-municipalities-group]:visible")).to_have_count(1)
    box.fill("")
    assert picker.locator("li[data-name='jyväskylä']").count() == 1

    group = picker.locator("[data-hyte-municipalities-group]", has_text=KAINUU)
    if not group.evaluate("el => el.open"):
        group.locator("summary").click()
    group.locator("[data-hyte-municipalities-area]").check()
    ticked = group.locator("li input:checked").count()
    assert ticked == Municipality.objects.in_welfare_area(KAINUU).count() == 8

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        axe(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_navigation():
        page.locator("button[name='action-publish']").first.evaluate("el => el.click()")
    page.wait_for_load_state()
    saved = ActivityPage.objects.get(pk=activity.pk)
    messages = page.locator(".messages").all_inner_texts()
    assert set(Municipality.objects.in_welfare_area(KAINUU)) <= set(saved.municipalities.all()), (
        page.url,
        messages,
    )


def test_without_javascript_the_filter_is_hidden(new_page, live_server, editor_page, login):
    activity, user = editor_page
    page = new_page(java_script_enabled=False)
    login(page, live_server, user)
    page.goto(f"{live_server.url}/admin/pages/{activity.pk}/edit/")
    picker = page.locator("[data-hyte-municipalities]").first
    assert (
        picker.locator("[data-hyte-municipalities-filter-row]").get_attribute("hidden") is not None
    )
    assert picker.locator("[data-hyte-municipalities-area]").count() == 23


def test_schedule_sections_follow_the_chosen_kind(page, live_server, editor_page, login, axe):
    activity, user = editor_page
    login(page, live_server, user)
    page.goto(f"{live_server.url}/admin/pages/{activity.pk}/edit/")
    weekly = page.locator("[data-hyte-schedule-for='weekly']")
    meetings = page.locator("[data-hyte-schedule-for='one_off series']")
    assert weekly.count() == 1 and meetings.count() == 1
    panel_id = weekly.evaluate("el => el.closest('[role=tabpanel]').id")
    page.locator(f'[role=tab][aria-controls="{panel_id}"]').click()
    select = page.locator("select[name='schedule_type']")
    select.select_option("weekly")
    assert weekly.is_visible() and not meetings.is_visible()
    select.select_option("series")
    assert meetings.is_visible() and not weekly.is_visible()
    axe(page)
