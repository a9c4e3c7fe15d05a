from wagtail_hyte.core.roles import AUDITOR, COORDINATOR

VIEW_TOKENS = "wagtail_hyte_api.view_apitoken"
MANAGE_TOKENS = "wagtail_hyte_api.manage_apitoken"

# Coordinators create and revoke the integrations' API tokens; auditors read the list.
PERMISSIONS = {
    COORDINATOR: [VIEW_TOKENS, MANAGE_TOKENS],
    AUDITOR: [VIEW_TOKENS],
}
