"""A consent record (``ledger.models.ConsentRecord``) as a FHIR R4 ``Consent``.

The ISO/IEC TS 27560 fields of the record map as: record id = ``id`` and
``identifier``; pseudonymous subject = ``patient`` (the referral's client
identifier, never the ledger's subject id); controller = ``organization``;
purpose = ``provision.purpose``; personal-data categories = ``provision.code``;
lawful basis = ``policyRule``; notice shown (text, version, language) =
``sourceAttachment``; privacy notice = ``policy``; recipient =
``provision.actor`` (role IRCP); given / withdrawn or expiry =
``dateTime``, ``status`` and ``provision.period``; how it was given and
withdrawn = the ``collection-method`` and ``withdrawal-method`` extensions.
No personal data: the notice text is the public text the client was shown.
"""

from __future__ import annotations

import base64
import hashlib

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.ledger.models import ConsentStatus

from . import codes, references
from .extensions import extension

RESOURCE = "Consent"
RECIPIENT_ID = "recipient"

STATUS = {
    ConsentStatus.GIVEN: "active",
    ConsentStatus.WITHDRAWN: "inactive",
    ConsentStatus.EXPIRED: "inactive",
}


def notice_attachment(notice) -> dict:
    """The consent notice the client was shown, word for word (R4 Attachment:
    ``hash`` is the base64 SHA-1 of ``data``)."""
    data = notice.text.encode("utf-8")
    return {
        "contentType": "text/plain; charset=utf-8",
        "language": notice.language,
        "data": base64.b64encode(data).decode("ascii"),
        "hash": base64.b64encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode(),
        "title": f"{notice.title} ({notice.key} v{notice.version})",
        "creation": references.instant(notice.created_at),
    }


def consent(record, base: str, referral=None) -> dict:
    """``record`` (with ``notice`` and ``recipient`` loaded) as a Consent;
    ``referral`` (the record's referral) names the client."""
    end = record.withdrawn_at or record.expires_at
    provision = {
        "type": "permit",
        "period": {"start": references.instant(record.given_at)},
        "actor": [
            {
                "role": {"coding": [{"system": codes.PARTICIPATION_TYPE, "code": "IRCP"}]},
                "reference": references.local(RECIPIENT_ID, "Organization"),
            }
        ],
        "purpose": [codes.coding(base, "consent-purpose", record.purpose)],
        "code": [
            codes.concept(base, "consent-data-category", category)
            for category in record.data_categories
        ],
    }
    if end:
        provision["period"]["end"] = references.instant(end)
    extensions = [extension(base, "collection-method", record.collection_method)]
    if record.withdrawal_method:
        extensions.append(extension(base, "withdrawal-method", record.withdrawal_method))
    resource = {
        "resourceType": RESOURCE,
        "id": str(record.pk),
        "meta": {"lastUpdated": references.last_updated(record.given_at, record.withdrawn_at)},
        "contained": [references.partner_organization(record.recipient, RECIPIENT_ID)],
        "extension": extensions,
        "identifier": [references.uuid_identifier(record.pk)],
        "status": STATUS[record.status],
        "scope": {"coding": [{"system": codes.CONSENT_SCOPE, "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": codes.LOINC, "code": "59284-0"}]}],
        "dateTime": references.instant(record.given_at),
        "sourceAttachment": notice_attachment(record.notice),
        "policyRule": {
            "coding": [
                {"system": codes.ACT_CODE, "code": "OPTIN"},
                codes.coding(base, "consent-lawful-basis", record.lawful_basis),
            ],
            "text": codes.label("consent-lawful-basis", record.lawful_basis),
        },
        "provision": provision,
    }
    if referral is not None:
        client = references.client_reference(referral)
        resource["patient"] = client
        resource["performer"] = [client]
    # The controller as recorded with the consent (the record keeps it).
    recorded = record.controller or hyte_settings.CONTROLLER
    controller = references.controller_reference(recorded)
    if controller:
        resource["organization"] = [controller]
    if privacy_notice := recorded.get("privacy_notice_url"):
        resource["policy"] = [{"uri": privacy_notice}]
    return resource
