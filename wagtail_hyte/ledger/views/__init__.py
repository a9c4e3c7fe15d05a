"""Read-only Wagtail admin views for auditors (permission ``audit_ledger``)."""
