"""Erasure by crypto-shredding, and retention.

Erasing a subject destroys its wrapped data key (the ciphertext becomes noise),
clears the ciphertext and blind indexes in the live and history tables, and
appends ``personal_data.erased``. The ledger, which only holds ids and digests,
still verifies. Other apps holding data about the subject listen to
:data:`subject_erased`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import django.dispatch
from django.db import transaction
from django.utils import timezone

from wagtail_hyte.core.conf import hyte_settings

from .. import kinds
from ..canonical import format_time
from ..chain import append_entry
from ..crypto import digest
from ..models import ContactDetails, Subject
from .consent import expire_consents

logger = logging.getLogger(__name__)

# Sent inside the erasing transaction with ``subject`` (the Subject) and ``reason``.
subject_erased = django.dispatch.Signal()

REASON = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def erase_subject(subject, actor, reason: str = "request") -> bool:
    """Erase a subject's personal data. Idempotent: returns False if already erased."""
    if not REASON.match(reason):
        raise ValueError("reason must be a short code, e.g. request or retention")
    with transaction.atomic():
        subject = Subject.objects.select_for_update().get(pk=getattr(subject, "pk", subject))
        if subject.erased_at is not None:
            return False
        contact = ContactDetails.objects.filter(subject=subject).first()
        payload = {"reason": reason}
        if contact is not None:
            payload["contact"] = str(contact.pk)
            if contact.ciphertext:
                payload["ciphertext_sha256"] = digest(contact.ciphertext)
            ContactDetails.objects.filter(pk=contact.pk).update(
                ciphertext=None, phone_index="", email_index=""
            )
            ContactDetails.history.model.objects.filter(id=contact.pk).update(ciphertext=None)
        Subject.objects.filter(pk=subject.pk).update(
            wrapped_key=None, kek_id="", erased_at=timezone.now()
        )
        subject.refresh_from_db()
        subject_erased.send(sender=Subject, subject=subject, reason=reason)
        append_entry(kinds.PERSONAL_DATA_ERASED, actor, [subject], payload)
    logger.info("erased personal data of subject %s (%s)", subject.pk, reason)
    return True


def declare_business_closed(subject, at=None, *, actor="system:hyte") -> Subject:
    """Record that the business with ``subject`` closed at ``at`` (retention starts)."""
    at = at or timezone.now()
    with transaction.atomic():
        subject = Subject.objects.select_for_update().get(pk=getattr(subject, "pk", subject))
        if subject.business_closed_at is not None and subject.business_closed_at >= at:
            return subject
        subject.business_closed_at = at
        subject.save(update_fields=["business_closed_at"])
        append_entry(
            kinds.SUBJECT_BUSINESS_CLOSED, actor, [subject], {"closed_at": format_time(at)}
        )
    return subject


def enforce_retention(now=None, actor="system:retention", batch_size: int = 200) -> dict:
    """Expire overdue consents; erase subjects closed longer than RETENTION_DAYS."""
    now = now or timezone.now()
    expired = expire_consents(now, actor)
    cutoff = now - dt.timedelta(days=int(hyte_settings.RETENTION_DAYS))
    due = Subject.objects.filter(erased_at__isnull=True, business_closed_at__lte=cutoff)
    erased = 0
    last = None
    while True:
        page = due.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        ids = list(page.values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        for pk in ids:
            erased += erase_subject(pk, actor, reason="retention")
        last = ids[-1]
    return {"consents_expired": expired, "subjects_erased": erased}
