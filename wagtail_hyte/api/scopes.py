"""What an API token may be used for. A token carries a set of these scopes; a
request made with the admin session has them all (the user's own permissions
still decide, as in the admin). A scope never widens a user's permissions: it
only narrows what a token of that user can do."""

from django.utils.translation import gettext_lazy as _

SCOPES: dict[str, str] = {
    "agreements:read": _("Read partner agreements"),
    "referrals:read": _("Read referrals (no personal data)"),
    "referrals:write": _("Make referrals, accept them, report outcomes, record withdrawals"),
    "referrals:reveal": _("Reveal the client's contact details (ledgered)"),
    "recommendations:write": _("Make recommendations"),
    "ledger:read": _("Read the ledger, its checkpoints and its verification"),
    "followup:read": _("Read the follow-up figures"),
}
