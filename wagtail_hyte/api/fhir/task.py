"""A referral's progress as a FHIR ``Task`` (SDOH Clinical Care's referral Task:
intent ``order``, code ``fulfill``, focus the ServiceRequest). Its status is
``statuses.TASK_STATUS``; the HYTE status itself is ``businessStatus``."""

from __future__ import annotations

from . import codes, references
from .statuses import reason_code, state_of, task_status

RESOURCE = "Task"


def status_reason(referral, base: str) -> dict | None:
    code = reason_code(state_of(referral))
    return codes.concept(base, "referral-status-reason", code) if code else None


def task(referral, base: str) -> dict:
    """``referral`` (with ``partner`` loaded) as a Task."""
    resource = {
        "resourceType": RESOURCE,
        "id": str(referral.reference),
        "meta": {"lastUpdated": references.referral_updated(referral)},
        "contained": [references.partner_organization(referral.partner)],
        "status": task_status(referral),
        "businessStatus": codes.concept(base, "referral-status", referral.status),
        "intent": "order",
        "code": {"coding": [{"system": codes.TASK_CODE, "code": "fulfill"}]},
        "focus": {"reference": f"ServiceRequest/{referral.reference}", "type": "ServiceRequest"},
        "for": references.client_reference(referral),
        "authoredOn": references.instant(referral.sent_at),
        "lastModified": references.referral_updated(referral),
        "owner": references.local(references.PARTNER_ID, "Organization"),
        "restriction": {"period": {"end": references.day(referral.due_date)}},
    }
    if reason := status_reason(referral, base):
        resource["statusReason"] = reason
    started = referral.accepted_at or referral.first_action_at
    if started or referral.closed_at:
        period = {}
        if started:
            period["start"] = references.instant(started)
        if referral.closed_at:
            period["end"] = references.instant(referral.closed_at)
        resource["executionPeriod"] = period
    requester = references.controller_reference()
    if requester:
        resource["requester"] = requester
    return resource
