"""Storing, finding and reading a subject's encrypted contact details."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_hyte.core.phone import normalise_phone

from .. import kinds
from ..chain import append_entry
from ..contact import ContactDetailsData, clean_contact, normalise_email
from ..crypto import (
    DecryptionError,
    blind_index,
    decrypt_contact,
    digest,
    encrypt_contact,
    new_data_key,
    unwrap_data_key,
    wrap_data_key,
)
from ..keys import get_keyring
from ..models import ConsentStatus, ContactDetails, Subject
from .errors import ReadRefused

PURPOSE_PATTERN = re.compile(r"^[a-z][a-z0-9_.:-]{0,63}$")


def validate_purpose(purpose: str) -> str:
    if not isinstance(purpose, str) or not PURPOSE_PATTERN.match(purpose):
        raise ValidationError(
            _("The purpose must be a short code, e.g. referral.contact_client."),
            code="purpose_invalid",
        )
    return purpose


def _indexes(keyring, data: ContactDetailsData) -> dict:
    return {
        "phone_index": blind_index(keyring, "phone", data.phone) if data.phone else "",
        "email_index": blind_index(keyring, "email", data.email) if data.email else "",
    }


def _data_key(keyring, subject: Subject) -> bytes:
    if subject.erased_at is not None or not subject.wrapped_key:
        raise ReadRefused(_("This person's personal data has been erased."))
    return unwrap_data_key(keyring, str(subject.pk), subject.kek_id, bytes(subject.wrapped_key))


def create_subject_with_contact(details: dict, actor) -> Subject:
    """Create a subject with its own data key and encrypted contact details.

    Appends ``personal_data.stored``. Raises ValidationError on bad details.
    """
    data = clean_contact(details)
    keyring = get_keyring()
    with transaction.atomic():
        subject = Subject(id=uuid.uuid4())
        data_key = new_data_key()
        subject.kek_id, subject.wrapped_key = wrap_data_key(keyring, str(subject.pk), data_key)
        subject.save(force_insert=True)
        contact = ContactDetails(id=uuid.uuid4(), subject=subject, **_indexes(keyring, data))
        contact.ciphertext = encrypt_contact(
            data_key, str(subject.pk), str(contact.pk), data.to_bytes()
        )
        contact.save(force_insert=True)
        append_entry(
            kinds.PERSONAL_DATA_STORED,
            actor,
            [subject],
            {"contact": str(contact.pk), "ciphertext_sha256": digest(contact.ciphertext)},
        )
    return subject


def update_contact_details(subject: Subject, details: dict, actor) -> None:
    """Replace a subject's contact details (re-encrypted under the same data key)."""
    data = clean_contact(details)
    keyring = get_keyring()
    with transaction.atomic():
        subject = Subject.objects.select_for_update().get(pk=subject.pk)
        data_key = _data_key(keyring, subject)
        contact = ContactDetails.objects.select_for_update().get(subject=subject)
        contact.ciphertext = encrypt_contact(
            data_key, str(subject.pk), str(contact.pk), data.to_bytes()
        )
        for field, value in _indexes(keyring, data).items():
            setattr(contact, field, value)
        contact.save()
        append_entry(
            kinds.PERSONAL_DATA_STORED,
            actor,
            [subject],
            {"contact": str(contact.pk), "ciphertext_sha256": digest(contact.ciphertext)},
        )


def _check_consent(subject: Subject, recipient, at) -> None:
    consents = subject.consents.filter(status=ConsentStatus.GIVEN).exclude(expires_at__lte=at)
    if recipient is not None:
        consents = consents.filter(recipient=recipient)
    if not consents.exists():
        raise ReadRefused(
            _(
                "There is no valid consent for this: it was withdrawn, has expired "
                "or was never given."
            )
        )


def read_contact_details(subject: Subject, actor, purpose: str, *, recipient=None):
    """Decrypt a subject's contact details for ``actor`` and ``purpose``.

    Requires a valid (given, unexpired) consent, for ``recipient`` when given.
    Appends ``personal_data.read``; raises ReadRefused after withdrawal or
    erasure and DecryptionError when the data cannot be decrypted.
    """
    validate_purpose(purpose)
    keyring = get_keyring()
    with transaction.atomic():
        subject = Subject.objects.get(pk=subject.pk)
        if subject.erased_at is not None:
            raise ReadRefused(_("This person's personal data has been erased."))
        _check_consent(subject, recipient, timezone.now())
        contact = ContactDetails.objects.get(subject=subject)
        data_key = _data_key(keyring, subject)
        if not contact.ciphertext:
            raise DecryptionError("no ciphertext to decrypt")
        plaintext = decrypt_contact(
            data_key, str(subject.pk), str(contact.pk), bytes(contact.ciphertext)
        )
        payload = {
            "contact": str(contact.pk),
            "purpose": purpose,
            "ciphertext_sha256": digest(contact.ciphertext),
        }
        if recipient is not None:
            payload["recipient"] = str(recipient.pk)
        append_entry(kinds.PERSONAL_DATA_READ, actor, [subject], payload)
    return ContactDetailsData.from_bytes(plaintext)


def _subjects_by_index(field: str, value: str):
    return Subject.objects.filter(
        erased_at__isnull=True, **{f"contact__{field}": value}
    ).order_by("created_at")


def find_subjects_by_phone(phone: str):
    """Subjects whose phone number equals ``phone`` (any format), via the blind index."""
    try:
        e164 = normalise_phone(phone)
    except ValidationError:
        return Subject.objects.none()
    return _subjects_by_index("phone_index", blind_index(get_keyring(), "phone", e164))


def find_subjects_by_email(email: str):
    """Subjects whose email equals ``email`` (case-insensitive), via the blind index."""
    value = normalise_email(email or "")
    if not value:
        return Subject.objects.none()
    return _subjects_by_index("email_index", blind_index(get_keyring(), "email", value))
