"""HYTE's own FHIR extensions: what R4's Consent has no element for. Each is
served as a ``StructureDefinition`` at ``<base>StructureDefinition/<name>``,
which is also its canonical URL."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import codes

FHIR_VERSION = "4.0.1"

#: name -> (title, description, the element it extends, the code system of its value).
EXTENSIONS = {
    "collection-method": (
        _("How consent was given"),
        _("How the client gave the consent: verbally, in writing or electronically."),
        "Consent",
        "consent-collection-method",
    ),
    "withdrawal-method": (
        _("How consent was withdrawn"),
        _("How the client withdrew the consent: verbally, in writing or electronically."),
        "Consent",
        "consent-collection-method",
    ),
}


def url(base: str, name: str) -> str:
    if name not in EXTENSIONS:
        raise KeyError(name)
    return f"{base}StructureDefinition/{name}"


def extension(base: str, name: str, code: str) -> dict:
    """The extension ``name`` with a code of its code system as its value."""
    system = EXTENSIONS[name][3]
    return {"url": url(base, name), "valueCoding": codes.coding(base, system, code)}


def structure_definition(base: str, name: str) -> dict:
    title, description, context, system = EXTENSIONS[name]
    canonical = url(base, name)
    value = gettext("A code of %(system)s") % {"system": codes.system(base, system)}
    return {
        "resourceType": "StructureDefinition",
        "id": name,
        "url": canonical,
        "name": "".join(part.capitalize() for part in name.split("-")),
        "title": str(title),
        "status": "active",
        "description": str(description),
        "fhirVersion": FHIR_VERSION,
        "kind": "complex-type",
        "abstract": False,
        "context": [{"type": "element", "expression": context}],
        "type": "Extension",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
        "derivation": "constraint",
        "differential": {
            "element": [
                {
                    "id": "Extension",
                    "path": "Extension",
                    "short": str(title),
                    "definition": str(description),
                    "min": 0,
                    "max": "1",
                },
                {"id": "Extension.extension", "path": "Extension.extension", "max": "0"},
                {"id": "Extension.url", "path": "Extension.url", "fixedUri": canonical},
                {
                    "id": "Extension.value[x]",
                    "path": "Extension.value[x]",
                    "short": value,
                    "min": 1,
                    "type": [{"code": "Coding"}],
                },
            ]
        },
    }
