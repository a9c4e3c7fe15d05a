"""The ledger entry kinds of referrals (payloads hold ids and codes only), and
the labels the auditor views show for their purposes, payload keys and codes."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.ledger.contact import DATA_CATEGORIES
from wagtail_hyte.ledger.display import register_payload_labels, register_purpose
from wagtail_hyte.ledger.services import register_kind

from . import purposes
from .models import CancellationReason, ContactAttemptMethod, ContactAttemptResult, ReferralStatus

REFERRAL_CREATED = register_kind("referral.created", _("Referral created"))
REFERRAL_STATUS_CHANGED = register_kind("referral.status_changed", _("Referral status changed"))
CONTACT_ATTEMPT = register_kind("referral.contact_attempt", _("Contact attempt logged"))
CLIENT_LOOKUP = register_kind(
    "referral.client_lookup", _("Existing-client lookup in the referral form")
)

register_purpose(purposes.REFERRAL, _("Referral"))
register_purpose(purposes.CONTACT_CLIENT, _("Contacting the client about a referral"))
register_purpose(purposes.RECEIPT, _("Referral receipt"))
register_purpose(purposes.CLIENT_CONFIRMATION, _("Confirmation to the client"))
register_purpose(purposes.OUTCOME_NOTE, _("Outcome note of a referral"))
register_purpose(purposes.REUSE_CLIENT, _("Reusing an existing client's details"))
register_purpose(purposes.FEEDBACK_INVITE, _("Sending the client a feedback request"))

register_payload_labels("referral", _("Referral"))
register_payload_labels("activity", _("Activity"))
register_payload_labels("partner", _("Partner"))
register_payload_labels("agreement", _("Agreement"))
register_payload_labels("agreement_version", _("Agreement version"))
register_payload_labels("status", _("Status"), values=ReferralStatus.choices)
register_payload_labels("due", _("Contact due"))
register_payload_labels("note", _("Note"))
register_payload_labels("feedback", _("Feedback request agreed"), kind=REFERRAL_CREATED)
register_payload_labels(
    "from", _("Previous status"), values=ReferralStatus.choices, kind=REFERRAL_STATUS_CHANGED
)
register_payload_labels(
    "to", _("New status"), values=ReferralStatus.choices, kind=REFERRAL_STATUS_CHANGED
)
register_payload_labels("reason", values=CancellationReason.choices, kind=REFERRAL_STATUS_CHANGED)
register_payload_labels("fields", _("Searched by"), values=DATA_CATEGORIES, kind=CLIENT_LOOKUP)
register_payload_labels("matches", _("Matches"), kind=CLIENT_LOOKUP)
register_payload_labels(
    "reason",
    values={
        "not_recipient": _("The partner is not the consent's recipient"),
        "not_partner_member": _("Not a member of the receiving partner"),
        "not_referrer": _("Not the referring professional"),
    },
)
register_payload_labels(
    "role",
    values={
        "referrer": _("Referring professional"),
        "partner": _("Partner"),
        "coordinator": _("Coordinator"),
    },
)
register_payload_labels(
    "method", _("How"), values=ContactAttemptMethod.choices, kind=CONTACT_ATTEMPT
)
register_payload_labels(
    "result", _("Result"), values=ContactAttemptResult.choices, kind=CONTACT_ATTEMPT
)
