from wagtail_hyte.core.roles import AUDITOR, COORDINATOR, EDITOR, PARTNER_STAFF

_ALL_PARTNER_PERMS = [
    "wagtail_hyte_partners.add_partner",
    "wagtail_hyte_partners.change_partner",
    "wagtail_hyte_partners.delete_partner",
    "wagtail_hyte_partners.view_partner",
    "wagtail_hyte_partners.add_partnermembership",
    "wagtail_hyte_partners.change_partnermembership",
    "wagtail_hyte_partners.delete_partnermembership",
    "wagtail_hyte_partners.view_partnermembership",
    "wagtail_hyte_partners.view_all_partners",
]

PERMISSIONS = {
    COORDINATOR: _ALL_PARTNER_PERMS,
    # Editors pick organisers for activity pages: they read every partner.
    EDITOR: ["wagtail_hyte_partners.view_partner", "wagtail_hyte_partners.view_all_partners"],
    AUDITOR: [
        "wagtail_hyte_partners.view_partner",
        "wagtail_hyte_partners.view_partnermembership",
        "wagtail_hyte_partners.view_all_partners",
    ],
    # Partner staff see and edit their own partner only (scoped by membership).
    PARTNER_STAFF: [
        "wagtail_hyte_partners.view_partner",
        "wagtail_hyte_partners.change_partner",
        "wagtail_hyte_partners.view_partnermembership",
    ],
}
