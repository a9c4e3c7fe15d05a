"""The plaintext shape of contact details, validated before encryption.

Never stored or logged: it is serialised to JSON, encrypted, and dropped.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.phone import normalise_phone
from wagtail_hyte.core.sensitive import sensitive_variables

from .models import ContactMethod

FIELDS = ("name", "phone", "email", "contact_method", "contact_time", "language", "note")
# The length limits of the free-text fields; forms take their ``maxlength`` from here.
NAME_MAX = 200
CONTACT_TIME_MAX = 100
# Any free-text note sealed with a subject's key (the note to the partner, the
# partner's outcome note).
NOTE_MAX = 500
# Personal-data categories a consent may cover (codes used in consent records).
DATA_CATEGORIES = {
    "name": _("Name"),
    "phone": _("Phone number"),
    "email": _("Email address"),
    "contact_preferences": _("Preferred contact method and time"),
    "language": _("Language"),
    "note": _("Note"),
}


@dataclass(frozen=True)
class ContactDetailsData:
    name: str
    phone: str = ""
    email: str = ""
    contact_method: str = ""
    contact_time: str = ""
    language: str = ""
    note: str = ""

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> ContactDetailsData:
        values = json.loads(data.decode("utf-8"))
        return cls(**{key: values.get(key, "") for key in FIELDS})

    def __repr__(self):  # never print personal data by accident
        return "ContactDetailsData(<redacted>)"

    __str__ = __repr__


def normalise_email(value: str) -> str:
    return value.strip().lower()


def note_error(note: str):
    """The error for a note that is too long, or None."""
    if len(note) > NOTE_MAX:
        return _("The note can have at most %(max)s characters.") % {"max": NOTE_MAX}
    return None


@sensitive_variables()
def clean_contact(values: dict) -> ContactDetailsData:
    """Validate and normalise; raise one ValidationError naming every bad field."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Unknown contact detail fields."), code="unknown_fields")
    data = {key: str(values.get(key) or "").strip() for key in FIELDS}
    errors = {}
    if not data["name"]:
        errors["name"] = _("Enter the client's name.")
    elif len(data["name"]) > NAME_MAX:
        errors["name"] = _("The name can have at most %(max)s characters.") % {"max": NAME_MAX}
    if data["phone"]:
        try:
            data["phone"] = normalise_phone(data["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.messages[0]
    if data["email"]:
        data["email"] = normalise_email(data["email"])
        try:
            validate_email(data["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    if not data["phone"] and not data["email"] and "phone" not in errors:
        errors["phone"] = _("Enter a phone number or an email address.")
    if data["contact_method"] and data["contact_method"] not in ContactMethod.values:
        errors["contact_method"] = _("Choose a contact method from the list.")
    if data["contact_method"] in ("phone", "sms") and not data["phone"] and "phone" not in errors:
        errors["phone"] = _("Enter a phone number for this contact method.")
    if data["contact_method"] == "email" and not data["email"] and "email" not in errors:
        errors["email"] = _("Enter an email address for this contact method.")
    if len(data["contact_time"]) > CONTACT_TIME_MAX:
        errors["contact_time"] = _("The preferred time can have at most %(max)s characters.") % {
            "max": CONTACT_TIME_MAX
        }
    if data["language"] and data["language"] not in hyte_settings.LANGUAGES:
        errors["language"] = _("Choose one of the offered languages.")
    if message := note_error(data["note"]):
        errors["note"] = message
    if errors:
        raise ValidationError(errors)
    return ContactDetailsData(**data)
