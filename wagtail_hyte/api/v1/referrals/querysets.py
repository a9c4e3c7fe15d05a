"""Which referrals a user reaches through the API: the admin screens' querysets,
put together. Nothing here decides anew; each part is the admin's own:

* the partner's inbox (``referrals.access.inbox_queryset``, as
  ``partner.InboxView`` and the partner's referral page);
* the professional's own referrals, as "My referrals" and the receipt
  (``professional.MyReferralsView``, ``OwnReferralMixin``);
* for coordinators (``access.can_record_withdrawals``), the referrals a
  referral number finds (``coordinator.find_referrals``), as the admin's
  "Record a withdrawal": a coordinator reaches a referral by its number,
  never by browsing every referral.
"""

from __future__ import annotations

from django.db.models import Q

from wagtail_hyte.referrals import access
from wagtail_hyte.referrals.models import Referral
from wagtail_hyte.referrals.views.coordinator import find_referrals


def inbox(user):
    return access.inbox_queryset(user)


def in_inbox(user, referral) -> bool:
    return inbox(user).filter(pk=referral.pk).exists()


def own_referrals(user):
    """The professional's own referrals; none for anyone who may not make referrals."""
    if not access.can_make_referrals(user):
        return Referral.objects.none()
    return Referral.objects.filter(professional=user)


def readable(user, prefix: str = ""):
    """The referrals ``user`` may read without personal data: the inbox, the own
    referrals and, for a coordinator, those the referral number ``prefix``
    (8–32 hexadecimal digits, as ``coordinator.ReferenceForm`` cleans it) finds."""
    condition = Q(pk__in=inbox(user).values("pk")) | Q(pk__in=own_referrals(user).values("pk"))
    if prefix and access.can_record_withdrawals(user):
        condition |= Q(pk__in=find_referrals(prefix).values("pk"))
    return Referral.objects.filter(condition)


def withdrawable(user):
    """The referrals whose withdrawal screen opens for ``user``: the own ones, the
    inbox's, and for a coordinator any referral (the admin's coordinator screen
    takes any referral). Who may record it is still ``services.withdraw``'s."""
    if access.can_record_withdrawals(user):
        return Referral.objects.all()
    return Referral.objects.filter(
        Q(pk__in=inbox(user).values("pk")) | Q(pk__in=own_referrals(user).values("pk"))
    )
