"""What the FHIR tests share (the referral world's fixtures come from
``tests/api/conftest.py``): the checks every FHIR answer passes.

``assert_valid(resource, client)`` validates a resource with the ``fhir.resources``
R4B model of its type (contained resources and Bundle entries included, which
the models validate as nested resources), then checks what the models do not:
the codes of the required value sets (the models accept any code), that every
contained resource is referenced (dom-3), and (given ``client``) that every
HYTE code a resource uses is in the CodeSystem its ``system`` URL serves and
every HYTE extension's URL serves its StructureDefinition.
"""

from __future__ import annotations

import json

from fhir.resources.R4B import get_fhir_model_class

from tests.referrals.conftest import CLIENT, CLIENT_NEEDLES

FHIR = "/api/fhir/"
BASE = "http://testserver/api/fhir/"
MEDIA_TYPE = "application/fhir+json"
PHONE = "+358407654321"  # CLIENT["phone"] as stored

#: Required value sets of the elements the interface fills (R4).
VALUE_SETS = {
    ("Task", "status"): {
        "draft",
        "requested",
        "received",
        "accepted",
        "rejected",
        "ready",
        "cancelled",
        "in-progress",
        "on-hold",
        "failed",
        "completed",
        "entered-in-error",
    },
    ("Task", "intent"): {
        "unknown",
        "proposal",
        "plan",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    },
    ("ServiceRequest", "status"): {
        "draft",
        "active",
        "on-hold",
        "revoked",
        "completed",
        "entered-in-error",
        "unknown",
    },
    ("ServiceRequest", "intent"): {
        "proposal",
        "plan",
        "directive",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    },
    ("Consent", "status"): {
        "draft",
        "proposed",
        "active",
        "rejected",
        "inactive",
        "entered-in-error",
    },
    ("Bundle", "type"): {
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    },
    ("CapabilityStatement", "status"): {"draft", "active", "retired", "unknown"},
    ("CapabilityStatement", "kind"): {"instance", "capability", "requirements"},
    ("OperationOutcome", "issue.severity"): {"fatal", "error", "warning", "information"},
}
ISSUE_TYPES = {
    "invalid",
    "structure",
    "required",
    "value",
    "invariant",
    "security",
    "login",
    "unknown",
    "expired",
    "forbidden",
    "suppressed",
    "processing",
    "not-supported",
    "duplicate",
    "multiple-matches",
    "not-found",
    "deleted",
    "too-long",
    "code-invalid",
    "extension",
    "too-costly",
    "business-rule",
    "conflict",
    "transient",
    "lock-error",
    "no-store",
    "exception",
    "timeout",
    "incomplete",
    "throttled",
    "informational",
}


def fhir_json(response) -> dict:
    """The body of a FHIR answer, after checking its media type."""
    assert response["Content-Type"].split(";")[0] == MEDIA_TYPE, response["Content-Type"]
    return json.loads(response.content)


def has_client_data(text: str) -> list[str]:
    lowered = text.lower()
    return [needle for needle in CLIENT_NEEDLES if needle in lowered]


def _value_sets(resource: dict) -> None:
    kind = resource["resourceType"]
    for (resource_type, path), allowed in VALUE_SETS.items():
        if resource_type != kind:
            continue
        if path == "issue.severity":
            values = [issue["severity"] for issue in resource["issue"]]
        else:
            values = [resource[path]] if path in resource else []
        for value in values:
            assert value in allowed, (kind, path, value)
    if kind == "OperationOutcome":
        assert resource["issue"]
        for issue in resource["issue"]:
            assert issue["code"] in ISSUE_TYPES, issue


def _objects(value):
    """Every JSON object in ``value``, nested ones included."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def _local_references(value) -> set[str]:
    return {
        obj["reference"][1:]
        for obj in _objects(value)
        if isinstance(obj.get("reference"), str) and obj["reference"].startswith("#")
    }


def _contained_referenced(resource: dict) -> None:
    contained = {item["id"] for item in resource.get("contained", [])}
    found = _local_references({k: v for k, v in resource.items() if k != "contained"})
    found |= _local_references(resource.get("contained", []))
    assert contained <= found, f"contained but not referenced: {contained - found}"
    assert found <= contained, f"referenced but not contained: {found - contained}"


def _served(url: str, client) -> dict:
    """The resource at one of this server's canonical URLs (a valid one)."""
    response = client.get(url.replace("http://testserver", ""))
    assert response.status_code == 200, url
    served = assert_valid(fhir_json(response))
    assert served["url"] == url
    return served


def _codes_resolve(resource: dict, client) -> None:
    systems: dict[str, set[str]] = {}
    for obj in _objects(resource):
        url = str(obj.get("system", ""))
        if not url.startswith(f"{BASE}CodeSystem/") or "code" not in obj:
            continue
        if url not in systems:
            systems[url] = {concept["code"] for concept in _served(url, client)["concept"]}
        assert obj["code"] in systems[url], obj


def _extensions_resolve(resource: dict, client) -> None:
    urls = {
        extension["url"]
        for obj in _objects(resource)
        for extension in obj.get("extension", [])
        if extension["url"].startswith(BASE)
    }
    for url in urls:
        assert _served(url, client)["resourceType"] == "StructureDefinition"


def assert_valid(resource: dict, client=None) -> dict:
    """``resource`` is valid R4B (see the module docstring); returns it."""
    model = get_fhir_model_class(resource["resourceType"])
    model.model_validate(resource)
    _value_sets(resource)
    if resource.get("contained"):
        _contained_referenced(resource)
    if resource["resourceType"] == "Bundle":
        for entry in resource.get("entry", []):
            assert_valid(entry["resource"], client)
    if client is not None:
        _codes_resolve(resource, client)
        _extensions_resolve(resource, client)
    return resource


def assert_outcome(response, status: int, code: str | None = None) -> dict:
    """An error answer: ``status``, a valid OperationOutcome, no client data."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = assert_valid(fhir_json(response))
    assert body["resourceType"] == "OperationOutcome"
    if code is not None:
        assert code in [issue["code"] for issue in body["issue"]], body
    assert not has_client_data(response.content.decode())
    return body


def refusal(response) -> None:
    """Not signed in: 401 (a token was asked for) or 403 (session only)."""
    assert response.status_code in (401, 403)
    assert_outcome(response, response.status_code)


__all__ = [
    "BASE",
    "CLIENT",
    "CLIENT_NEEDLES",
    "FHIR",
    "MEDIA_TYPE",
    "PHONE",
    "assert_outcome",
    "assert_valid",
    "fhir_json",
    "has_client_data",
    "refusal",
]
