"""What the FHIR resources share: identifiers, the pseudonymous client
reference, the partner and the activity as contained resources, the welfare
area as the requester, and FHIR's date formats. No personal data here."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from wagtail_hyte.core.conf import hyte_settings

from . import codes

#: Namespace of the client identifiers (uuid5 of the referral's reference).
CLIENT_NAMESPACE = uuid.UUID("6f6b3d0e-3f55-5b1e-9a43-4d3c1f0a7e21")

PARTNER_ID = "partner"
ACTIVITY_ID = "activity"
PATIENT_ID = "patient"


def instant(moment) -> str | None:
    """An aware datetime as a FHIR instant / dateTime, or None."""
    return moment.isoformat() if moment else None


def day(value) -> str | None:
    return value.isoformat() if value else None


def uuid_identifier(value) -> dict:
    return {"system": codes.URI, "value": f"urn:uuid:{value}"}


def business_identifier(business_id: str) -> dict:
    """A Finnish business ID (Y-tunnus). No FHIR naming system is registered
    for it, so the identifier's type says what it is."""
    return {
        "use": "official",
        "type": {
            "coding": [{"system": codes.IDENTIFIER_TYPE, "code": "XX"}],
            "text": _("Finnish business ID"),
        },
        "value": business_id,
    }


def local(resource_id: str, resource_type: str) -> dict:
    """A reference to a resource contained in the same resource."""
    return {"reference": f"#{resource_id}", "type": resource_type}


def client_id(referral) -> uuid.UUID:
    """The client's identifier in this referral's resources: derived from the
    referral's reference, so it names nothing beyond the referral (the ledger's
    subject id, which links a client's referrals, is never shown)."""
    return uuid.uuid5(CLIENT_NAMESPACE, str(referral.reference))


def client_reference(referral) -> dict:
    return {
        "type": "Patient",
        "identifier": uuid_identifier(client_id(referral)),
        "display": _("Client (pseudonymous)"),
    }


def partner_organization(partner, resource_id: str = PARTNER_ID) -> dict:
    """The receiving partner as a contained ``Organization``."""
    organization = {
        "resourceType": "Organization",
        "id": resource_id,
        "active": partner.active,
        "name": partner.name,
    }
    if partner.business_id:
        organization["identifier"] = [business_identifier(partner.business_id)]
    return organization


def activity_service(activity, request) -> dict:
    """The activity as a contained ``HealthcareService``, named by its public page."""
    service = {
        "resourceType": "HealthcareService",
        "id": ACTIVITY_ID,
        "active": activity.live,
        "name": activity.title,
    }
    url = activity.get_full_url(request) if activity.live else None
    if url:
        service["identifier"] = [{"system": codes.URI, "value": url}]
    return service


def controller_reference(controller: dict | None = None) -> dict | None:
    """The welfare area (the data controller: ``controller``, by default the
    ``CONTROLLER`` setting) as an ``Organization`` reference; None when it has
    no name."""
    controller = hyte_settings.CONTROLLER if controller is None else controller
    if not controller.get("name"):
        return None
    reference = {"type": "Organization", "display": controller["name"]}
    if controller.get("business_id"):
        reference["identifier"] = business_identifier(controller["business_id"])
    return reference


def last_updated(*moments) -> str | None:
    moments = [moment for moment in moments if moment]
    return instant(max(moments)) if moments else None


def referral_updated(referral) -> str | None:
    return last_updated(
        referral.sent_at,
        referral.accepted_at,
        referral.first_action_at,
        referral.succeeded_at,
        referral.cancelled_at,
        referral.withdrawn_at,
    )
