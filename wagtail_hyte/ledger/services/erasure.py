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
from django.db.models import F, Q
from django.utils import timezone

from wagtail_hyte.core.conf import hyte_settings

from .. import kinds
from ..canonical import format_time
from ..chain import append_entry
from ..crypto import digest
from ..models import ConsentRecord, ConsentStatus, ContactDetails, Subject
from .consent import expire_consents

logger = logging.getLogger(__name__)

# Sent inside the erasing transaction with ``subject`` (the Subject) and ``reason``.
subject_erased = django.dispatch.Signal()

# Sent by retention with ``subject_ids`` (a list of subject ids about to be erased);
# receivers return the ids whose business is still open in their app (e.g. an
# open referral), and retention keeps those subjects.
retention_hold = django.dispatch.Signal()

REASON = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
REFERENCE = re.compile(r"^[\w.:/-]{1,64}$")


def open_business(subject) -> bool:
    """Whether another app still holds the subject's data for open business
    (``retention_hold``, e.g. a referral in progress)."""
    ids = [str(subject.pk)]
    return any(
        str(subject.pk) in {str(pk) for pk in (response or ())}
        for _receiver, response in retention_hold.send(sender=Subject, subject_ids=ids)
    )


def erase_subject(subject, actor, reason: str = "request", *, reference: str = "") -> bool:
    """Erase a subject's personal data. Idempotent: returns False if already erased.

    ``reference`` (optional) is the data subject's request it answers (its case
    or diary number), written in the ledger entry."""
    if not REASON.match(reason):
        raise ValueError("reason must be a short code, e.g. request or retention")
    if reference and not REFERENCE.match(reference):
        raise ValueError("reference must be up to 64 letters, digits and - _ . : /")
    with transaction.atomic():
        subject = Subject.objects.select_for_update().get(pk=getattr(subject, "pk", subject))
        if subject.erased_at is not None:
            return False
        contact = ContactDetails.objects.filter(subject=subject).first()
        payload = {"reason": reason}
        if reference:
            payload["reference"] = reference
        if contact is not None:
            payload["contact"] = str(contact.pk)
            if contact.ciphertext:
                payload["ciphertext_sha256"] = digest(contact.ciphertext)
            ContactDetails.objects.filter(pk=contact.pk).update(
                ciphertext=None, phone_index="", email_index=""
            )
            ContactDetails.history.model.objects.filter(id=contact.pk).update(ciphertext=None)
        # Versions of the details bound to consents (returning clients).
        ConsentRecord.objects.filter(subject=subject).update(contact_ciphertext=None)
        ConsentRecord.history.model.objects.filter(subject_id=subject.pk).update(
            contact_ciphertext=None
        )
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


def reopen_business(subject, at=None, *, actor="system:hyte", reason: str = "new_consent"):
    """Record that business with ``subject`` is open again (a new consent or referral).

    Clears ``business_closed_at`` so retention no longer counts from the old
    closure; appends ``subject.business_reopened``. A no-op (nothing appended)
    when the business is not closed. Returns the subject.
    """
    if not REASON.match(reason):
        raise ValueError("reason must be a short code, e.g. new_consent")
    at = at or timezone.now()
    with transaction.atomic():
        subject = Subject.objects.select_for_update().get(pk=getattr(subject, "pk", subject))
        if subject.business_closed_at is None:
            return subject
        closed_at = subject.business_closed_at
        subject.business_closed_at = None
        subject.save(update_fields=["business_closed_at"])
        append_entry(
            kinds.SUBJECT_BUSINESS_REOPENED,
            actor,
            [subject],
            {"reason": reason, "closed_at": format_time(closed_at), "reopened_at": format_time(at)},
        )
    return subject


def _held(subject_ids, now) -> set:
    """The subjects retention must keep: a consent in force given after the
    business closed (a new business the closure does not cover), or open
    business in another app (``retention_hold`` receivers)."""
    ids = [str(pk) for pk in subject_ids]
    held = {
        str(pk)
        for pk in ConsentRecord.objects.filter(
            subject_id__in=subject_ids,
            status=ConsentStatus.GIVEN,
            given_at__gt=F("subject__business_closed_at"),
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values_list("subject_id", flat=True)
    }
    for _receiver, response in retention_hold.send(sender=Subject, subject_ids=ids):
        held.update(str(pk) for pk in response or ())
    return held


def enforce_retention(now=None, actor="system:retention", batch_size: int = 200) -> dict:
    """Expire overdue consents; erase subjects closed longer than RETENTION_DAYS.

    Subjects whose business is open again are kept: a consent in force given
    after the closure, or open business reported through ``retention_hold``
    (the referrals app reports open referrals). Each subject is checked again
    under its row lock just before erasure.
    """
    now = now or timezone.now()
    expired = expire_consents(now, actor)
    cutoff = now - dt.timedelta(days=int(hyte_settings.RETENTION_DAYS))
    due = Subject.objects.filter(erased_at__isnull=True, business_closed_at__lte=cutoff)
    erased = kept = 0
    last = None
    while True:
        page = due.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        ids = list(page.values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        held = _held(ids, now)
        for pk in ids:
            if str(pk) in held:
                kept += 1
                continue
            with transaction.atomic():
                subject = Subject.objects.select_for_update().get(pk=pk)
                closed = subject.business_closed_at
                if closed is None or closed > cutoff or str(pk) in _held([pk], now):
                    kept += 1
                    continue
                erased += erase_subject(subject, actor, reason="retention")
        last = ids[-1]
    return {"consents_expired": expired, "subjects_erased": erased, "subjects_kept": kept}
