"""The demo catalogue covers what the issue asks for, and loads idempotently."""

from importlib import import_module
from io import StringIO

import pytest
from django.core.management import call_command

from wagtail_hyte.activities.choices import ActivityFormat, ScheduleType
from wagtail_hyte.activities.models import (
    ActivityFacet,
    ActivityPage,
    ServicePathPage,
    TargetGroup,
    Theme,
)

pytestmark = pytest.mark.django_db


def load_catalogue_steps():
    """The demo steps the catalogue needs (users, partners, activities), as
    hyte_load_demo runs them; the other features' steps are tested with them."""
    from demo.context import DemoContext
    from demo.steps import STEPS

    call_command("hyte_setup_roles", stdout=StringIO())
    context = DemoContext(stdout=StringIO(), password="pw-demo")
    for step in ("demo.data.users", "demo.data.partners", "demo.data.activities"):
        assert step in STEPS
        import_module(step).load(context)
    return context


def test_demo_catalogue(home_page, client):
    load_catalogue_steps()
    count = ActivityPage.objects.count()
    load_catalogue_steps()  # idempotent
    assert ActivityPage.objects.count() == count
    pages = ActivityPage.objects.live()
    assert pages.count() >= 60
    codes = set(ActivityFacet.objects.filter(facet="municipality").values_list("value", flat=True))
    assert len(codes) >= 10
    assert set(Theme.objects.values_list("slug", flat=True)) <= set(
        ActivityFacet.objects.filter(facet="theme").values_list("value", flat=True)
    )
    assert set(TargetGroup.objects.values_list("slug", flat=True)) <= set(
        ActivityFacet.objects.filter(facet="target_group").values_list("value", flat=True)
    )
    assert set(pages.values_list("format", flat=True)) == set(ActivityFormat.values)
    assert set(pages.values_list("schedule_type", flat=True)) == set(ScheduleType.values)
    assert pages.values("organiser").distinct().count() == 10
    group = pages.get(title__startswith="Helposti lähelläsi", municipalities__code="179")
    assert (group.min_age, group.group_size_min, group.group_size_max) == (70, 6, 8)
    assert group.meetings.count() == 5
    assert {leader.organisation_kind for leader in group.leaders.all()} >= {
        "welfare_area",
        "municipality",
        "association",
        "school",
        "kela",
    }
    for title in ("Liikuntaneuvonta", "Kulttuurikaveri", "vertaisryhmä", "Digituki"):
        assert pages.filter(title__icontains=title).exists()
    assert ServicePathPage.objects.live().count() >= 3
    assert pages.filter(status="ended").exists()
    index = group.get_parent()
    assert client.get(index.url).status_code == 200
