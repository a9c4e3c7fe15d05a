"""Validating HSDS responses against the official HSDS 3.0 schemas vendored here.

``openapi.json``'s response schema of each path (the page object with its
``contents`` items, or the object itself) is the schema of a response; its
references to the compiled schemas and to ``taxonomy.json`` /
``taxonomy_term.json`` (by their ``raw.githubusercontent.com`` addresses)
resolve to the vendored copies through a ``referencing`` registry. JSON
Schema draft 2020-12 (the ``jsonSchemaDialect`` of openapi.json), with format
checking on (uuid, uri, email, date-time, date). See README.md.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

from django.urls import reverse
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "schema"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
FILES = (
    "openapi.json",
    "taxonomy.json",
    "taxonomy_term.json",
    "metadata.json",
    "compiled/service.json",
    "compiled/service_list.json",
    "compiled/organization.json",
    "compiled/organization_list.json",
    "compiled/service_at_location.json",
    "compiled/service_at_location_list.json",
)
FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER

# URL names of wagtail_hyte.api.hsds.urls -> the path in openapi.json.
ENDPOINTS = {
    "root": "/",
    "services": "/services",
    "service": "/services/{id}",
    "organizations": "/organizations",
    "organization": "/organizations/{id}",
    "taxonomies": "/taxonomies",
    "taxonomy": "/taxonomies/{id}",
    "taxonomy_terms": "/taxonomy_terms",
    "taxonomy_term": "/taxonomy_terms/{id}",
    "service_at_locations": "/service_at_locations",
    "service_at_location": "/service_at_locations/{id}",
}
# openapi.json names compiled/service.json for this path, but the endpoint returns
# a service_at_location (README.md).
OVERRIDES = {"/service_at_locations/{id}": BASE + "compiled/service_at_location.json"}
# With full=true a list's items are fully nested: each is also one of these.
FULL_ITEMS = {
    "services": "compiled/service.json",
    "organizations": "compiled/organization.json",
    "service_at_locations": "compiled/service_at_location.json",
}


def _read(path: Path) -> str:
    """A vendored file; the three large compiled ones are kept gzipped (``.json.gz``)."""
    if not path.exists():
        return gzip.decompress(path.with_name(path.name + ".gz").read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


@cache
def registry() -> Registry:
    resources = []
    for name in FILES:
        contents = json.loads(_read(SCHEMA_DIR / name))
        resources.append((BASE + name, Resource(contents, specification=DRAFT202012)))
    return Registry().with_resources(resources)


def _pointer(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def _response_ref(path: str) -> str:
    if path in OVERRIDES:
        return OVERRIDES[path]
    pointer = f"/paths/{_pointer(path)}/get/responses/200/content/application~1json/schema"
    return f"{BASE}openapi.json#{pointer}"


@cache
def validator_for(ref: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": ref}, registry=registry(), format_checker=FORMAT_CHECKER)


def errors(ref: str, body) -> list[str]:
    found = sorted(validator_for(ref).iter_errors(body), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in found]


def assert_valid(name: str, body, *, full: bool = False) -> None:
    """``body`` of the endpoint named ``name`` is valid (with ``full``: so is each
    list item as a fully nested object)."""
    problems = errors(_response_ref(ENDPOINTS[name]), body)
    if full:
        for n, item in enumerate(body["contents"]):
            problems += [f"contents/{n}/{p}" for p in errors(BASE + FULL_ITEMS[name], item)]
    assert not problems, "\n".join(problems[:20])


def url(name: str, id: str | None = None) -> str:
    return reverse(f"hyte_hsds:{name}", kwargs={"id": id} if id else None)


def fetch(client, name: str, id: str | None = None, **params):
    """GET the endpoint ``name`` (200 expected) and return its body, validated."""
    response = client.get(url(name, id), params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert_valid(name, body, full=str(params.get("full", "")).lower() == "true")
    return body


def fetch_error(client, name: str, status: int, id: str | None = None, **params) -> dict:
    """GET the endpoint ``name`` expecting an error ``status`` in the API's JSON error shape."""
    response = client.get(url(name, id), params)
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]
