"""A referral as a FHIR ``ServiceRequest`` (docs/api-fhir.md has the table).

Without ``contact`` the resource holds no personal data: the client is a
pseudonymous identifier. With ``contact`` (the ``$reveal`` operation, after
``referrals.services.reveal_contact`` read and ledgered the details) the
client is a contained ``Patient`` and the client's own notes are ``note``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from wagtail_hyte.core.sensitive import sensitive_variables

from . import codes, references
from .patient import contact_notes, contained_patient
from .statuses import SERVICE_REQUEST_STATUS

RESOURCE = "ServiceRequest"


def identifiers(referral) -> list[dict]:
    """The referral's reference, and the short number on the client's receipt."""
    return [
        {"use": "official", **references.uuid_identifier(referral.reference)},
        {
            "use": "secondary",
            "type": {"text": _("Referral number")},
            "value": referral.short_reference,
        },
    ]


@sensitive_variables()
def service_request(referral, base: str, request, *, contact=None) -> dict:
    """``referral`` (with ``activity`` and ``partner`` loaded) as a ServiceRequest."""
    contained = [
        references.activity_service(referral.activity, request),
        references.partner_organization(referral.partner),
    ]
    subject = references.client_reference(referral)
    if contact is not None:
        contained.append(contained_patient(contact))
        subject = references.local(references.PATIENT_ID, "Patient")
    resource = {
        "resourceType": RESOURCE,
        "id": str(referral.reference),
        "meta": {"lastUpdated": references.referral_updated(referral)},
        "contained": contained,
        "identifier": identifiers(referral),
        "status": SERVICE_REQUEST_STATUS[referral.status],
        "intent": "order",
        "category": [
            {
                "coding": [
                    {"system": codes.SNOMED, "code": "3457005", "display": "Patient referral"}
                ],
                "text": _("Wellbeing referral"),
            }
        ],
        "code": {"text": referral.activity.title},
        "subject": subject,
        "occurrencePeriod": {
            "start": references.instant(referral.sent_at),
            "end": references.day(referral.due_date),
        },
        "authoredOn": references.instant(referral.sent_at),
        "performer": [
            references.local(references.ACTIVITY_ID, "HealthcareService"),
            references.local(references.PARTNER_ID, "Organization"),
        ],
        "supportingInfo": [{"reference": f"Consent/{referral.consent_id}", "type": "Consent"}],
    }
    requester = references.controller_reference()
    if requester:
        resource["requester"] = requester
    if contact is not None and (notes := contact_notes(contact)):
        resource["note"] = notes
    return resource
