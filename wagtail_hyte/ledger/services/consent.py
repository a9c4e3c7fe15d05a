"""Recording, withdrawing and expiring consents. Each change is a ledger event."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_hyte.core.conf import hyte_settings

from .. import kinds
from ..canonical import format_time
from ..chain import append_entry
from ..contact import DATA_CATEGORIES
from ..crypto import digest
from ..models import (
    CollectionMethod,
    ConsentNotice,
    ConsentRecord,
    ConsentStatus,
    LawfulBasis,
    Subject,
)
from .personal_data import seal_consent_contact, validate_purpose

CODE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _consent_payload(consent: ConsentRecord) -> dict:
    payload = {
        "consent": str(consent.pk),
        "schema": ConsentRecord.SCHEMA_VERSION,
        "recipient": str(consent.recipient_id),
        "purpose": consent.purpose,
        "categories": sorted(consent.data_categories),
        "lawful_basis": consent.lawful_basis,
        "notice": consent.notice.key,
        "notice_version": consent.notice.version,
        "notice_language": consent.notice_language,
        "notice_sha256": consent.notice.text_sha256,
        "method": consent.collection_method,
        "given_at": format_time(consent.given_at),
    }
    if consent.expires_at:
        payload["expires_at"] = format_time(consent.expires_at)
    return payload


def record_consent(
    subject: Subject,
    *,
    recipient,
    purpose: str,
    data_categories,
    notice: ConsentNotice,
    collection_method: str,
    recorded_by,
    given_at=None,
    expires_at=None,
    lawful_basis: str = LawfulBasis.CONSENT,
    contact_details: dict | None = None,
) -> ConsentRecord:
    """Record a consent given by ``subject``; appends ``consent.given``.

    ``contact_details`` (a returning client's details as given now) become a
    new version bound to this consent: the subject's stored details and the
    versions of its other consents are never overwritten.
    """
    given_at = given_at or timezone.now()
    errors = {}
    try:
        validate_purpose(purpose)
    except ValidationError as exc:
        errors["purpose"] = exc.messages[0]
    categories = sorted(set(data_categories or ()))
    if not categories or not set(categories) <= set(DATA_CATEGORIES):
        errors["data_categories"] = _("Choose the personal data the consent covers.")
    if collection_method not in CollectionMethod.values:
        errors["collection_method"] = _("Choose how the consent was given.")
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = _("Choose the lawful basis.")
    if recipient is None or not getattr(recipient, "pk", None) or not recipient.active:
        errors["recipient"] = _("Choose an active partner as the recipient.")
    if expires_at is not None and expires_at <= given_at:
        errors["expires_at"] = _("The consent must expire after it was given.")
    if given_at > timezone.now():
        errors["given_at"] = _("A consent cannot be given in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        subject = Subject.objects.select_for_update().get(pk=subject.pk)
        if subject.erased_at is not None:
            raise ValidationError(
                _("This person's personal data has been erased; ask for a new consent."),
                code="subject_erased",
            )
        consent = ConsentRecord.objects.create(
            subject=subject,
            controller=dict(hyte_settings.CONTROLLER or {}),
            recipient=recipient,
            purpose=purpose,
            data_categories=categories,
            lawful_basis=lawful_basis,
            notice=notice,
            notice_language=notice.language,
            collection_method=collection_method,
            recorded_by=recorded_by,
            given_at=given_at,
            expires_at=expires_at,
        )
        payload = _consent_payload(consent)
        if contact_details is not None:
            consent.contact_ciphertext = seal_consent_contact(subject, consent, contact_details)
            consent.save(update_fields=["contact_ciphertext"])
            payload["contact_version_sha256"] = digest(consent.contact_ciphertext)
        append_entry(kinds.CONSENT_GIVEN, recorded_by, [subject], payload)
        if subject.business_closed_at is not None:
            # A new consent is new business: retention no longer counts from the old closure.
            from .erasure import reopen_business

            reopen_business(subject, given_at, actor=recorded_by, reason="new_consent")
    return consent


def withdraw_consent(consent: ConsentRecord, *, withdrawn_by, method: str, at=None, role=""):
    """Withdraw a given consent; appends ``consent.withdrawn``.

    ``role`` is a short code naming in which capacity ``withdrawn_by`` recorded
    it (``referrer``, ``partner``, ``coordinator``); it is kept in the entry.
    Raises ValidationError when the consent is not in force (already withdrawn
    or expired): an illegal transition, never a silent no-op.
    """
    if method not in CollectionMethod.values:
        raise ValidationError({"method": _("Choose how the consent was withdrawn.")})
    if role and not CODE.match(role):
        raise ValueError("role must be a short code, e.g. referrer")
    at = at or timezone.now()
    with transaction.atomic():
        consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
        if consent.status != ConsentStatus.GIVEN:
            raise ValidationError(
                _("Only a consent in force can be withdrawn; this one is %(status)s.")
                % {"status": consent.get_status_display()},
                code="not_in_force",
            )
        consent.status = ConsentStatus.WITHDRAWN
        consent.withdrawn_at = at
        consent.withdrawn_by = withdrawn_by
        consent.withdrawal_method = method
        consent.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_method"])
        append_entry(
            kinds.CONSENT_WITHDRAWN,
            withdrawn_by,
            [consent.subject_id],
            {
                "consent": str(consent.pk),
                "method": method,
                "withdrawn_at": format_time(at),
                **({"role": role} if role else {}),
            },
            at=at,
        )
    return consent


def expire_consents(now=None, actor="system:retention") -> int:
    """Mark consents past their expiry as expired (one ``consent.expired`` each)."""
    now = now or timezone.now()
    count = 0
    due = ConsentRecord.objects.filter(status=ConsentStatus.GIVEN, expires_at__lte=now)
    while True:
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:200])
        if not ids:
            return count
        for pk in ids:
            with transaction.atomic():
                consent = ConsentRecord.objects.select_for_update().get(pk=pk)
                if consent.status != ConsentStatus.GIVEN:
                    continue
                consent.status = ConsentStatus.EXPIRED
                consent.save(update_fields=["status"])
                append_entry(
                    kinds.CONSENT_EXPIRED,
                    actor,
                    [consent.subject_id],
                    {"consent": str(consent.pk)},
                )
                count += 1
