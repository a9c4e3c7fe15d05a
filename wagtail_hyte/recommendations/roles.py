from wagtail_hyte.core.roles import COORDINATOR, PROFESSIONAL

RECOMMEND = "wagtail_hyte_recommendations.recommend_activities"

# Coordinators edit the message templates and read the figures; professionals
# recommend (asked by services.can_recommend).
PERMISSIONS = {
    PROFESSIONAL: [RECOMMEND],
    COORDINATOR: [
        "wagtail_hyte_recommendations.add_messagetemplate",
        "wagtail_hyte_recommendations.change_messagetemplate",
        "wagtail_hyte_recommendations.delete_messagetemplate",
        "wagtail_hyte_recommendations.view_messagetemplate",
        "wagtail_hyte_recommendations.view_recommendationcount",
    ],
}

# Whoever may recommend is a professional (core.roles.is_professional).
PROFESSIONAL_PERMISSIONS = [RECOMMEND]
