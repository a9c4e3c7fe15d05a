"""HSDS /service_at_locations: an activity at each of its places, public pages only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.api.hsds_schema import fetch, fetch_error
from wagtail_hyte.activities.models import ActivityLocation, Theme
from wagtail_hyte.api.hsds import ids

pytestmark = pytest.mark.django_db

LIBRARY = {"name": "Kirjasto", "street_address": "Vapaudenkatu 39", "postal_code": "40100"}
HALL = {"name": "Liikuntahalli", "street_address": "Hippos 1", "postal_code": "40720"}


def _place(**fields):
    return {**fields, "municipality": "179"}


def test_list_and_detail(client, make_activity):
    page = make_activity("Tanssi", locations=[_place(**LIBRARY), _place(**HALL)])
    library, hall = page.locations.all()
    body = fetch(client, "service_at_locations")
    assert body["total_items"] == 2
    first = body["contents"][0]
    assert first["id"] == ids.of(library, "service_at_location")
    assert first["service_id"] == ids.of(page) == first["service"]["id"]
    assert first["location_id"] == ids.of(library) == first["location"]["id"]
    assert first["location"]["name"] == "Kirjasto"
    assert "addresses" not in first["location"]  # list items: one-to-one fields

    detail = fetch(client, "service_at_location", ids.of(hall, "service_at_location"))
    assert detail["location"]["addresses"][0]["address_1"] == "Hippos 1"
    assert detail["service"]["schedules"]
    assert "service_at_locations" not in detail["service"]


def test_filters_and_postcode(client, make_activity):
    make_activity("Tanssi", themes=("culture",), locations=[_place(**LIBRARY), _place(**HALL)])
    make_activity("Retki", themes=("nature",), locations=[_place(**HALL)])
    nature = ids.of(Theme.objects.get(slug="nature"))

    def places(**params):
        body = fetch(client, "service_at_locations", **params)
        return sorted((i["service"]["name"], i["location"]["name"]) for i in body["contents"])

    assert places(postcode="40720") == [("Retki", "Liikuntahalli"), ("Tanssi", "Liikuntahalli")]
    assert places(postcode="40720", taxonomy_term_id=nature) == [("Retki", "Liikuntahalli")]
    assert places(postcode="40100", taxonomy_term_id=nature) == []
    assert places(search="tanssi") == [("Tanssi", "Kirjasto"), ("Tanssi", "Liikuntahalli")]


def test_places_of_private_and_unpublished_pages_never_appear(client, make_activity):
    shown = make_activity("Avoin", locations=[_place(**LIBRARY)])
    private = make_activity("Yksityinen", locations=[_place(**HALL)])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    unpublished = make_activity("Piilossa", locations=[_place(**HALL)])
    unpublished.unpublish()
    body = fetch(client, "service_at_locations", full="true")
    assert [i["service_id"] for i in body["contents"]] == [ids.of(shown)]
    for page in (private, unpublished):
        location = ActivityLocation.objects.get(page=page)
        error = fetch_error(
            client, "service_at_location", 404, ids.of(location, "service_at_location")
        )
        assert error["code"] == "not_found"


def test_a_location_id_is_not_a_service_at_location_id(client, make_activity):
    page = make_activity("Tanssi", locations=[_place(**LIBRARY)])
    location = page.locations.get()
    assert fetch_error(client, "service_at_location", 404, ids.of(location))["code"] == "not_found"


def test_proximity_is_refused_by_name(client):
    error = fetch_error(client, "service_at_locations", 400, proximity="500")
    assert error["code"] == "validation_error"
    assert error["fields"]["proximity"][0]["code"] == "not_supported"


@pytest.mark.parametrize("full", ["false", "true"])
def test_queries_constant_in_the_number_of_places(
    client, make_activity, django_assert_num_queries, full
):
    def make(n):
        for i in range(n):
            make_activity(f"Ryhmä {i}", target_groups=("older-people",), locations=[_place(**HALL)])

    make(2)
    fetch(client, "service_at_locations", full=full)
    with CaptureQueriesContext(connection) as two:
        assert fetch(client, "service_at_locations", full=full)["size"] == 2
    make(18)
    with django_assert_num_queries(len(two)):
        assert fetch(client, "service_at_locations", full=full)["size"] == 20
