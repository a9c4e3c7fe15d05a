"""A partner's staff member keeps their own activity page up to date, on a phone:
HYTE -> Our activity pages, the page editor, Submit for moderation; another
partner's page is refused by typed URL; axe-core at 1280 px and 390 px."""

from datetime import time

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from wagtail_hyte.activities.models import ActivityPage, Theme, WeeklyTime
from wagtail_hyte.core.models import Municipality
from wagtail_hyte.core.roles import EDITOR, GROUP_NAMES


@pytest.fixture
def own_page(journey, make_partner, roles):
    activity = journey["activity"]
    theme, _ = Theme.objects.get_or_create(slug="liikunta", defaults={"name_fi": "Liikunta"})
    activity.themes.add(theme)
    activity.municipalities.add(Municipality.objects.get(code="179"))
    activity.weekly_times.add(WeeklyTime(weekday=1, start_time=time(10)))
    activity.save_revision().publish()
    workflow = Workflow.objects.create(name="Toimintasivujen tarkistus")
    task = GroupApprovalTask.objects.create(name="Toimittaja hyväksyy")
    task.groups.set([Group.objects.get(name=GROUP_NAMES[EDITOR])])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=journey["index"])
    other = ActivityPage(
        title="Toisen kumppanin ryhmä",
        slug="toisen-ryhma",
        organiser=make_partner(name="Toinen ry"),
        summary="Ei sinun sivusi.",
    )
    journey["index"].add_child(instance=other)
    return activity, other


@pytest.mark.parametrize("width", [390, 1280])
def test_staff_edit_and_submit_their_page(page, live_server, journey, own_page, login, axe, width):
    activity, other = own_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, journey["staff"])
    page.goto(f"{live_server.url}/admin/hyte/activity-pages/")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "Metsäkävely" in rows.first.inner_text()
    assert "Toisen kumppanin" not in page.locator("main").inner_text()
    axe(page)

    rows.first.locator("a[href*='/edit/']").click()
    page.wait_for_load_state()
    title = page.locator("#id_title")
    title.fill("Metsäkävely joka tiistai")
    axe(page)
    submit = page.locator("button[name='action-submit']")
    assert submit.count() == 1
    assert page.locator("button[name='action-publish']").count() == 0
    with page.expect_navigation():
        submit.evaluate("el => el.click()")
    page.wait_for_load_state()
    messages = page.locator(".messages, .error-message").all_inner_texts()
    assert WorkflowState.objects.for_instance(activity).exists(), (page.url, messages)
    state = WorkflowState.objects.for_instance(activity).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == journey["staff"]
    activity.refresh_from_db()
    assert activity.title == "Metsäkävely"  # live only once an editor approves
    assert activity.get_latest_revision_as_object().title == "Metsäkävely joka tiistai"

    # typing another partner's editor URL lands on the dashboard, not the editor
    page.goto(f"{live_server.url}/admin/pages/{other.pk}/edit/")
    assert "/edit/" not in page.url
    assert page.locator("#id_title").count() == 0
