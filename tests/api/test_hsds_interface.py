"""What every HSDS endpoint shares: the root document, paging, errors, CORS, throttling,
the schema checks themselves, and that nothing personal or staff-only is published."""

import json

import pytest
from django.urls import reverse

from tests.api.hsds_schema import ENDPOINTS, errors, fetch, fetch_error, url
from tests.referrals.conftest import CLIENT_NEEDLES
from wagtail_hyte.api.hsds import ids
from wagtail_hyte.api.hsds.views import OPENAPI_URL

pytestmark = pytest.mark.django_db

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def test_root_document(client):
    body = fetch(client, "root")
    assert body == {
        "version": "3.0",
        "profile": "https://docs.openreferral.org/en/v3.0/",
        "openapi_url": OPENAPI_URL,
    }
    assert OPENAPI_URL == SCHEMA_BASE + "openapi.json"
    assert reverse("hyte_hsds:root") == "/api/hsds/"


def test_the_schema_checks_formats_and_required_fields():
    service = {"id": "ac148810-d857-441c-9679-408f346de14b", "name": "S", "status": "active"}
    ref = SCHEMA_BASE + "compiled/service.json"
    assert errors(ref, service) == []
    assert errors(ref, {**service, "id": "not-a-uuid"})
    assert errors(ref, {**service, "url": "not a uri"})
    assert errors(ref, {**service, "email": "nobody"})
    assert errors(ref, {**service, "last_modified": "yesterday"})
    assert errors(ref, {**service, "status": "open"})
    assert errors(ref, {"id": service["id"], "name": "S"})  # status is required
    page = {"total_items": "1", "contents": []}
    assert errors(
        f"{SCHEMA_BASE}openapi.json#/paths/~1services/get/responses/200/content/"
        "application~1json/schema",
        page,
    )


@pytest.fixture
def three(make_activity):
    return [make_activity(f"Ryhmä {n}") for n in range(3)]


def test_pages_and_their_edges(client, three):
    first = fetch(client, "services", per_page=2)
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    last = fetch(client, "services", per_page=2, page=2)
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    assert {i["id"] for i in first["contents"] + last["contents"]} == {ids.of(p) for p in three}

    beyond = fetch(client, "services", per_page=2, page=9)
    assert beyond["contents"] == [] and beyond["empty"] is True
    assert (beyond["page_number"], beyond["total_pages"], beyond["last_page"]) == (9, 2, True)

    capped = fetch(client, "services", per_page=100_000)
    assert capped["size"] == 3 and capped["total_pages"] == 1


def test_an_empty_result(client, catalogue):
    body = fetch(client, "services")
    assert body["total_items"] == 0 and body["total_pages"] == 0
    assert body["empty"] is True and body["first_page"] and body["last_page"]


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"page": "abc"}, "page", "invalid"),
        ({"page": "0"}, "page", "min_value"),
        ({"page": "-1"}, "page", "min_value"),
        ({"per_page": "0"}, "per_page", "min_value"),
        ({"per_page": "2.5"}, "per_page", "invalid"),
        ({"minimal": "maybe"}, "minimal", "invalid"),
        ({"taxonomy_term_id": "nature"}, "taxonomy_term_id", "invalid"),
        ({"modified_after": "last week"}, "modified_after", "invalid"),
        ({"format": "ndjson"}, "format", "invalid_choice"),
    ],
)
def test_bad_parameters_are_json_errors_naming_them(client, params, field, code, english):
    error = fetch_error(client, "services", 400, **params)
    assert error["code"] == "validation_error"
    assert error["message"] == "The request has errors; see the fields."
    assert error["fields"][field][0]["code"] == code


def test_bad_page_on_every_list(client, taxonomies):
    for name in ("organizations", "taxonomies", "taxonomy_terms", "service_at_locations"):
        error = fetch_error(client, name, 400, page="x")
        assert error["fields"]["page"][0]["code"] == "invalid"


def test_json_whatever_the_accept_header(client, three):
    response = client.get(url("services"), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert fetch(client, "services", format="json")["total_items"] == 3


def test_open_cors_on_answers_and_errors(client, three):
    for response in (
        client.get(url("services"), HTTP_ORIGIN="https://elsewhere.example"),
        client.get(url("service", "x"), HTTP_ORIGIN="https://elsewhere.example"),
        client.get(url("services"), {"page": "x"}),
    ):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response


def test_head_answers_as_get(client, three):
    response = client.head(url("services"))
    assert response.status_code == 200 and response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"


def test_preflight_for_get(client):
    response = client.options(
        url("services"),
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept-language, x-requested-with",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "accept-language, x-requested-with"
    assert int(response["Access-Control-Max-Age"]) > 0


def test_read_only(client, three):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            url("services"), data="{}", content_type="application/json"
        )
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"


def test_no_session_needed_and_none_used(client, three, make_user):
    client.force_login(make_user("coordinator"))
    as_staff = fetch(client, "services")
    client.logout()
    assert fetch(client, "services") == as_staff


def test_throttled_per_client_address(client, settings, catalogue):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "API_PUBLIC_THROTTLE_RATE": "2/minute"}
    for _ in range(2):
        fetch(client, "root")
    error = fetch_error(client, "root", 429)
    assert error["code"] == "throttled"
    response = client.get(url("root"))
    assert response["Access-Control-Allow-Origin"] == "*" and int(response["Retry-After"]) > 0


def test_no_personal_data_or_staff_only_fields(client, world, refer, make_user):
    """Nothing of referrals, clients, agreements' own fields or staff appears anywhere."""
    referral = refer()
    world.agreement.notes = "Sisäinen muistiinpano-kanari 7781"
    world.agreement.save()
    world.activity.locations.create(
        name="Sali", municipality_id=world.activity.municipalities.first().pk
    )
    bodies = []
    for name, path in ENDPOINTS.items():
        if "{id}" in path:
            continue
        body = (
            fetch(client, name, full="true")
            if name
            in (
                "services",
                "organizations",
                "service_at_locations",
            )
            else fetch(client, name)
        )
        bodies.append(body)
        for item in body.get("contents", []):
            detail = {
                "services": "service",
                "organizations": "organization",
                "service_at_locations": "service_at_location",
                "taxonomies": "taxonomy",
                "taxonomy_terms": "taxonomy_term",
            }[name]
            bodies.append(fetch(client, detail, item["id"]))
    text = json.dumps(bodies, ensure_ascii=False).casefold()
    assert ids.of(world.activity) in text and world.partner.name.casefold() in text
    needles = [
        *CLIENT_NEEDLES,
        str(referral.reference),
        world.agreement.reference_number,
        "muistiinpano-kanari",
        "@partner.invalid",  # the agreement's notification addresses
        world.staff.username,
        world.professional.username,
        "@example.invalid",  # staff accounts' emails
    ]
    for needle in needles:
        assert needle.casefold() not in text, needle
    keys = set()

    def collect(value):
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(bodies)
    assert not {k for k in keys if "referral" in k or "agreement" in k or "consent" in k}
