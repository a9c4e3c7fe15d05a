"""hyte_setup_roles creates the five groups with exactly their permissions, idempotently."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from wagtail_hyte.core.roles import GROUP_NAMES, role_permissions

pytestmark = pytest.mark.django_db

EXPECTED_FOUNDATION = {
    "HYTE editors": {
        "wagtailadmin.access_admin",
        "wagtail_hyte_partners.view_partner",
        "wagtail_hyte_partners.view_all_partners",
    },
    "HYTE professionals": {"wagtailadmin.access_admin"},
    "HYTE partner staff": {
        "wagtailadmin.access_admin",
        "wagtail_hyte_partners.view_partner",
        "wagtail_hyte_partners.change_partner",
        "wagtail_hyte_partners.view_partnermembership",
    },
    "HYTE coordinators": {
        "wagtailadmin.access_admin",
        "wagtail_hyte_partners.add_partner",
        "wagtail_hyte_partners.change_partner",
        "wagtail_hyte_partners.delete_partner",
        "wagtail_hyte_partners.view_partner",
        "wagtail_hyte_partners.view_all_partners",
        "wagtail_hyte_partners.add_partnermembership",
        "wagtail_hyte_partners.change_partnermembership",
        "wagtail_hyte_partners.delete_partnermembership",
        "wagtail_hyte_partners.view_partnermembership",
    },
    "HYTE auditors": {
        "wagtailadmin.access_admin",
        "wagtail_hyte_partners.view_partner",
        "wagtail_hyte_partners.view_partnermembership",
        "wagtail_hyte_partners.view_all_partners",
    },
}


def group_perms(name):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=name).permissions.select_related("content_type")
    }


def test_creates_the_five_groups():
    call_command("hyte_setup_roles", stdout=StringIO())
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values())


def test_each_group_gets_exactly_its_permissions():
    call_command("hyte_setup_roles", stdout=StringIO())
    wanted = role_permissions()
    for role, name in GROUP_NAMES.items():
        assert group_perms(name) == wanted[role]


def test_foundation_permissions_are_as_documented():
    call_command("hyte_setup_roles", stdout=StringIO())
    for name, expected in EXPECTED_FOUNDATION.items():
        partner_and_admin = {
            p
            for p in group_perms(name)
            if p.startswith(("wagtailadmin.", "wagtail_hyte_partners."))
        }
        assert partner_and_admin == expected, name


def test_running_twice_changes_nothing():
    call_command("hyte_setup_roles", stdout=StringIO())
    before = {name: group_perms(name) for name in GROUP_NAMES.values()}
    out = StringIO()
    call_command("hyte_setup_roles", stdout=out)
    after = {name: group_perms(name) for name in GROUP_NAMES.values()}
    assert before == after
    assert Group.objects.filter(name__in=GROUP_NAMES.values()).count() == 5
    assert "0 added" in out.getvalue()


def test_extra_permissions_are_kept_unless_pruned():
    call_command("hyte_setup_roles", stdout=StringIO())
    group = Group.objects.get(name="HYTE professionals")
    extra = Permission.objects.get(codename="add_partner")
    group.permissions.add(extra)
    out = StringIO()
    call_command("hyte_setup_roles", stdout=out)
    assert extra in group.permissions.all()
    assert "extra kept" in out.getvalue()
    call_command("hyte_setup_roles", "--prune", stdout=StringIO())
    assert extra not in group.permissions.all()
    assert group_perms("HYTE professionals") == role_permissions()["professional"]
