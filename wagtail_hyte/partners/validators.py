"""Validation of Finnish business IDs (Y-tunnus)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_BUSINESS_ID = re.compile(r"^(\d{7})-(\d)$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_check_digit(first_seven: str) -> int | None:
    """Return the check digit for seven digits, or None when no digit is valid."""
    remainder = sum(int(d) * w for d, w in zip(first_seven, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None  # such numbers are never issued
    return 11 - remainder


def normalise_business_id(value: str) -> str:
    """Strip white space; pad the six-digit form of old IDs to seven digits."""
    value = "".join(str(value).split())
    if re.fullmatch(r"\d{6}-\d", value):
        value = "0" + value
    return value


def validate_business_id(value: str) -> None:
    """Raise ValidationError unless ``value`` is a well-formed Y-tunnus with a valid check digit."""
    normalised = normalise_business_id(value)
    match = _BUSINESS_ID.match(normalised)
    if not match:
        raise ValidationError(
            _("Enter a Finnish business ID in the form 1234567-8."), code="business_id_format"
        )
    expected = business_id_check_digit(match.group(1))
    if expected is None or expected != int(match.group(2)):
        raise ValidationError(
            _("The check digit of this business ID is wrong. Check the number."),
            code="business_id_check_digit",
        )
