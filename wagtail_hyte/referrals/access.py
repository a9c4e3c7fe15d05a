"""Who may do what with referrals. Views and services both ask these."""

from __future__ import annotations

from wagtail_hyte.core.roles import is_professional
from wagtail_hyte.partners.scoping import partner_scope

MAKE = "wagtail_hyte_referrals.make_referral"
HANDLE = "wagtail_hyte_referrals.handle_referral"
FIGURES = "wagtail_hyte_referrals.view_referral_figures"
WITHDRAW = "wagtail_hyte_referrals.record_withdrawal"


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_make_referrals(user) -> bool:
    return is_professional(user) and user.has_perm(MAKE)


def can_handle_referrals(user) -> bool:
    return _active(user) and user.has_perm(HANDLE)


def can_view_figures(user) -> bool:
    return _active(user) and (user.has_perm(FIGURES) or user.has_perm(HANDLE))


def member_partners(user):
    """The partners ``user`` works for (a membership, inside the partner scope).

    Only these partners' referrals may ``user`` act on or read personal data
    of, superusers included: a superuser is not a partner's staff member.
    """
    from wagtail_hyte.partners.models import Partner

    if not can_handle_referrals(user):
        return Partner.objects.none()
    # Partner staff handle their own partners' referrals only, even if another
    # permission widens their partner scope elsewhere.
    return partner_scope(user).filter(memberships__user=user).distinct()


def handled_partners(user):
    """The partners whose referrals ``user`` sees in the inbox (none without the
    permission). Superusers see every partner's inbox, without personal data."""
    from wagtail_hyte.partners.models import Partner

    if not can_handle_referrals(user):
        return Partner.objects.none()
    if user.is_superuser:
        return Partner.objects.all()
    return member_partners(user)


def inbox_queryset(user):
    from .models import Referral

    return Referral.objects.filter(partner__in=handled_partners(user))


def may_handle(user, referral) -> bool:
    """``user`` is staff of the referral's receiving partner (superusers only if members)."""
    return member_partners(user).filter(pk=referral.partner_id).exists()


def is_referrer(user, referral) -> bool:
    return _active(user) and referral.professional_id == user.pk and can_make_referrals(user)


def can_record_withdrawals(user) -> bool:
    """Coordinators record a client's withdrawal for any referral."""
    return _active(user) and user.has_perm(WITHDRAW)


def withdrawal_role(user, referral) -> str:
    """In which capacity ``user`` may record the client's withdrawal, or ""."""
    if is_referrer(user, referral):
        return "referrer"
    if may_handle(user, referral):
        return "partner"
    if can_record_withdrawals(user):
        return "coordinator"
    return ""


# Why a partner's access to a referral is cut (codes, also in the ledger).
PARTNER_INACTIVE = "partner_inactive"
AGREEMENT_SUSPENDED = "agreement_suspended"
NO_AGREEMENT_IN_FORCE = "no_agreement_in_force"


def partner_cut(referral, action: str, day=None) -> str:
    """Why the receiving partner may not do ``action`` now, or "" when it may.

    ``action`` is ``reveal``, ``accept`` or ``outcome``:

    * partner deactivated: every action is cut;
    * the referral's agreement suspended, or no agreement of the partner in
      force today (ended, suspended or past its end date; a renewal in force
      keeps access): reveal and accept are cut, reporting the outcome is not
      (it reveals nothing and closes the referral, so retention can start).

    Withdrawal is never cut: it only takes access away.
    """
    from wagtail_hyte.agreements.models import AgreementStatus, PartnerAgreement
    from wagtail_hyte.core.periods import local_date

    partner = referral.partner
    if not partner.active:
        return PARTNER_INACTIVE
    if action == "outcome":
        return ""
    agreement = referral.agreement
    if agreement.status == AgreementStatus.SUSPENDED:
        return AGREEMENT_SUSPENDED
    in_force = PartnerAgreement.objects.in_force(day or local_date()).filter(partner=partner)
    if not in_force.exists():
        return NO_AGREEMENT_IN_FORCE
    return ""
