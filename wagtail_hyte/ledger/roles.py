from wagtail_hyte.core.roles import AUDITOR, COORDINATOR, PROFESSIONAL

PERMISSIONS = {
    # Auditors read the ledger, consent timelines, reads and integrity status.
    AUDITOR: ["wagtail_hyte_ledger.audit_ledger", "wagtail_hyte_ledger.view_consentnotice"],
    # Coordinators publish consent notice texts (never delete one: consents cite it).
    COORDINATOR: [
        "wagtail_hyte_ledger.add_consentnotice",
        "wagtail_hyte_ledger.change_consentnotice",
        "wagtail_hyte_ledger.view_consentnotice",
    ],
    # Professionals show the notice to the client when asking for consent.
    PROFESSIONAL: ["wagtail_hyte_ledger.view_consentnotice"],
}
