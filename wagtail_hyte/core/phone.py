"""Phone number parsing with the ``phonenumbers`` library (Finland as default region)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "FI"


def parse_phone(value: str, region: str = DEFAULT_REGION) -> phonenumbers.PhoneNumber:
    """Parse a Finnish (040 123 4567) or international (+46 ...) number, or raise."""
    try:
        number = phonenumbers.parse(str(value), region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a phone number, e.g. 040 123 4567 or +358 40 123 4567."),
            code="phone_unparsable",
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number is not valid. Check the number and the country code."),
            code="phone_invalid",
        )
    return number


def normalise_phone(value: str, *, field: str | None = None, region: str = DEFAULT_REGION) -> str:
    """Return the number in E.164 form (+358401234567), or raise ValidationError.

    With ``field``, the error is attached to that form field.
    """
    try:
        number = parse_phone(value, region)
    except ValidationError as exc:
        if field:
            raise ValidationError({field: exc}) from None
        raise
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str, region: str = DEFAULT_REGION) -> str:
    """A stored number as people read it: Finnish numbers in the national form
    (040 123 4567), others in the international form (+46 8 123 456 78).
    A value that does not parse is returned as it is."""
    try:
        number = phonenumbers.parse(str(value), region)
    except phonenumbers.NumberParseException:
        return str(value)
    if not phonenumbers.is_valid_number(number):
        return str(value)
    form = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == region
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, form)
