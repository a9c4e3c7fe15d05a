from wagtail_hyte.core.roles import AUDITOR, COORDINATOR, PARTNER_STAFF, PROFESSIONAL

PERMISSIONS = {
    PROFESSIONAL: ["wagtail_hyte_referrals.make_referral"],
    PARTNER_STAFF: ["wagtail_hyte_referrals.handle_referral"],
    # Coordinators also record a client's withdrawal of consent for any referral.
    COORDINATOR: [
        "wagtail_hyte_referrals.view_referral_figures",
        "wagtail_hyte_referrals.record_withdrawal",
    ],
    AUDITOR: ["wagtail_hyte_referrals.view_referral_figures"],
}

# Whoever may make referrals is a professional (core.roles.is_professional).
PROFESSIONAL_PERMISSIONS = ["wagtail_hyte_referrals.make_referral"]
