"""The referrals' part of the activity catalogue: the "referral possible" badge,
the ``referral`` filter, and quota details for professionals.

Registered in this app's wagtail_hooks, so a site with the agreements app but
without referrals advertises no referrals. Neither the badge nor the filter is
offered while referrals cannot be made (``readiness.referrals_available``: no
keys or no consent notice). The availability queries stay in
``wagtail_hyte.agreements.availability``; referrals depends on agreements, never
the reverse.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail_hyte.activities.extensions import Badge
from wagtail_hyte.activities.filters import ActivityFilter
from wagtail_hyte.agreements.availability import referral_available_condition, referral_offers
from wagtail_hyte.core.roles import COORDINATOR, has_role, is_professional

from .figures import usual_contact_days
from .readiness import referrals_available


def sees_capacity(user) -> bool:
    """Professionals (and coordinators) see when quotas are full; the public does not."""
    return is_professional(user) or has_role(user, COORDINATOR)


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


def referral_filters() -> list[ActivityFilter]:
    """The filter, or none while referrals cannot be made."""
    return [ReferralFilter()] if referrals_available() else []


def referral_badges(pages, request) -> dict:
    """{page id: [Badge]}: "Referral possible", or "Referrals full" for professionals.

    Nothing while referrals cannot be made; then not even the offers are queried.
    """
    if not referrals_available():
        return {}
    offers = referral_offers(pages)
    professional = sees_capacity(getattr(request, "user", None))
    organisers = {page.pk: page.organiser_id for page in pages}
    usual = usual_contact_days(
        organisers[page_id] for page_id, offer in offers.items() if offer.available
    )
    badges = {}
    for page_id, offer in offers.items():
        if offer.available:
            description = _(
                "A health or social care professional can refer you here: with "
                "your consent they pass your contact details to the organiser, "
                "who then contacts you."
            )
            days = usual.get(organisers.get(page_id))
            if days:
                description += " " + ngettext(
                    "The organiser usually contacts within %(days)s day.",
                    "The organiser usually contacts within %(days)s days.",
                    days,
                ) % {"days": days}
            badges[page_id] = [
                Badge(_("Referral possible"), key="referral", description=description)
            ]
        elif professional:
            badges[page_id] = [full_badge(offer)]
    return badges


def full_badge(offer) -> Badge:
    if offer.pause is not None:
        label = _("Group full") if offer.pause.reason == "group_full" else _("Referrals paused")
    else:
        label = _("Referrals full")
    return Badge(label, key="referral-full", description=offer.unavailable_message())
