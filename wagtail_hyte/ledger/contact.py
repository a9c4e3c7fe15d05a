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
    elif len(data["name"]) > 200:
        errors["name"] = _("The name can have at most 200 characters.")
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
    if len(data["contact_time"]) > 100:
        errors["contact_time"] = _("The preferred time can have at most 100 characters.")
    if data["language"] and data["language"] not in hyte_settings.LANGUAGES:
        errors["language"] = _("Choose one of the offered languages.")
    if len(data["note"]) > 500:
        errors["note"] = _("The note can have at most 500 characters.")
    if errors:
        raise ValidationError(errors)
    return ContactDetailsData(**data)
