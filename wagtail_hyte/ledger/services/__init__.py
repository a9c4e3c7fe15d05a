"""The ledger's services: the only way to write subjects, consents and entries.

Every function is one business action in one transaction. See
docs/ledger-api.md for the contract other apps rely on.
"""

from ..chain import PayloadError, append_entry
from ..crypto import DecryptionError
from ..kinds import register_kind
from .consent import expire_consents, record_consent, withdraw_consent
from .erasure import (
    declare_business_closed,
    enforce_retention,
    erase_subject,
    reopen_business,
    retention_hold,
    subject_erased,
)
from .errors import ReadRefused
from .personal_data import (
    create_subject_with_contact,
    find_subjects_by_email,
    find_subjects_by_phone,
    read_contact_details,
    read_sealed_text,
    seal_text,
    update_contact_details,
)
from .refusals import record_read_refused
from .rotation import rotate_keys

__all__ = [
    "DecryptionError",
    "PayloadError",
    "ReadRefused",
    "append_entry",
    "create_subject_with_contact",
    "declare_business_closed",
    "enforce_retention",
    "erase_subject",
    "expire_consents",
    "find_subjects_by_email",
    "find_subjects_by_phone",
    "read_contact_details",
    "read_sealed_text",
    "record_read_refused",
    "record_consent",
    "register_kind",
    "reopen_business",
    "retention_hold",
    "rotate_keys",
    "seal_text",
    "subject_erased",
    "update_contact_details",
    "withdraw_consent",
]
