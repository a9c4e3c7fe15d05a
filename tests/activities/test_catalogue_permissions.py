"""Editors' page permissions follow new catalogues at once; CATALOGUE_PARENT_PAGES
restricts where catalogues and service paths may be created, copied and moved."""

import itertools
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, Page

from wagtail_hyte.activities.models import ActivityIndexPage, ServicePathPage
from wagtail_hyte.core.roles import EDITOR, GROUP_NAMES, setup_roles

pytestmark = pytest.mark.django_db

EDITORS = GROUP_NAMES[EDITOR]
_n = itertools.count(1)


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English command output; the example site's default language is Finnish."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def editor_codenames(page):
    return set(
        GroupPagePermission.objects.filter(group__name=EDITORS, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def new_catalogue(parent, title="Hyvinvointitarjotin"):
    return parent.add_child(instance=ActivityIndexPage(title=title, slug=f"uusi-{next(_n)}"))


def new_service_path(parent):
    return parent.add_child(
        instance=ServicePathPage(
            title="Palvelupolku",
            slug=f"polku-{next(_n)}",
            intro="<p>Polku</p>",
            steps=[("step", {"title": "Ensimmäinen askel"})],
        )
    )


@pytest.fixture
def section(home_page):
    """A plain Wagtail page beside the catalogues: a section of the site."""
    return home_page.add_child(instance=Page(title="Sote", slug="sote"))


def with_parents(settings, value):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "CATALOGUE_PARENT_PAGES": value}


# Granting on creation


def test_orm_creation_grants_editors_page_permissions(roles, home_page, make_user):
    catalogue = new_catalogue(home_page)
    assert editor_codenames(catalogue) == {"add_page", "change_page", "publish_page"}
    editor = make_user("editor")
    assert catalogue.permissions_for_user(editor).can_add_subpage()
    assert catalogue.permissions_for_user(editor).can_publish()
    assert not catalogue.permissions_for_user(make_user("professional")).can_edit()


def test_copy_grants_on_the_copy(roles, home_page):
    catalogue = new_catalogue(home_page)
    copy = catalogue.copy(to=home_page, update_attrs={"slug": "kopio", "title": "Kopio"})
    assert copy.pk != catalogue.pk
    assert editor_codenames(copy) == {"add_page", "change_page", "publish_page"}


def test_admin_add_view_grants_and_editor_edits_a_child(
    client, roles, home_page, make_user, make_activity
):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    client.force_login(make_user("superuser"))
    url = reverse(
        "wagtailadmin_pages:add",
        args=["wagtail_hyte_activities", "activityindexpage", home_page.pk],
    )
    data = nested_form_data({"title": "Tarjotin", "slug": "admin-tarjotin", "intro": rich_text("")})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    catalogue = ActivityIndexPage.objects.get(slug="admin-tarjotin")
    assert editor_codenames(catalogue) == {"add_page", "change_page", "publish_page"}

    activity = make_activity(parent=catalogue)
    editor = make_user("editor")
    assert activity.permissions_for_user(editor).can_publish()
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[activity.pk])).status_code == 200


def test_loaded_fixture_grants_after_commit(roles, home_page, django_capture_on_commit_callbacks):
    """A data import with loaddata (raw saves) grants once the rows are committed."""
    from django.core import serializers

    catalogue = new_catalogue(home_page)
    dump = serializers.serialize("json", [Page.objects.get(pk=catalogue.pk), catalogue])
    pk = catalogue.pk
    catalogue.delete()
    assert not GroupPagePermission.objects.filter(page_id=pk).exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for obj in serializers.deserialize("json", dump):
            obj.save()
        assert not GroupPagePermission.objects.filter(page_id=pk).exists()
    assert len(callbacks) == 1
    assert editor_codenames(ActivityIndexPage.objects.get(pk=pk)) == {
        "add_page",
        "change_page",
        "publish_page",
    }


def test_granting_is_idempotent(roles, home_page):
    from wagtail_hyte.activities.roles import grant_editor_page_permissions

    catalogue = new_catalogue(home_page)
    count = GroupPagePermission.objects.filter(page=catalogue).count()
    assert count == 3
    assert grant_editor_page_permissions(catalogue) == []
    catalogue.title = "Uusi nimi"
    catalogue.save()  # not a creation
    catalogue.save_revision().publish()
    setup_roles()
    assert GroupPagePermission.objects.filter(page=catalogue).count() == count


def test_no_group_yet_is_skipped_quietly(home_page):
    assert not Group.objects.filter(name=EDITORS).exists()
    catalogue = new_catalogue(home_page)
    assert not GroupPagePermission.objects.filter(page=catalogue).exists()
    # hyte_setup_roles catches up.
    setup_roles()
    assert editor_codenames(catalogue) == {"add_page", "change_page", "publish_page"}


def test_service_paths_inherit_inside_a_catalogue_and_get_their_own_outside(
    roles, home_page, make_user
):
    catalogue = new_catalogue(home_page)
    inside = new_service_path(catalogue)
    outside = new_service_path(home_page)
    assert editor_codenames(inside) == set()
    assert editor_codenames(outside) == {"add_page", "change_page", "publish_page"}
    editor = make_user("editor")
    assert inside.permissions_for_user(editor).can_publish()
    assert outside.permissions_for_user(editor).can_publish()
    assert not home_page.permissions_for_user(editor).can_edit()

    # Moved out of its catalogue, a service path keeps its editors.
    inside.move(home_page, pos="last-child")
    inside.refresh_from_db()
    assert inside.get_parent().pk == home_page.pk
    assert editor_codenames(inside) == {"add_page", "change_page", "publish_page"}
    editor = type(editor).objects.get(pk=editor.pk)  # Wagtail caches permissions per user
    assert inside.permissions_for_user(editor).can_publish()


# The report of hyte_setup_roles


def test_setup_roles_reports_added_page_and_collection_permissions(home_page):
    catalogue = new_catalogue(home_page)
    path = catalogue.get_url_parts()[2]
    report = setup_roles()[EDITORS]
    assert report["pages"] == [
        {
            "id": catalogue.pk,
            "title": "Hyvinvointitarjotin",
            "path": path,
            "added": ["add", "change", "publish"],
        }
    ]
    (root,) = report["collections"]
    assert root["added"] == [
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
    ]
    # A second run adds and reports nothing.
    again = setup_roles()
    assert all(entry["pages"] == [] and entry["collections"] == [] for entry in again.values())


def test_command_prints_page_permissions_once(home_page):
    catalogue = new_catalogue(home_page)
    path = catalogue.get_url_parts()[2]
    out = StringIO()
    call_command("hyte_setup_roles", stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        f'HYTE editors: page permissions added on "Hyvinvointitarjotin" ({path}): '
        "add, change, publish"
    ) in lines
    assert (
        'HYTE editors: collection permissions added on "Root": wagtaildocs.add_document, '
        "wagtaildocs.choose_document, wagtailimages.add_image, wagtailimages.choose_image"
    ) in lines
    # The agreements' collection for coordinators is reported too.
    assert any(
        line.startswith('HYTE coordinators: collection permissions added on "HYTE partner')
        for line in lines
    )
    out = StringIO()
    call_command("hyte_setup_roles", stdout=out)
    assert "permissions added on" not in out.getvalue()
    assert "HYTE roles are set up." in out.getvalue()


# Where catalogues may be created


def test_default_allows_anywhere_wagtail_allows(home_page, section):
    from wagtail_hyte.core.conf import hyte_settings

    assert hyte_settings.CATALOGUE_PARENT_PAGES is None
    assert ActivityIndexPage.can_create_at(home_page)
    assert ActivityIndexPage.can_create_at(section)
    assert ServicePathPage.can_create_at(section)
    # Wagtail's own rules still hold.
    catalogue = new_catalogue(home_page)
    assert not ActivityIndexPage.can_create_at(catalogue)


@pytest.mark.parametrize(
    "entry",
    ["/sote/", "sote", "id", "wagtailcore.Page"],
    ids=["path", "path-without-slashes", "id", "type"],
)
def test_setting_allows_listed_parents_only(settings, home_page, section, entry):
    value = {"sote": "/sote", "id": section.pk}.get(entry, entry)
    with_parents(settings, [value])
    assert ActivityIndexPage.can_create_at(section)
    assert not ActivityIndexPage.can_create_at(home_page)
    assert ServicePathPage.can_create_at(section)
    assert not ServicePathPage.can_create_at(home_page)


def test_page_type_labels(settings, home_page, section):
    with_parents(settings, ["home.HomePage"])
    assert ActivityIndexPage.can_create_at(home_page)
    assert not ActivityIndexPage.can_create_at(section)


def test_service_paths_stay_allowed_under_catalogues(settings, home_page, section):
    catalogue = new_catalogue(home_page)
    with_parents(settings, ["/sote/"])
    assert ServicePathPage.can_create_at(catalogue)
    assert not ServicePathPage.can_create_at(home_page)


def test_admin_add_view_refuses_a_parent_not_listed(
    settings, client, make_user, home_page, section
):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    with_parents(settings, ["/sote/"])
    client.force_login(make_user("superuser"))

    def add_url(parent):
        return reverse(
            "wagtailadmin_pages:add",
            args=["wagtail_hyte_activities", "activityindexpage", parent.pk],
        )

    data = nested_form_data({"title": "Tarjotin", "slug": "kielletty", "intro": rich_text("")})
    assert client.get(add_url(home_page)).status_code in (302, 403)
    assert client.post(add_url(home_page), data).status_code in (302, 403)
    assert not ActivityIndexPage.objects.filter(slug="kielletty").exists()
    # Not offered among the page types to add under the home page either.
    # (Only the home page type is left there, so Wagtail goes straight to it.)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk]))
    assert "activityindexpage" not in response.get("Location", "") + response.content.decode()
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[section.pk]))
    assert "activityindexpage" in response.content.decode()

    assert client.post(add_url(section), data).status_code == 302
    assert ActivityIndexPage.objects.child_of(section).filter(slug="kielletty").exists()


def test_move_and_copy_follow_the_setting(settings, make_user, home_page, section):
    catalogue = new_catalogue(home_page)
    other = home_page.add_child(instance=Page(title="Muut", slug="muut"))
    with_parents(settings, ["/sote/", "home.HomePage"])
    permissions = catalogue.permissions_for_user(make_user("superuser"))
    assert permissions.can_move_to(section)
    assert not permissions.can_move_to(other)
    assert permissions.can_copy_to(section)
    assert not permissions.can_copy_to(other)
    # Reordering under its present parent stays possible.
    assert permissions.can_move_to(home_page)


def test_admin_copy_and_move_views_refuse_a_parent_not_listed(
    settings, client, make_user, home_page, section
):
    catalogue = new_catalogue(home_page)
    other = home_page.add_child(instance=Page(title="Muut", slug="muut"))
    with_parents(settings, ["/sote/", "home.HomePage"])
    client.force_login(make_user("superuser"))

    def copy_to(parent, slug):
        return client.post(
            reverse("wagtailadmin_pages:copy", args=[catalogue.pk]),
            {"new_title": "Kopio", "new_slug": slug, "new_parent_page": parent.pk},
        )

    response = copy_to(other, "kopio-kielletty")
    assert response.status_code == 200 and response.context["form"].errors["new_parent_page"]
    assert not Page.objects.filter(slug="kopio-kielletty").exists()
    assert copy_to(section, "kopio-sallittu").status_code == 302
    assert ActivityIndexPage.objects.child_of(section).filter(slug="kopio-sallittu").exists()

    def move_to(parent):
        return client.post(
            reverse("wagtailadmin_pages:move_confirm", args=[catalogue.pk, parent.pk])
        )

    assert move_to(other).status_code in (302, 403)  # Wagtail's "permission denied"
    assert Page.objects.get(pk=catalogue.pk).get_parent().pk == home_page.pk
    assert move_to(section).status_code == 302
    assert Page.objects.get(pk=catalogue.pk).get_parent().pk == section.pk


def test_malformed_setting_is_a_system_check_error(settings):
    from wagtail_hyte.activities.models.index import check_catalogue_parent_pages

    assert check_catalogue_parent_pages(None) == []
    with_parents(settings, ["nosuchapp.Page"])
    assert [e.id for e in check_catalogue_parent_pages(None)] == ["hyte.E020"]
    with_parents(settings, "/sote/")
    assert [e.id for e in check_catalogue_parent_pages(None)] == ["hyte.E020"]
    with_parents(settings, ["auth.User"])
    assert [e.id for e in check_catalogue_parent_pages(None)] == ["hyte.E020"]


# Wagtail's own default groups (docs/roles.md)


def test_wagtail_default_groups_reach_activity_pages(make_user, make_activity):
    activity = make_activity()
    wagtail_editor = make_user()
    wagtail_editor.groups.add(Group.objects.get(name="Editors"))
    moderator = make_user()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    assert activity.permissions_for_user(wagtail_editor).can_edit()
    assert activity.permissions_for_user(moderator).can_publish()
