"""The agreements' part of the activity catalogue: the "referral possible"
badge, the ``referral`` filter, and quota details for professionals."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail_hyte.activities.extensions import Badge
from wagtail_hyte.activities.filters import ActivityFilter
from wagtail_hyte.core.roles import COORDINATOR, PROFESSIONAL, has_role

from .availability import referral_available_condition, referral_offers


def sees_capacity(user) -> bool:
    """Professionals (and coordinators) see when quotas are full; the public does not."""
    return has_role(user, PROFESSIONAL, COORDINATOR)


class ReferralFilter(ActivityFilter):
    """``referral=1``: only activities that can take a referral now."""

    name = "referral"
    label = gettext_lazy("Referral possible")
    widget = "checkbox"
    order = 75
    cacheable = False  # quota slots change outside the catalogue

    def parse(self, raw):
        return "1" if (raw or "").strip() in ("1", "on", "true") else None

    def q(self, value):
        return referral_available_condition()


def referral_badges(pages, request) -> dict:
    offers = referral_offers(pages)
    user = getattr(request, "user", None)
    professional = sees_capacity(user)
    badges = {}
    for page_id, offer in offers.items():
        if offer.available:
            badges[page_id] = [
                Badge(
                    _("Referral possible"),
                    key="referral",
                    description=_("Professionals can refer clients to this activity."),
                )
            ]
        elif professional:
            opens = offer.quota.next_period_opens
            description = _("The partner's referral quota for this period is full.")
            if opens:
                description += " " + _("New referrals can be made from %(date)s.") % {
                    "date": date_format(timezone.localtime(opens).date())
                }
            badges[page_id] = [
                Badge(_("Referrals full"), key="referral-full", description=description)
            ]
    return badges
