"""Encryption fails loudly: wrong key, moved ciphertext, tampered tag, retired key."""

import os

import pytest

from wagtail_hyte.ledger.crypto import (
    DecryptionError,
    blind_index,
    decrypt_contact,
    encrypt_contact,
    new_data_key,
    unwrap_data_key,
    wrap_data_key,
)
from wagtail_hyte.ledger.keys import Keyring, KeyUnavailable, get_keyring
from wagtail_hyte.ledger.models import ContactDetails, Subject
from wagtail_hyte.ledger.services import DecryptionError as ServiceDecryptionError
from wagtail_hyte.ledger.services import read_contact_details

S1, S2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
R1, R2 = "aaaaaaaa-1111-4111-8111-111111111111", "bbbbbbbb-2222-4222-8222-222222222222"


def keyring(**keks):
    current = next(iter(keks))
    return Keyring(
        keks=keks, current_key_id=current, blind_index_key=os.urandom(32), signing_seed=None
    )


def test_round_trip():
    key = new_data_key()
    sealed = encrypt_contact(key, S1, R1, b"secret")
    assert decrypt_contact(key, S1, R1, sealed) == b"secret"
    assert b"secret" not in sealed


def test_wrong_key_fails_loudly():
    sealed = encrypt_contact(new_data_key(), S1, R1, b"secret")
    with pytest.raises(DecryptionError):
        decrypt_contact(new_data_key(), S1, R1, sealed)


@pytest.mark.parametrize(("subject", "row"), [(S2, R1), (S1, R2), (S2, R2)])
def test_moved_ciphertext_fails(subject, row):
    key = new_data_key()
    sealed = encrypt_contact(key, S1, R1, b"secret")
    with pytest.raises(DecryptionError):
        decrypt_contact(key, subject, row, sealed)


@pytest.mark.parametrize("position", [0, 12, -1, -16])
def test_tampered_bytes_fail(position):
    key = new_data_key()
    sealed = bytearray(encrypt_contact(key, S1, R1, b"secret"))
    sealed[position] ^= 0x01
    with pytest.raises(DecryptionError):
        decrypt_contact(key, S1, R1, bytes(sealed))


@pytest.mark.parametrize("sealed", [b"", None, b"x" * 20])
def test_empty_or_short_ciphertext_fails(sealed):
    with pytest.raises(DecryptionError):
        decrypt_contact(new_data_key(), S1, R1, sealed)


def test_wrapped_key_bound_to_subject_and_key_id():
    ring = keyring(k1=os.urandom(32), k2=os.urandom(32))
    data_key = new_data_key()
    key_id, wrapped = wrap_data_key(ring, S1, data_key)
    assert key_id == "k1"
    assert unwrap_data_key(ring, S1, "k1", wrapped) == data_key
    for subject, kid in [(S2, "k1"), (S1, "k2"), (S1, "missing")]:
        with pytest.raises(DecryptionError):
            unwrap_data_key(ring, subject, kid, wrapped)


def test_blind_index_is_keyed_and_domain_separated():
    ring = keyring(k1=os.urandom(32))
    other = keyring(k1=os.urandom(32))
    a = blind_index(ring, "phone", "+358401234567")
    assert a == blind_index(ring, "phone", "+358401234567")
    assert a != blind_index(other, "phone", "+358401234567")
    assert a != blind_index(ring, "email", "+358401234567")
    import hashlib

    assert a != hashlib.sha256(b"+358401234567").hexdigest()


def test_missing_keys_are_reported(settings):
    from django.test import override_settings

    hyte = settings.WAGTAIL_HYTE
    with (
        override_settings(WAGTAIL_HYTE={**hyte, "CURRENT_KEY_ID": ""}),
        pytest.raises(KeyUnavailable),
    ):
        _ = get_keyring().current_kek
    with (
        override_settings(WAGTAIL_HYTE={**hyte, "BLIND_INDEX_KEY": "bad"}),
        pytest.raises(KeyUnavailable),
    ):
        get_keyring()


@pytest.mark.django_db
def test_moved_ciphertext_between_rows_fails_in_service(make_subject, consent_for, professional):
    a, b = make_subject(), make_subject()
    consent_for(a)
    consent_for(b)
    row_a = ContactDetails.objects.get(subject=a)
    ContactDetails.objects.filter(subject=b).update(ciphertext=row_a.ciphertext)
    with pytest.raises(ServiceDecryptionError):
        read_contact_details(b, professional, "referral")
    # a wrapped key copied to another subject does not unwrap either
    Subject.objects.filter(pk=b.pk).update(wrapped_key=Subject.objects.get(pk=a.pk).wrapped_key)
    with pytest.raises(ServiceDecryptionError):
        read_contact_details(b, professional, "referral")
    assert read_contact_details(a, professional, "referral").name
