"""Storing, finding and reading a subject's encrypted contact details."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_hyte.core.phone import normalise_phone
from wagtail_hyte.core.sensitive import sensitive_variables

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
    open_sealed,
    seal,
    unwrap_data_key,
    wrap_data_key,
)
from ..keys import get_keyring
from ..models import ConsentRecord, ConsentStatus, ContactDetails, Subject
from . import refusals
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
        raise _refusal(refusals.SUBJECT_ERASED)
    return unwrap_data_key(keyring, str(subject.pk), subject.kek_id, bytes(subject.wrapped_key))


@sensitive_variables()
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


@sensitive_variables()
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


def _refusal(reason: str) -> ReadRefused:
    messages = {
        refusals.SUBJECT_ERASED: _("This person's personal data has been erased."),
        refusals.CONSENT_MISMATCH: _("This consent does not cover this read."),
    }
    error = ReadRefused(
        messages.get(
            reason,
            _(
                "There is no valid consent for this: it was withdrawn, has expired "
                "or was never given."
            ),
        )
    )
    error.reason = reason
    return error


def _check_consent(subject: Subject, recipient, at, consent=None) -> None:
    """Raise ReadRefused (with a ``reason`` code) unless a consent allows the read.

    With ``consent`` the read is bound to that one consent record: it must be
    the subject's, for ``recipient`` when given, and in force. Without it any
    consent in force for ``recipient`` (or for anyone) allows the read.
    """
    if consent is not None:
        consent = ConsentRecord.objects.filter(pk=getattr(consent, "pk", consent)).first()
        if consent is None or consent.subject_id != subject.pk:
            raise _refusal(refusals.CONSENT_MISMATCH)
        if recipient is not None and consent.recipient_id != recipient.pk:
            raise _refusal(refusals.CONSENT_MISMATCH)
        if consent.status == ConsentStatus.WITHDRAWN:
            raise _refusal(refusals.CONSENT_WITHDRAWN)
        if consent.status == ConsentStatus.EXPIRED or (
            consent.expires_at is not None and consent.expires_at <= at
        ):
            raise _refusal(refusals.CONSENT_EXPIRED)
        if consent.status != ConsentStatus.GIVEN:
            raise _refusal(refusals.NO_CONSENT)
        return
    consents = subject.consents.filter(status=ConsentStatus.GIVEN).exclude(expires_at__lte=at)
    if recipient is not None:
        consents = consents.filter(recipient=recipient)
    if not consents.exists():
        raise _refusal(refusals.NO_CONSENT)


@sensitive_variables()
def read_contact_details(
    subject: Subject, actor, purpose: str, *, recipient=None, consent=None, referral=None
):
    """Decrypt a subject's contact details for ``actor`` and ``purpose``.

    Requires a valid (given, unexpired) consent: ``consent`` itself when given
    (bind every read to the consent it relies on), else any consent for
    ``recipient`` (or any at all). Appends ``personal_data.read``; raises
    ReadRefused after withdrawal or erasure and DecryptionError when the data
    cannot be decrypted. A refusal or a failure appends
    ``personal_data.read_refused`` (reason code, no personal data) in its own
    transaction, so it is kept whatever the caller does next.
    """
    validate_purpose(purpose)
    keyring = get_keyring()
    try:
        with transaction.atomic():
            subject = Subject.objects.get(pk=subject.pk)
            if subject.erased_at is not None:
                raise _refusal(refusals.SUBJECT_ERASED)
            _check_consent(subject, recipient, timezone.now(), consent)
            contact = ContactDetails.objects.get(subject=subject)
            data_key = _data_key(keyring, subject)
            version = (
                ConsentRecord.objects.filter(pk=getattr(consent, "pk", consent))
                .values_list("contact_ciphertext", flat=True)
                .first()
                if consent is not None
                else None
            )
            if version:
                # The version of the details this consent covers (a returning client).
                ciphertext = bytes(version)
                plaintext = open_sealed(
                    data_key,
                    ciphertext,
                    _consent_contact_aad(str(subject.pk), str(getattr(consent, "pk", consent))),
                )
            else:
                if not contact.ciphertext:
                    raise DecryptionError("no ciphertext to decrypt")
                ciphertext = bytes(contact.ciphertext)
                plaintext = decrypt_contact(data_key, str(subject.pk), str(contact.pk), ciphertext)
            payload = {
                "contact": str(contact.pk),
                "purpose": purpose,
                "ciphertext_sha256": digest(ciphertext),
            }
            if recipient is not None:
                payload["recipient"] = str(recipient.pk)
            if consent is not None:
                payload["consent"] = str(getattr(consent, "pk", consent))
            if referral is not None:
                payload["referral"] = str(referral.reference)
            append_entry(kinds.PERSONAL_DATA_READ, actor, [subject], payload)
    except (ReadRefused, DecryptionError) as exc:
        reason = getattr(exc, "reason", None) or (
            refusals.DECRYPTION_FAILED
            if isinstance(exc, DecryptionError)
            else refusals.SUBJECT_ERASED
        )
        refusals.record_read_refused(
            actor,
            subject,
            reason,
            purpose=purpose,
            referral=referral,
            consent=consent,
            recipient=recipient,
        )
        raise
    return ContactDetailsData.from_bytes(plaintext)


def _consent_contact_aad(subject_id: str, consent_id: str) -> bytes:
    return f"hyte/consent-contact/v1|{subject_id}|{consent_id}".encode()


@sensitive_variables()
def seal_consent_contact(subject: Subject, consent: ConsentRecord, details: dict) -> bytes:
    """Encrypt a version of contact details bound to one consent (call in its transaction)."""
    data = clean_contact(details)
    data_key = _data_key(get_keyring(), subject)
    return seal(data_key, data.to_bytes(), _consent_contact_aad(str(subject.pk), str(consent.pk)))


def _text_aad(subject_id: str, label: str) -> bytes:
    return f"hyte/text/v1|{subject_id}|{label}".encode()


def seal_text(subject: Subject, text: str, *, label: str) -> bytes | None:
    """Encrypt a short free text about ``subject`` with the subject's data key.

    ``label`` names where the text lives (e.g. ``referral_note:<uuid>``) and is
    bound into the ciphertext, so it cannot be moved to another row. Erasing
    the subject makes the text unreadable. Returns None for an empty text.
    """
    if not text:
        return None
    validate_purpose(label)
    keyring = get_keyring()
    subject = Subject.objects.get(pk=subject.pk)
    data_key = _data_key(keyring, subject)
    return seal(data_key, text.encode("utf-8"), _text_aad(str(subject.pk), label))


@sensitive_variables()
def read_sealed_text(
    subject: Subject, sealed, actor, purpose: str, *, label: str, referral=None
) -> str:
    """Decrypt a text sealed with :func:`seal_text`; appends ``personal_data.read``.

    Raises ReadRefused once the subject is erased and DecryptionError when the
    text cannot be decrypted; both append ``personal_data.read_refused``.
    """
    validate_purpose(purpose)
    keyring = get_keyring()
    try:
        with transaction.atomic():
            subject = Subject.objects.get(pk=subject.pk)
            if subject.erased_at is not None or not sealed:
                raise _refusal(refusals.SUBJECT_ERASED)
            data_key = _data_key(keyring, subject)
            text = open_sealed(data_key, sealed, _text_aad(str(subject.pk), label)).decode("utf-8")
            payload = {"purpose": purpose, "ciphertext_sha256": digest(sealed)}
            if referral is not None:
                payload["referral"] = str(referral.reference)
            append_entry(kinds.PERSONAL_DATA_READ, actor, [subject], payload)
    except (ReadRefused, DecryptionError) as exc:
        reason = getattr(exc, "reason", None) or (
            refusals.DECRYPTION_FAILED
            if isinstance(exc, DecryptionError)
            else refusals.SUBJECT_ERASED
        )
        refusals.record_read_refused(actor, subject, reason, purpose=purpose, referral=referral)
        raise
    return text


def _subjects_by_index(field: str, value: str):
    return Subject.objects.filter(erased_at__isnull=True, **{f"contact__{field}": value}).order_by(
        "created_at"
    )


@sensitive_variables()
def find_subjects_by_phone(phone: str):
    """Subjects whose phone number equals ``phone`` (any format), via the blind index."""
    try:
        e164 = normalise_phone(phone)
    except ValidationError:
        return Subject.objects.none()
    return _subjects_by_index("phone_index", blind_index(get_keyring(), "phone", e164))


@sensitive_variables()
def find_subjects_by_email(email: str):
    """Subjects whose email equals ``email`` (case-insensitive), via the blind index."""
    value = normalise_email(email or "")
    if not value:
        return Subject.objects.none()
    return _subjects_by_index("email_index", blind_index(get_keyring(), "email", value))
