from wagtail_hyte.core.roles import AUDITOR, COORDINATOR

VIEW_FOLLOW_UP = "wagtail_hyte_followup.view_follow_up"

# Coordinators follow the model's figures; auditors read them too.
PERMISSIONS = {
    COORDINATOR: [VIEW_FOLLOW_UP],
    AUDITOR: [VIEW_FOLLOW_UP],
}
