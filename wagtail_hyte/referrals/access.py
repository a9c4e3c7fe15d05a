"""Who may do what with referrals. Views and services both ask these."""

from __future__ import annotations

from wagtail_hyte.core.roles import PROFESSIONAL, has_role
from wagtail_hyte.partners.scoping import partner_scope

MAKE = "wagtail_hyte_referrals.make_referral"
HANDLE = "wagtail_hyte_referrals.handle_referral"
FIGURES = "wagtail_hyte_referrals.view_referral_figures"


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_make_referrals(user) -> bool:
    return _active(user) and has_role(user, PROFESSIONAL) and user.has_perm(MAKE)


def can_handle_referrals(user) -> bool:
    return _active(user) and user.has_perm(HANDLE)


def can_view_figures(user) -> bool:
    return _active(user) and (user.has_perm(FIGURES) or user.has_perm(HANDLE))


def handled_partners(user):
    """The partners whose referrals ``user`` handles (none without the permission)."""
    from wagtail_hyte.partners.models import Partner

    if not can_handle_referrals(user):
        return Partner.objects.none()
    if user.is_superuser:
        return Partner.objects.all()
    # Partner staff handle their own partners' referrals only, even if another
    # permission widens their partner scope elsewhere.
    return partner_scope(user).filter(memberships__user=user).distinct()


def inbox_queryset(user):
    from .models import Referral

    return Referral.objects.filter(partner__in=handled_partners(user))


def may_handle(user, referral) -> bool:
    return handled_partners(user).filter(pk=referral.partner_id).exists()


def is_referrer(user, referral) -> bool:
    return _active(user) and referral.professional_id == user.pk and can_make_referrals(user)
