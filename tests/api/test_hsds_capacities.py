"""HSDS 3.1-style capacities: the referral quota of a service, from the agreements' own figures."""

import pytest

from tests.api.hsds_schema import FORMAT_CHECKER, fetch
from wagtail_hyte.agreements import intake
from wagtail_hyte.agreements.services import quota_status
from wagtail_hyte.api.hsds import ids

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _capacities_on(settings):
    """The welfare area has chosen to publish its quotas (off by default)."""
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "HSDS_CAPACITIES": True}


def test_capacities_are_off_by_default():
    from wagtail_hyte.core.conf import DEFAULTS

    assert DEFAULTS["HSDS_CAPACITIES"] is False


# HSDS 3.1 service_capacity.json: required id, unit (id, name), available, updated.
CAPACITY_FIELDS = {"id", "service_id", "unit", "available", "maximum", "description", "updated"}


def capacities(client, page):
    return fetch(client, "service", ids.of(page))["capacities"]


def assert_capacity_shape(capacity, page):
    assert set(capacity) == CAPACITY_FIELDS
    assert capacity["service_id"] == ids.of(page)
    assert set(capacity["unit"]) == {"id", "name"}
    for value, format in (
        (capacity["id"], "uuid"),
        (capacity["unit"]["id"], "uuid"),
        (capacity["updated"], "date-time"),
    ):
        assert FORMAT_CHECKER.conforms(value, format)


def test_maximum_is_the_quota_and_available_what_is_left(client, world, refer, english):
    (capacity,) = capacities(client, world.activity)
    assert_capacity_shape(capacity, world.activity)
    assert capacity["maximum"] == world.agreement.quota == 5
    assert capacity["available"] == 5
    assert capacity["unit"]["name"] == "referral"

    refer()
    refer()
    (capacity,) = capacities(client, world.activity)
    assert capacity["available"] == quota_status(world.agreement).remaining == 3
    # The same figure in a full list, on each of its services.
    (item,) = fetch(client, "services", full="true")["contents"]
    assert item["capacities"] == [dict(capacity, updated=item["capacities"][0]["updated"])]


def test_paused_intake_has_nothing_available(client, world, english):
    intake.pause_intake(
        world.partner, user=world.staff, reason="group_full", activity=world.activity
    )
    (capacity,) = capacities(client, world.activity)
    assert capacity["available"] == 0 and capacity["maximum"] == 5
    assert "The group is full" in capacity["description"]


def test_activity_without_agreement_has_no_capacity(client, world, make_activity):
    other = make_activity("Ilman sopimusta", organiser=world.other_partner)
    assert capacities(client, other) == []


def test_setting_off_publishes_no_capacities(client, world, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "HSDS_CAPACITIES": False}
    assert "capacities" not in fetch(client, "service", ids.of(world.activity))
    (item,) = fetch(client, "services", full="true")["contents"]
    assert "capacities" not in item


def test_no_capacities_while_referrals_cannot_be_made(client, world):
    from wagtail_hyte.ledger.models import ConsentNotice

    ConsentNotice.objects.all().delete()
    assert "capacities" not in fetch(client, "service", ids.of(world.activity))
