"""Which referrals and consents a user reaches through FHIR: exactly what the
admin shows them, put together from ``referrals.access`` and nothing else.

* the partner inbox (``access.inbox_queryset``: the receiving partners' staff;
  superusers see every inbox, without personal data);
* "My referrals" (the referrals a professional made, ``access.can_make_referrals``);
* a coordinator who records withdrawals finds any referral by its number in
  the admin (``access.can_record_withdrawals``), so reads one by its id here,
  but has no listing: searching is for the inbox and "My referrals";
* consents: auditors read every consent record (the ledger's consent
  timeline, ``audit_ledger``), the others the consents of the referrals in
  their inbox and their own.

A user none of these admits gets 403, as the admin's listings answer; a
referral outside a user's set is "not found" (404), as in the admin.
"""

from __future__ import annotations

from wagtail_hyte.ledger.models import ConsentRecord
from wagtail_hyte.ledger.views.access import AUDIT_PERMISSION
from wagtail_hyte.referrals import access
from wagtail_hyte.referrals.models import Referral


def can_search(user) -> bool:
    return access.can_handle_referrals(user) or access.can_make_referrals(user)


def can_read(user) -> bool:
    return can_search(user) or access.can_record_withdrawals(user)


def can_read_consents(user) -> bool:
    return can_search(user) or _is_auditor(user)


def _is_auditor(user) -> bool:
    return bool(user.is_active and user.has_perm(AUDIT_PERMISSION))


def listed_referrals(user):
    """The inbox and "My referrals" of ``user``."""
    referrals = access.inbox_queryset(user)
    if access.can_make_referrals(user):
        referrals = referrals | Referral.objects.filter(professional=user)
    return referrals


def readable_referrals(user):
    if access.can_record_withdrawals(user):
        return Referral.objects.all()
    return listed_referrals(user)


def readable_consents(user):
    if _is_auditor(user):
        return ConsentRecord.objects.all()
    return ConsentRecord.objects.filter(pk__in=listed_referrals(user).values("consent_id"))
