from django.core.exceptions import ValidationError


class IllegalTransition(ValidationError):
    """A status change the referral's life cycle does not allow."""


class ReferralNotPossible(ValidationError):
    """The activity cannot take a referral now (no agreement in force covers it)."""
