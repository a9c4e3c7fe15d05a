"""The ledger entry kinds of staff sign-in (payloads hold ids and codes only:
never a name, an email address, a secret or a code), and the labels the
auditor views show."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.ledger.display import register_payload_labels
from wagtail_hyte.ledger.services import register_kind

FACTOR_ENROLLED = register_kind("staff.second_factor_enrolled", _("Second factor enrolled"))
FACTOR_REMOVED = register_kind("staff.second_factor_removed", _("Second factor removed"))
RECOVERY_CODES_RENEWED = register_kind("staff.recovery_codes_renewed", _("Recovery codes renewed"))
RECOVERY_CODE_USED = register_kind("staff.recovery_code_used", _("Recovery code used"))
SSO_USER_CREATED = register_kind("staff.sso_user_created", _("User created by single sign-on"))
ROLES_FROM_PROVIDER = register_kind(
    "staff.roles_from_provider", _("Roles changed by the identity provider")
)

#: The second factor kinds a payload's "factor" names.
FACTORS = {"totp": _("Authenticator app"), "recovery": _("Recovery codes")}
#: How a factor was removed: by its holder, by an administrator in the admin,
#: or outside the admin (the Django admin, a shell, a script).
REMOVED_BY = {
    "self": _("By the user"),
    "admin": _("By an administrator"),
    "direct": _("Outside the HYTE admin"),
}

for _kind in (FACTOR_ENROLLED, FACTOR_REMOVED, RECOVERY_CODES_RENEWED, RECOVERY_CODE_USED):
    register_payload_labels("user", _("User"), kind=_kind)
    register_payload_labels("factor", _("Second factor"), values=FACTORS, kind=_kind)
register_payload_labels("how", _("Removed"), values=REMOVED_BY, kind=FACTOR_REMOVED)
for _kind in (SSO_USER_CREATED, ROLES_FROM_PROVIDER):
    register_payload_labels("user", _("User"), kind=_kind)
    register_payload_labels("identity", _("Identity"), kind=_kind)
register_payload_labels("added", _("Roles added"), kind=ROLES_FROM_PROVIDER)
register_payload_labels("removed", _("Roles removed"), kind=ROLES_FROM_PROVIDER)
