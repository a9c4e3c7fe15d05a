"""The ledger entry kinds of referrals (payloads hold ids and codes only)."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.ledger.services import register_kind

REFERRAL_CREATED = register_kind("referral.created", _("Referral created"))
REFERRAL_STATUS_CHANGED = register_kind("referral.status_changed", _("Referral status changed"))
CLIENT_LOOKUP = register_kind(
    "referral.client_lookup", _("Existing-client lookup in the referral form")
)
