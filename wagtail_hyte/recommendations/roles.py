from wagtail_hyte.core.roles import COORDINATOR

# Coordinators edit the message templates and read the figures; professionals
# recommend (checked with has_role(user, PROFESSIONAL), no model permission).
PERMISSIONS = {
    COORDINATOR: [
        "wagtail_hyte_recommendations.add_messagetemplate",
        "wagtail_hyte_recommendations.change_messagetemplate",
        "wagtail_hyte_recommendations.delete_messagetemplate",
        "wagtail_hyte_recommendations.view_messagetemplate",
        "wagtail_hyte_recommendations.view_recommendationcount",
    ],
}
