from django.core.exceptions import PermissionDenied, ValidationError


class IllegalTransition(ValidationError):
    """A status change the referral's life cycle does not allow."""


class ReferralNotPossible(ValidationError):
    """The activity cannot take a referral now (no agreement in force covers it)."""


class PartnerAccessCut(PermissionDenied):
    """The receiving partner is deactivated or has no agreement in force (``reason``)."""

    def __init__(self, message, reason: str):
        super().__init__(message)
        self.reason = reason
