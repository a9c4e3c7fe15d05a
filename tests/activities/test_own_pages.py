"""Partner staff edit their own organisation's activity pages (page_permissions):
the tester, every Wagtail page view they reach by typed URL, the organiser
choice, the three PARTNER_PAGE_EDITING modes, workflow moderation, and the
"Our activity pages" screen."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.checks import run_checks
from django.urls import reverse
from wagtail import VERSION as WAGTAIL_VERSION
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from tests.helpers import page_edit_url, page_form_data
from wagtail_hyte.activities.page_permissions import EDIT_OWN, organiser_ids
from wagtail_hyte.core.roles import EDITOR, GROUP_NAMES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def world(make_partner, make_user, make_activity):
    own, other = make_partner("Oma yhdistys"), make_partner("Toinen yhdistys")
    staff = make_user("partner_staff", partner=own)
    return {
        "own": own,
        "other": other,
        "staff": staff,
        "own_page": make_activity("Oma ryhmä", organiser=own),
        "other_page": make_activity("Toisen ryhmä", organiser=other),
    }


def set_mode(settings, mode):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "PARTNER_PAGE_EDITING": mode}


# --- the tester ------------------------------------------------------------------


def test_staff_may_edit_only_their_organisers_pages(world):
    staff = world["staff"]
    own = world["own_page"].permissions_for_user(staff)
    other = world["other_page"].permissions_for_user(staff)
    assert own.can_edit() and own.organiser_permissions == {"change"}
    assert not other.can_edit()
    # moderated (the default): no publishing, and never structure or privacy
    for test in (
        own.can_publish,
        own.can_unpublish,
        own.can_delete,
        own.can_move,
        own.can_copy,
        own.can_set_view_restrictions,
        own.can_add_subpage,
        own.can_reorder_children,
        own.can_lock,
    ):
        assert not test(), test.__name__


def test_publish_mode_adds_publishing_only(world, settings):
    set_mode(settings, "publish")
    tester = world["own_page"].permissions_for_user(world["staff"])
    assert tester.can_edit() and tester.can_publish() and tester.can_unpublish()
    assert not tester.can_delete() and not tester.can_move() and not tester.can_copy()
    assert not tester.can_set_view_restrictions()


def test_off_mode_and_missing_permission_add_nothing(world, settings, make_user):
    set_mode(settings, "off")
    assert not world["own_page"].permissions_for_user(world["staff"]).can_edit()
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "PARTNER_PAGE_EDITING": "moderated"}
    # a member without the permission (e.g. a professional who also volunteers)
    member = make_user("professional", partner=world["own"])
    assert not world["own_page"].permissions_for_user(member).can_edit()
    # the permission without a membership
    group = Group.objects.get(name=GROUP_NAMES["partner_staff"])
    loner = make_user()
    loner.groups.add(group)
    assert not world["own_page"].permissions_for_user(loner).can_edit()


def test_inactive_member_may_not_edit(world):
    staff = world["staff"]
    staff.is_active = False
    staff.save()
    staff.refresh_from_db()
    assert not world["own_page"].permissions_for_user(staff).can_edit()


def test_group_permissions_are_kept(world, make_user):
    """An editor's catalogue permissions are untouched: they edit, publish, delete."""
    editor = make_user(EDITOR)
    tester = world["own_page"].permissions_for_user(editor)
    assert tester.organiser_permissions == frozenset()
    assert tester.can_edit() and tester.can_publish() and tester.can_delete()


def test_organiser_ids_is_one_query_per_user(world, django_assert_num_queries):
    staff = type(world["staff"]).objects.get(pk=world["staff"].pk)
    staff.get_all_permissions()  # warm Django's permission cache
    with django_assert_num_queries(1):
        assert organiser_ids(staff) == {world["own"].pk}
        assert organiser_ids(staff) == {world["own"].pk}


def test_partner_staff_role_holds_the_permission(roles):
    group = Group.objects.get(name=GROUP_NAMES["partner_staff"])
    app_label, codename = EDIT_OWN.split(".")
    assert group.permissions.filter(content_type__app_label=app_label, codename=codename).exists()
    assert Permission.objects.filter(codename=codename).count() == 1


# --- Wagtail's page views under typed URLs ------------------------------------------


def refused(response):
    """Wagtail turns PermissionDenied into a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def page_view_urls(page):
    """The page views the organiser's staff use. (Viewing an old revision and
    comparing revisions stay with editors: Wagtail asks the Page policy there;
    so does the history on Wagtail 7, which has no per-type page viewsets.)"""
    urls = [
        page_edit_url(page),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
    ]
    if WAGTAIL_VERSION >= (8, 0):
        urls.append(reverse("wagtailadmin_pages:history", args=[page.pk]))
    return urls


def test_staff_open_their_pages_and_are_refused_others(client, world):
    client.force_login(world["staff"])
    for url in page_view_urls(world["own_page"]):
        assert client.get(url).status_code == 200, url
    other = world["other_page"]
    for url in page_view_urls(other):
        assert refused(client.get(url)), url
    for name in ("delete", "move", "copy", "unpublish"):
        for page in (world["own_page"], other):
            url = reverse(f"wagtailadmin_pages:{name}", args=[page.pk])
            assert refused(client.get(url)), url
    # a POST to another partner's page changes nothing
    assert refused(client.post(page_edit_url(other), {"title": "Kaapattu"}))
    other.refresh_from_db()
    assert other.title == "Toisen ryhmä" and other.latest_revision.content["title"] != "Kaapattu"


def test_staff_save_a_draft_that_is_not_published(client, world):
    page = world["own_page"]
    client.force_login(world["staff"])
    data = page_form_data(client, page, title="Oma ryhmä (uusi aika)")
    response = client.post(page_edit_url(page), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    page.refresh_from_db()
    assert page.title == "Oma ryhmä"  # the live page is unchanged
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Oma ryhmä (uusi aika)"
    assert page.latest_revision.user == world["staff"]


def test_publishing_is_refused_when_moderated(client, world):
    page = world["own_page"]
    client.force_login(world["staff"])
    data = page_form_data(client, page, title="Julkaistu?")
    data["action-publish"] = ["action-publish"]
    client.post(page_edit_url(page), data)
    page.refresh_from_db()
    assert page.title == "Oma ryhmä"


def test_publish_mode_publishes_and_returns_to_the_list(client, world, settings):
    set_mode(settings, "publish")
    page = world["own_page"]
    client.force_login(world["staff"])
    back = reverse("hyte_activity_pages:index")
    data = page_form_data(client, page, title="Oma ryhmä, keväällä")
    data["action-publish"] = ["action-publish"]
    response = client.post(f"{page_edit_url(page)}?next={back}", data)
    assert response.status_code == 302 and response["Location"] == back
    page.refresh_from_db()
    assert page.title == "Oma ryhmä, keväällä" and page.live


def test_organiser_cannot_be_changed_to_another_partner(client, world):
    page = world["own_page"]
    client.force_login(world["staff"])
    response = client.get(page_edit_url(page))
    html = response.content.decode()
    assert "Toinen yhdistys" not in html
    data = page_form_data(client, page, organiser=str(world["other"].pk))
    response = client.post(page_edit_url(page), data)
    assert response.status_code == 200
    assert "organiser" in response.context["form"].errors
    page.refresh_from_db()
    assert page.organiser == world["own"]
    assert page.get_latest_revision_as_object().organiser == world["own"]


def test_editors_still_choose_any_organiser(client, world, make_user):
    client.force_login(make_user(EDITOR))
    html = client.get(page_edit_url(world["own_page"])).content.decode()
    assert "Toinen yhdistys" in html or "hyte_partners" in html  # a chooser lists all


def test_staff_submit_for_moderation_through_the_workflow(client, world, make_user):
    page = world["own_page"]
    editors = Group.objects.get(name=GROUP_NAMES[EDITOR])
    workflow = Workflow.objects.create(name="Toimintasivujen tarkistus")
    task = GroupApprovalTask.objects.create(name="Toimittaja hyväksyy")
    task.groups.set([editors])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=page.get_parent())
    client.force_login(world["staff"])
    data = page_form_data(client, page, title="Oma ryhmä, tarkistettava")
    data["action-submit"] = ["action-submit"]
    response = client.post(page_edit_url(page), data)
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == world["staff"]
    page.refresh_from_db()
    assert page.title == "Oma ryhmä"
    # an editor approves: the change goes live
    editor = make_user(EDITOR)
    state.current_task_state.task.specific.on_action(state.current_task_state, editor, "approve")
    page.refresh_from_db()
    assert page.title == "Oma ryhmä, tarkistettava"


# --- the "Our activity pages" screen ------------------------------------------------


def test_own_pages_lists_only_the_organisers_pages(client, world):
    client.force_login(world["staff"])
    url = reverse("hyte_activity_pages:index")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Oma ryhmä" in html and "Toisen ryhmä" not in html
    assert f"{page_edit_url(world['own_page'])}?next=" in html
    # Wagtail's default workflow ("Moderators approve") covers the whole tree
    assert "submit it for review" in html
    # the menu shows the screen
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url in home


def test_publishing_column_follows_workflow_and_mode(client, world, settings):
    WorkflowPage.objects.all().delete()
    client.force_login(world["staff"])
    html = client.get(reverse("hyte_activity_pages:index")).content.decode()
    assert "editors publish it. Tell them when it is ready." in html
    workflow = Workflow.objects.create(name="Tarkistus")
    WorkflowPage.objects.create(workflow=workflow, page=world["own_page"].get_parent())
    html = client.get(reverse("hyte_activity_pages:index")).content.decode()
    assert "submit it for review" in html
    set_mode(settings, "publish")
    html = client.get(reverse("hyte_activity_pages:index")).content.decode()
    assert "You publish your changes." in html


@pytest.mark.parametrize("role", [None, "professional", EDITOR, "coordinator", "auditor"])
def test_own_pages_refuses_everyone_else(client, world, make_user, role):
    if role is None:
        response = client.get(reverse("hyte_activity_pages:index"))
        assert response.status_code == 302
        return
    client.force_login(make_user(role))
    assert refused(client.get(reverse("hyte_activity_pages:index")))


def test_own_pages_is_empty_for_a_partner_without_pages(client, make_partner, make_user, catalogue):
    staff = make_user("partner_staff", partner=make_partner())
    client.force_login(staff)
    response = client.get(reverse("hyte_activity_pages:index"))
    assert response.status_code == 200
    assert "no activity pages in the catalogue yet" in response.content.decode()


def test_unknown_mode_is_an_error(settings):
    set_mode(settings, "sometimes")
    assert "hyte.E022" in {message.id for message in run_checks()}
    set_mode(settings, "publish")
    assert "hyte.E022" not in {message.id for message in run_checks()}
