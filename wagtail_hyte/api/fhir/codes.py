"""The code systems of the FHIR interface: HL7's and this installation's own.

HYTE's own codes (referral statuses, cancellation reasons, personal-data
categories, ...) are the codes the apps store; each code system is served as a
``CodeSystem`` resource at ``<base>CodeSystem/<name>``, which is also its
canonical URL, so every ``system`` a response names can be read back.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.ledger.contact import DATA_CATEGORIES
from wagtail_hyte.ledger.display import purpose_label
from wagtail_hyte.ledger.models import CollectionMethod, LawfulBasis
from wagtail_hyte.referrals import purposes
from wagtail_hyte.referrals.models import CancellationReason, ReferralStatus

# HL7 and other published systems.
URI = "urn:ietf:rfc:3986"
TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
BCP47 = "urn:ietf:bcp:47"

#: The statusReason code of a referral whose consent was withdrawn.
CONSENT_WITHDRAWN = "consent_withdrawn"
#: The ``Task.input`` type that carries how the client withdrew consent.
WITHDRAWAL_METHOD = "withdrawal-method"


def _choices(choices) -> list[tuple[str, object]]:
    return [(code, label) for code, label in choices]


def _purposes() -> list[tuple[str, object]]:
    return [(purposes.REFERRAL, purpose_label(purposes.REFERRAL) or purposes.REFERRAL)]


#: name -> (title, description, function giving the concepts as (code, label)).
CODE_SYSTEMS = {
    "referral-status": (
        _("Referral status"),
        _("The status of a wellbeing referral in HYTE (Task.businessStatus)."),
        lambda: _choices(ReferralStatus.choices),
    ),
    "referral-status-reason": (
        _("Why a referral closed"),
        _("The partner's reason for cancelling a referral, or the client's withdrawal of consent."),
        lambda: [
            *_choices(CancellationReason.choices),
            (CONSENT_WITHDRAWN, _("The client withdrew consent")),
        ],
    ),
    "consent-purpose": (
        _("Consent purpose"),
        _("What the client's contact details are passed to the partner for."),
        _purposes,
    ),
    "consent-data-category": (
        _("Personal data category"),
        _("The categories of the client's personal data a consent covers."),
        lambda: list(DATA_CATEGORIES.items()),
    ),
    "consent-collection-method": (
        _("How consent was given or withdrawn"),
        _("How the client gave or withdrew consent."),
        lambda: _choices(CollectionMethod.choices),
    ),
    "consent-lawful-basis": (
        _("Lawful basis"),
        _("The lawful basis of processing the client's contact details."),
        lambda: _choices(LawfulBasis.choices),
    ),
    "task-input": (
        _("Task inputs"),
        _("Inputs a Task update may carry."),
        lambda: [(WITHDRAWAL_METHOD, _("How the client withdrew consent"))],
    ),
}


def system(base: str, name: str) -> str:
    """The canonical URL of HYTE's code system ``name`` under the FHIR base URL."""
    if name not in CODE_SYSTEMS:
        raise KeyError(name)
    return f"{base}CodeSystem/{name}"


def label(name: str, code: str) -> str:
    return str(dict(CODE_SYSTEMS[name][2]()).get(code, code))


def coding(base: str, name: str, code: str) -> dict:
    return {"system": system(base, name), "code": code, "display": label(name, code)}


def concept(base: str, name: str, code: str) -> dict:
    """A CodeableConcept of one HYTE code, with its label as the text."""
    return {"coding": [coding(base, name, code)], "text": label(name, code)}


def code_system(base: str, name: str) -> dict:
    """The ``CodeSystem`` resource of ``name`` (complete: every code is listed)."""
    title, description, concepts = CODE_SYSTEMS[name]
    codes = concepts()
    return {
        "resourceType": "CodeSystem",
        "id": name,
        "url": system(base, name),
        "name": "".join(part.capitalize() for part in name.split("-")),
        "title": str(title),
        "status": "active",
        "experimental": False,
        "description": str(description),
        "caseSensitive": True,
        "content": "complete",
        "count": len(codes),
        "concept": [{"code": code, "display": str(text)} for code, text in codes],
    }
