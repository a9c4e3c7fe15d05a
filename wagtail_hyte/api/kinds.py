"""The ledger entry kinds of API tokens (payloads hold ids and codes only: never
the token, its digest or a name), and the labels the auditor views show."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.ledger.display import register_payload_labels
from wagtail_hyte.ledger.services import register_kind

from .scopes import SCOPES

TOKEN_CREATED = register_kind("api_token.created", _("API token created"))
TOKEN_REVOKED = register_kind("api_token.revoked", _("API token revoked"))

for _kind in (TOKEN_CREATED, TOKEN_REVOKED):
    register_payload_labels("token", _("API token"), kind=_kind)
    register_payload_labels("prefix", _("Token begins"), kind=_kind)
register_payload_labels("acts_as", _("Acts as"), kind=TOKEN_CREATED)
register_payload_labels("scopes", _("Scopes"), values=SCOPES, kind=TOKEN_CREATED)
