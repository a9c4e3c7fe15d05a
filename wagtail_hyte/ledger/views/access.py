"""Who may open the auditor views: ``permission_required = AUDIT_PERMISSION`` on
each (``core.adminviews.HyteAccessMixin``); the menu items ask the views."""

AUDIT_PERMISSION = "wagtail_hyte_ledger.audit_ledger"
