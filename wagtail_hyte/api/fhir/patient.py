"""The client as a minimal contained ``Patient``: only for the receiving
partner's staff, from the details ``referrals.services.reveal_contact`` read
(and ledgered). Nothing here reads, stores or logs the details."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wagtail_hyte.core.sensitive import sensitive_variables

from . import codes
from .references import PATIENT_ID

# The client's preferred contact method -> the ContactPoint system it ranks first.
PREFERRED_SYSTEM = {"phone": "phone", "sms": "sms", "email": "email"}


@sensitive_variables()
def contained_patient(contact) -> dict:
    """Name, phone and email (the preferred one ranked 1) and language."""
    preferred = PREFERRED_SYSTEM.get(contact.contact_method, "")
    telecom = []
    if contact.phone:
        if preferred == "sms":
            telecom.append({"system": "sms", "value": contact.phone})
        telecom.append({"system": "phone", "value": contact.phone})
    if contact.email:
        telecom.append({"system": "email", "value": contact.email})
    for point in telecom:
        point["rank"] = 1 if point["system"] == preferred else 2
    patient = {"resourceType": "Patient", "id": PATIENT_ID, "name": [{"text": contact.name}]}
    if telecom:
        patient["telecom"] = telecom
    if contact.language:
        patient["communication"] = [
            {
                "language": {"coding": [{"system": codes.BCP47, "code": contact.language}]},
                "preferred": True,
            }
        ]
    return patient


@sensitive_variables()
def contact_notes(contact) -> list[dict]:
    """The preferred contact time and the note to the partner, as Annotations."""
    notes = []
    if contact.contact_time:
        notes.append(
            {"text": _("Preferred contact time: %(time)s") % {"time": contact.contact_time}}
        )
    if contact.note:
        notes.append({"text": contact.note})
    return notes
