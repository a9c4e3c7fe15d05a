"""HSDS /organizations and /organizations/{id}: active partners and only their public services."""

import pytest
from wagtail.models import PageViewRestriction

from tests.api.hsds_schema import fetch, fetch_error
from wagtail_hyte.api.hsds import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def latu(make_partner):
    return make_partner(
        "Keski-Suomen Latu ry",
        business_id="1234567-1",
        website="https://latu.example.org/",
        email="info@latu.example.org",
        phone="+358401234567",
        description='<p>Ulkoilua <a href="https://latu.example.org/">kaikille</a>.</p>',
    )


def test_list_and_detail(client, latu, make_partner, make_activity, english):
    make_partner("Hidden ry", active=False)
    service = make_activity("Hiihtokoulu", organiser=latu)
    body = fetch(client, "organizations")
    assert body["total_items"] == 1
    (item,) = body["contents"]
    assert item == {
        "id": ids.of(latu),
        "name": "Keski-Suomen Latu ry",
        "description": "Ulkoilua kaikille.",
        "email": "info@latu.example.org",
        "website": "https://latu.example.org/",
        "legal_status": "Association",
    }

    organization = fetch(client, "organization", ids.of(latu))
    assert organization["phones"][0]["number"] == "+358401234567"
    (identifier,) = organization["organization_identifiers"]
    assert identifier["identifier"] == "1234567-1"
    assert identifier["identifier_scheme"] == "FI-PRO"
    assert identifier["identifier_type"] == "Finnish business ID (Y-tunnus)"
    assert [s["id"] for s in organization["services"]] == [ids.of(service)]
    assert "schedules" not in organization["services"][0]

    nested = fetch(client, "organization", ids.of(latu), full_service="true")
    assert nested["services"][0]["schedules"]


def test_inactive_partner_is_hidden_everywhere(client, make_partner, make_activity):
    hidden = make_partner("Hidden ry", active=False)
    page = make_activity("Ryhmä", organiser=hidden)
    assert fetch_error(client, "organization", 404, ids.of(hidden))["code"] == "not_found"
    (item,) = fetch(client, "services")["contents"]
    assert item["id"] == ids.of(page)
    assert "organization_id" not in item and "organization" not in item
    assert fetch(client, "services", organization_id=ids.of(hidden))["total_items"] == 0


def test_services_of_an_organization_are_public_ones_only(client, latu, make_activity):
    shown = make_activity("Avoin", organiser=latu)
    private = make_activity("Yksityinen", organiser=latu)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_activity("Luonnos", organiser=latu, publish=False, live=False)
    for params in ({}, {"full_service": "true"}):
        organization = fetch(client, "organization", ids.of(latu), **params)
        assert [s["id"] for s in organization["services"]] == [ids.of(shown)]
    body = fetch(client, "organizations", full="true", full_service="true")
    assert [s["id"] for s in body["contents"][0]["services"]] == [ids.of(shown)]


def test_search_by_name_and_business_id(client, latu, make_partner):
    make_partner("Seurakunta", kind="parish", business_id="7654321-6")

    def names(text):
        return [item["name"] for item in fetch(client, "organizations", search=text)["contents"]]

    assert names("latu") == ["Keski-Suomen Latu ry"]
    assert names("seurakunta") == ["Seurakunta"]
    assert names("olematon") == []


def test_full_list_costs_the_same_queries_for_2_and_20(
    client, make_partner, make_activity, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for i in range(n):
            make_activity(f"Ryhmä {i}", organiser=make_partner(business_id=""))

    make(2)
    fetch(client, "organizations", full="true")
    with CaptureQueriesContext(connection) as two:
        assert fetch(client, "organizations", full="true")["size"] == 2
    make(18)
    with django_assert_num_queries(len(two)):
        assert fetch(client, "organizations", full="true")["size"] == 20


def test_unknown_id_is_404(client, latu):
    for value in ("x", ids.make("wagtail_hyte_partners.partner", latu.pk + 99)):
        assert fetch_error(client, "organization", 404, value)["code"] == "not_found"
