import pytest
from django.core.exceptions import ValidationError

from wagtail_hyte.partners.validators import (
    business_id_check_digit,
    normalise_business_id,
    validate_business_id,
)


@pytest.mark.parametrize("value", ["0112038-9", "1572860-0", "2617416-4", " 0737546-2 "])
def test_valid_business_ids(value):
    validate_business_id(value)


def test_check_digit_arithmetic():
    # 0112038: 0*7+1*9+1*10+2*5+0*8+3*4+8*2 = 57; 57 % 11 = 2; 11 - 2 = 9
    assert business_id_check_digit("0112038") == 9
    # remainder 0 gives check digit 0
    assert business_id_check_digit("1572860") == 0


def test_remainder_one_is_never_valid():
    # Numbers whose weighted sum leaves remainder 1 are never issued.
    seven = next(
        f"{n:07d}" for n in range(1, 10_000) if business_id_check_digit(f"{n:07d}") is None
    )
    for digit in range(10):
        with pytest.raises(ValidationError) as exc:
            validate_business_id(f"{seven}-{digit}")
        assert exc.value.code == "business_id_check_digit"


@pytest.mark.parametrize("value", ["0112038-8", "0112038-0", "2617416-5"])
def test_wrong_check_digit(value):
    with pytest.raises(ValidationError) as exc:
        validate_business_id(value)
    assert exc.value.code == "business_id_check_digit"


@pytest.mark.parametrize(
    "value", ["", "0112038", "01120389", "0112038-", "A112038-9", "0112038_9", "01120-389", "1-2"]
)
def test_malformed_business_ids(value):
    with pytest.raises(ValidationError) as exc:
        validate_business_id(value)
    assert exc.value.code == "business_id_format"


def test_old_six_digit_form_is_padded():
    assert normalise_business_id("112038-9") == "0112038-9"
    validate_business_id("112038-9")


def test_error_message_is_translated():
    from django.utils import translation

    with translation.override("fi"), pytest.raises(ValidationError) as exc:
        validate_business_id("0112038-8")
    assert exc.value.messages[0] == "Y-tunnuksen tarkistusnumero on väärä. Tarkista tunnus."
