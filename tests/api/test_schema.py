"""The REST API v1's OpenAPI 3 schema (drf-spectacular) and its documentation page.

The schema is valid OpenAPI 3, covers exactly the v1 views, is made without
the site's own drf-spectacular settings, and its making warns about nothing in
the catalogue views; every catalogue response (errors included) is what the
schema says for its status. The documentation page is plain server-made HTML
with every endpoint, and no script or outside resource."""

import json
from datetime import time

import jsonschema
import pytest
import yaml
from django.urls import reverse
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.validation import validate_schema
from wagtail.models import PageViewRestriction

from wagtail_hyte.activities.models import ServicePathPage
from wagtail_hyte.api.v1.schema import generate_schema

pytestmark = pytest.mark.django_db

PREFIX = "/api/hyte/v1/"
CATALOGUE_PATHS = {
    f"{PREFIX}activities/",
    f"{PREFIX}activities/{{key}}/",
    f"{PREFIX}service-paths/",
    f"{PREFIX}service-paths/{{key}}/",
    f"{PREFIX}partners/",
    f"{PREFIX}partners/{{key}}/",
    f"{PREFIX}themes/",
    f"{PREFIX}themes/{{slug}}/",
    f"{PREFIX}target-groups/",
    f"{PREFIX}target-groups/{{slug}}/",
    f"{PREFIX}accessibility-features/",
    f"{PREFIX}accessibility-features/{{slug}}/",
    f"{PREFIX}municipalities/",
    f"{PREFIX}municipalities/{{code}}/",
}
CATALOGUE_MODULE = "wagtail_hyte/api/v1/catalogue/"


@pytest.fixture
def schema(client):
    response = client.get(reverse("hyte_api_v1:schema"))
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3_in_json_and_yaml(client, schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] and schema["info"]["version"]
    as_yaml = client.get(reverse("hyte_api_v1:schema"), {"format": "yaml"})
    assert as_yaml["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(as_yaml.content) == schema
    as_json = client.get(reverse("hyte_api_v1:schema"), {"format": "json"})
    assert as_json["Content-Type"].startswith("application/json")
    assert json.loads(as_json.content) == schema


def test_the_schema_covers_the_v1_views_only(schema):
    assert set(schema["paths"]) >= CATALOGUE_PATHS
    assert all(path.startswith(PREFIX) for path in schema["paths"])
    assert f"{PREFIX}schema/" not in schema["paths"]
    assert f"{PREFIX}docs/" not in schema["paths"]


def test_the_catalogue_operations_are_described(schema):
    for path in CATALOGUE_PATHS:
        operation = schema["paths"][path]["get"]
        assert set(schema["paths"][path]) == {"get"}, path
        assert operation["tags"] == ["catalogue"], path
        assert operation["summary"], path
        assert operation["security"] == [{}], path  # no authentication
        assert operation["responses"]["200"]["content"]["application/json"]["schema"]
        for status, reply in operation["responses"].items():
            if status != "200":
                assert reply["description"], (path, status)
                body = reply["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (path, status)
    parameters = {p["name"] for p in schema["paths"][f"{PREFIX}activities/"]["get"]["parameters"]}
    assert parameters >= {
        "q",
        "sort",
        "catalogue",
        "page",
        "page_size",
        "municipality",
        "theme",
        "target_group",
        "age",
        "free",
        "language",
        "format",
        "accessibility",
        "day",
        "time",
    }


def test_making_the_schema_warns_about_nothing_in_the_catalogue(capsys):
    generate_schema()
    printed = capsys.readouterr().err
    catalogue_lines = [
        line
        for line in printed.splitlines()
        if CATALOGUE_MODULE in line or "v1/schema.py" in line or "v1/docs.py" in line
    ]
    assert catalogue_lines == []


def test_the_sites_own_spectacular_settings_change_nothing(client, schema, monkeypatch):
    monkeypatch.setattr(spectacular_settings, "TITLE", "The site's own API", raising=False)
    monkeypatch.setattr(spectacular_settings, "CAMELIZE_NAMES", True, raising=False)
    monkeypatch.setattr(spectacular_settings, "SCHEMA_PATH_PREFIX_TRIM", True, raising=False)
    monkeypatch.setattr(spectacular_settings, "POSTPROCESSING_HOOKS", [], raising=False)
    again = client.get(reverse("hyte_api_v1:schema")).json()
    assert again == schema
    assert spectacular_settings.TITLE == "The site's own API"  # put back afterwards


def test_an_unknown_language_is_a_validation_error(client):
    response = client.get(reverse("hyte_api_v1:schema"), {"lang": "xx"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["lang"]
    assert client.get(reverse("hyte_api_v1:schema"), {"lang": "sv"}).status_code == 200


def test_the_schema_is_in_the_requests_language(client):
    english = client.get(reverse("hyte_api_v1:schema"), HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en"
    swedish = client.get(reverse("hyte_api_v1:schema"), {"lang": "sv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert swedish["Content-Language"] == "sv"


# --- every catalogue response is what the schema says -----------------------------------


def _json_schema(node):
    """OpenAPI 3.0's ``nullable`` as JSON Schema, and refs into the same document."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


def _validator(schema, path, status):
    reply = schema["paths"][path]["get"]["responses"][str(status)]
    document = {
        **_json_schema(reply["content"]["application/json"]["schema"]),
        "components": _json_schema(schema["components"]),
    }
    return jsonschema.Draft4Validator(document, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def everything(make_activity, make_partner, catalogue, world):
    from wagtail_hyte.activities.models import ActivityLeader, ActivityLocation
    from wagtail_hyte.core.models import Municipality

    walk = make_activity(
        "Luontokävely",
        target_groups=["older-people"],
        accessibility=["step-free"],
        weekly=[(0, time(10), time(11, 30))],
        locations=[
            {
                "name": "Kirjasto",
                "street_address": "Vapaudenkatu 39",
                "municipality": "179",
                "postal_code": "40100",
                "latitude": "62.242600",
                "longitude": "25.747300",
            }
        ],
        body=[("text", "<p>Tervetuloa.</p>"), ("quote", {"text": "Hyvä!", "attribution": ""})],
        min_age=60,
        cost_description="Ilmainen",
        registration_required=True,
        registration_email="ilmo@example.invalid",
    )
    ActivityLeader.objects.create(page=walk, title="ohjaaja")
    series = make_activity("Sarja", meetings=[walk.next_date, walk.next_date])
    ended = make_activity("Päättynyt", status="ended")
    private = make_activity("Salainen")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    path = ServicePathPage(
        title="Polku",
        slug="polku",
        intro="<p>Alku</p>",
        steps=[
            (
                "step",
                {
                    "title": "Ensin",
                    "client_action": "<p>Soita</p>",
                    "links": [{"page": walk, "label": ""}],
                },
            )
        ],
    )
    catalogue.add_child(instance=path)
    path.save_revision().publish()
    partner = make_partner("Profiili ry", website="https://profiili.example")
    partner.municipalities.set(Municipality.objects.filter(code="179"))
    assert ActivityLocation.objects.filter(page=walk).exists()
    return {"walk": walk, "series": series, "ended": ended, "path": path, "partner": partner}


def test_every_catalogue_response_is_what_the_schema_says(client, schema, everything, world):
    walk, partner = everything["walk"], everything["partner"]
    requests = [
        (f"{PREFIX}activities/", "activities/", {}),
        (f"{PREFIX}activities/", "activities/", {"q": "luonto", "free": "true", "age": "70"}),
        (f"{PREFIX}activities/", "activities/", {"referral": "true"}),
        (f"{PREFIX}activities/", "activities/", {"age": "x"}),
        (f"{PREFIX}activities/", "activities/", {"page": "9"}),
        (f"{PREFIX}activities/{{key}}/", f"activities/{walk.pk}/", {}),
        (f"{PREFIX}activities/{{key}}/", f"activities/{everything['series'].slug}/", {}),
        (f"{PREFIX}activities/{{key}}/", f"activities/{everything['ended'].pk}/", {}),
        (f"{PREFIX}activities/{{key}}/", f"activities/{world.activity.pk}/", {}),
        (f"{PREFIX}activities/{{key}}/", "activities/nothing/", {}),
        (f"{PREFIX}service-paths/", "service-paths/", {}),
        (f"{PREFIX}service-paths/", "service-paths/", {"catalogue": "0"}),
        (f"{PREFIX}service-paths/{{key}}/", "service-paths/polku/", {}),
        (f"{PREFIX}partners/", "partners/", {}),
        (f"{PREFIX}partners/{{key}}/", f"partners/{partner.slug}/", {}),
        (f"{PREFIX}partners/{{key}}/", "partners/999999/", {}),
        (f"{PREFIX}themes/", "themes/", {}),
        (f"{PREFIX}themes/{{slug}}/", "themes/nature/", {}),
        (f"{PREFIX}target-groups/", "target-groups/", {}),
        (f"{PREFIX}target-groups/{{slug}}/", "target-groups/older-people/", {}),
        (f"{PREFIX}accessibility-features/", "accessibility-features/", {}),
        (f"{PREFIX}accessibility-features/{{slug}}/", "accessibility-features/step-free/", {}),
        (f"{PREFIX}municipalities/", "municipalities/", {"page": "2"}),
        (f"{PREFIX}municipalities/{{code}}/", "municipalities/179/", {}),
        (f"{PREFIX}municipalities/{{code}}/", "municipalities/000/", {}),
    ]
    seen = set()
    for template, path, params in requests:
        response = client.get(PREFIX + path, params)
        status = response.status_code
        assert str(status) in schema["paths"][template]["get"]["responses"], (path, status)
        errors = list(_validator(schema, template, status).iter_errors(response.json()))
        assert errors == [], (path, params, [e.message for e in errors[:3]])
        seen.add((template, status))
    assert {template for template, _status in seen} == CATALOGUE_PATHS


# --- the documentation page ----------------------------------------------------------------


def test_the_documentation_page_shows_every_endpoint(client, schema, english):
    response = client.get(reverse("hyte_api_v1:docs"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<h1 id="hyte-api-docs-title">{schema["info"]["title"]}</h1>' in html
    for path, item in schema["paths"].items():
        assert f"<code>{path}</code>" in html
        for operation in item.values():
            assert f'id="op-{operation["operationId"]}"' in html
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert 'href="/api/hyte/v1/schema/?format=json"' in html
    assert 'href="/api/hyte/v1/schema/?format=yaml"' in html
    assert "<caption>Parameters" in html and "<caption>Responses" in html
    assert '<th scope="col">Status</th>' in html


def test_the_documentation_page_needs_no_script_and_nothing_from_outside(client):
    html = client.get(reverse("hyte_api_v1:docs")).content.decode()
    assert "<script" not in html
    assert "cdn." not in html and 'src="http' not in html and "@import" not in html
    assert 'class="skip-link"' in html  # inside the site's own base template


def test_the_documentation_page_makes_the_schema_once_a_minute_per_language(client, monkeypatch):
    from wagtail_hyte.api.v1 import docs

    made = []
    monkeypatch.setattr(docs, "generate_schema", lambda: made.append(1) or generate_schema())
    for _ in range(3):
        assert client.get(reverse("hyte_api_v1:docs")).status_code == 200
    assert len(made) == 1
    response = client.get(reverse("hyte_api_v1:docs"), HTTP_ACCEPT_LANGUAGE="sv")
    assert response["Content-Language"] == "sv"
    assert len(made) == 2  # one schema per language


def test_the_documentation_page_is_in_the_requests_language(client):
    """Also where the site's URLs without a language prefix are in its default (fi)."""
    response = client.get(reverse("hyte_api_v1:docs"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'id="hyte-api-docs-toc">Contents</h2>' in html


def test_no_api_view_describes_a_method_with_its_own_extend_schema():
    """A method-level ``@extend_schema`` builds on the site's DEFAULT_SCHEMA_CLASS
    (DRF's own where the site never set it), which cannot make an OpenAPI 3
    operation: views use class-level ``@extend_schema(methods=[...])`` only."""
    import ast
    from pathlib import Path

    import wagtail_hyte.api

    found = []
    for path in Path(wagtail_hyte.api.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if not isinstance(item, ast.FunctionDef):
                    continue
                for decorator in item.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if getattr(target, "id", getattr(target, "attr", "")) == "extend_schema":
                        found.append(f"{path.name}:{node.name}.{item.name}")
    assert not found, found


def test_every_operation_documents_the_errors_it_can_answer(client):
    schema = client.get("/api/hyte/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = set(operation["responses"])
            assert {"406", "429"} <= responses, (method, path)
            if any(operation.get("security", [])):
                assert {"401", "403"} <= responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
