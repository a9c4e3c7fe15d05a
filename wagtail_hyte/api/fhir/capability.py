"""What the FHIR interface offers: the ``CapabilityStatement`` (``GET metadata``)
and the ``OperationDefinition`` of ``ServiceRequest/{id}/$reveal``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wagtail_hyte import __version__
from wagtail_hyte.core.conf import hyte_settings

from .codes import CODE_SYSTEMS
from .extensions import EXTENSIONS

FHIR_VERSION = "4.0.1"
#: The date of this statement's content (change it with the content).
DATE = "2026-12-08"
REVEAL = "ServiceRequest-reveal"
SEARCH_PARAMETER = "http://hl7.org/fhir/SearchParameter/"


def _param(name: str, kind: str, documentation, definition: str = "") -> dict:
    param = {"name": name, "type": kind, "documentation": str(documentation)}
    if definition:
        param["definition"] = SEARCH_PARAMETER + definition
    return param


def _paging():
    return [
        _param("_count", "number", _("Resources per page (default 20, at most 100).")),
        _param("page", "number", _("The page of the results, from 1.")),
    ]


def _interactions(*codes: str) -> list[dict]:
    return [{"code": code} for code in codes]


def _resources(base: str) -> list[dict]:
    return [
        {
            "type": "ServiceRequest",
            "documentation": _(
                "A wellbeing referral. Without personal data; the receiving partner's "
                "staff get the client as a contained Patient with $reveal (ledgered)."
            ),
            "interaction": _interactions("read", "search-type"),
            "versioning": "no-version",
            "searchParam": [
                _param("_id", "token", _("The referral's reference."), "Resource-id"),
                _param(
                    "status",
                    "token",
                    _("active, completed or revoked; several separated by commas."),
                    "ServiceRequest-status",
                ),
                _param(
                    "performer",
                    "reference",
                    _("With the :identifier modifier: the partner's business ID."),
                    "ServiceRequest-performer",
                ),
                _param(
                    "authored",
                    "date",
                    _("When the referral was sent (eq, ne, lt, le, gt, ge; repeat for a range)."),
                    "ServiceRequest-authored",
                ),
                *_paging(),
            ],
            "operation": [
                {
                    "name": "reveal",
                    "definition": f"{base}OperationDefinition/{REVEAL}",
                    "documentation": _(
                        "POST: the referral with the client's contact details, for the "
                        "receiving partner's staff only; every call is a ledgered read."
                    ),
                }
            ],
        },
        {
            "type": "Task",
            "documentation": _(
                "A referral's progress. The partner reports it by updating the status "
                "(accepted, completed, failed, cancelled with a reason, rejected)."
            ),
            "interaction": _interactions("read", "search-type", "update"),
            "versioning": "no-version",
            "updateCreate": False,
            "conditionalUpdate": False,
            "searchParam": [
                _param("_id", "token", _("The referral's reference."), "Resource-id"),
                _param(
                    "status",
                    "token",
                    _("Task statuses; several separated by commas."),
                    "Task-status",
                ),
                _param("focus", "reference", _("ServiceRequest/<id>."), "Task-focus"),
                _param(
                    "owner",
                    "reference",
                    _("With the :identifier modifier: the partner's business ID."),
                    "Task-owner",
                ),
                _param(
                    "authored-on",
                    "date",
                    _("When the referral was sent (eq, ne, lt, le, gt, ge; repeat for a range)."),
                    "Task-authored-on",
                ),
                *_paging(),
            ],
        },
        {
            "type": "Consent",
            "documentation": _("The client's consent behind a referral (no personal data)."),
            "interaction": _interactions("read"),
            "versioning": "no-version",
        },
        {
            "type": "CodeSystem",
            "documentation": _("HYTE's own codes: %(names)s.") % {"names": ", ".join(CODE_SYSTEMS)},
            "interaction": _interactions("read"),
        },
        {
            "type": "StructureDefinition",
            "documentation": _("HYTE's own extensions: %(names)s.")
            % {"names": ", ".join(EXTENSIONS)},
            "interaction": _interactions("read"),
        },
        {
            "type": "OperationDefinition",
            "documentation": _("The definition of $reveal."),
            "interaction": _interactions("read"),
        },
    ]


def capability_statement(base: str) -> dict:
    controller = hyte_settings.CONTROLLER.get("name") or ""
    return {
        "resourceType": "CapabilityStatement",
        "id": "hyte",
        "url": f"{base}metadata",
        "name": "HyteReferrals",
        "title": _("HYTE wellbeing referrals"),
        "status": "active",
        "experimental": False,
        "date": DATE,
        "publisher": controller or "wagtail-hyte",
        "description": _(
            "Wellbeing referrals (hyvinvointilähete) as ServiceRequest, their progress as "
            "Task and the client's consent as Consent. A partner's system follows its "
            "referrals and reports the outcome by updating the Task."
        ),
        "kind": "instance",
        "software": {"name": "wagtail-hyte", "version": __version__},
        "implementation": {"description": controller or _("HYTE referrals"), "url": base},
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": _(
                    "Answers are application/fhir+json; errors are OperationOutcome."
                ),
                "security": {
                    "cors": False,
                    "description": _(
                        "Staff sign in with their admin session or an API token acting as "
                        "them; a token's scopes limit it (referrals:read, referrals:write, "
                        "referrals:reveal). Everyone sees exactly the referrals the admin "
                        "shows them."
                    ),
                },
                "resource": _resources(base),
            }
        ],
    }


def reveal_definition(base: str) -> dict:
    return {
        "resourceType": "OperationDefinition",
        "id": REVEAL,
        "url": f"{base}OperationDefinition/{REVEAL}",
        "name": "Reveal",
        "title": _("Reveal the client's contact details"),
        "status": "active",
        "kind": "operation",
        "date": DATE,
        "affectsState": True,
        "description": _(
            "The referral as a ServiceRequest with the client as a contained Patient and "
            "the client's notes. Only for the staff of the receiving partner, while the "
            "referral is open and its consent in force; every call is recorded in the "
            "ledger as a read of personal data, and every refusal as a refused read."
        ),
        "code": "reveal",
        "resource": ["ServiceRequest"],
        "system": False,
        "type": False,
        "instance": True,
        "parameter": [
            {
                "name": "return",
                "use": "out",
                "min": 1,
                "max": "1",
                "documentation": _("The ServiceRequest with the contained Patient."),
                "type": "ServiceRequest",
            }
        ],
    }
