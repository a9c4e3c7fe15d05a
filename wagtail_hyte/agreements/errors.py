from django.core.exceptions import ValidationError


class IllegalTransition(ValidationError):
    """A status change the agreement's life cycle does not allow."""


class QuotaExhausted(ValidationError):
    """No quota slot is left in the current period."""


class AgreementNotInForce(ValidationError):
    """The agreement cannot take referrals now (not active, or outside its validity)."""
