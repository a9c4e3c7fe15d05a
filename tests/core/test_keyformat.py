"""KEY_ENCRYPTION_KEYS in its two forms: a dict, or the environment's string."""

import base64

import pytest

from wagtail_hyte.core.keyformat import (
    KeyFormatError,
    format_keyring,
    is_valid_key_id,
    parse_keyring,
)

A = base64.b64encode(bytes(range(1, 33))).decode()
B = base64.b64encode(bytes(range(2, 34))).decode()


@pytest.mark.parametrize("value", [None, {}, "", "   "])
def test_empty_means_not_set(value):
    assert parse_keyring(value) == {}


def test_dict_is_returned_as_is_in_order():
    assert list(parse_keyring({"new": A, "old": B})) == ["new", "old"]


def test_string_form_in_order_with_spaces_and_trailing_comma():
    assert parse_keyring(f"k2:{B}, k1 : {A} ,") == {"k2": B, "k1": A}
    assert list(parse_keyring(f"k2:{B},k1:{A}")) == ["k2", "k1"]


def test_format_is_the_inverse_of_parse():
    keys = {"kek-20270101": A, "kek_2": B}
    assert format_keyring(keys) == f"kek-20270101:{A},kek_2:{B}"
    assert parse_keyring(format_keyring(keys)) == keys


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (",", "holds no 'id:base64' item"),
        (f"k1:{A},,k2:{B}", "item 2 is empty"),
        (f"k1:{A},{B}", "item 2 has no ':' between the key id and the key"),
        (f":{A}", "the key id of item 1 must be"),
        (f"k 1:{A}", "the key id of item 1 must be"),
        (f"k.1:{A}", "the key id of item 1 must be"),  # '.' separates sealed tokens
        ("k1:", "the key of 'k1' (item 1) is empty"),
        (f"k1:{A},k1:{B}", "the key id 'k1' appears more than once"),
        (["k1", A], "must be a dict {key id: base64} or a string"),
        ({"": A}, "every key id must be a non-empty string"),
        ({1: A}, "every key id must be a non-empty string"),
    ],
)
def test_malformed_values_name_the_problem(value, problem):
    with pytest.raises(KeyFormatError) as exc:
        parse_keyring(value)
    assert problem in str(exc.value)


@pytest.mark.parametrize("value", [f"{A}:k1", f"{A}", f"{A},k2:{B}", f"k1:{A},{B}:k2"])
def test_a_misplaced_key_is_never_echoed(value):
    with pytest.raises(KeyFormatError) as exc:
        parse_keyring(value)
    assert A not in str(exc.value) and B not in str(exc.value)
    for part in (A, B):
        assert part[:12] not in str(exc.value)


def test_key_id_rule():
    assert is_valid_key_id("kek-20270101") and is_valid_key_id("K_1")
    assert not is_valid_key_id("") and not is_valid_key_id("a" * 65)
    assert not is_valid_key_id("k:1") and not is_valid_key_id("k=1") and not is_valid_key_id(1)
