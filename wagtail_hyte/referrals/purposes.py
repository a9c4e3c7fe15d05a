"""The purposes referrals give when they read or seal a client's personal data.

Every read of personal data names its purpose in the ledger; these are the
referral app's codes, in one module that services, notifications and views
import without importing each other.
"""

REFERRAL = "referral"
CONTACT_CLIENT = "referral.contact_client"
RECEIPT = "receipt"
CLIENT_CONFIRMATION = "referral.client_confirmation"
OUTCOME_NOTE = "referral.outcome_note"
REUSE_CLIENT = "referral.reuse_client"
FEEDBACK_INVITE = "feedback.invite"
