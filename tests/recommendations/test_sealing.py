"""The sealed recipient of the retry queue opens only for its own delivery, key and time."""

import pytest

from wagtail_hyte.recommendations.sealing import SealError, open_sealed, seal

from .conftest import PHONE_E164


def test_round_trip_and_binding(settings):
    token = seal(PHONE_E164, delivery_id="d1", channel="sms", now=1000)
    assert PHONE_E164 not in token and "7654321" not in token
    assert open_sealed(token, delivery_id="d1", channel="sms", now=1010) == PHONE_E164
    with pytest.raises(SealError):
        open_sealed(token, delivery_id="d2", channel="sms", now=1010)
    with pytest.raises(SealError):
        open_sealed(token, delivery_id="d1", channel="email", now=1010)
    with pytest.raises(SealError, match="expired"):
        open_sealed(token, delivery_id="d1", channel="sms", now=1000 + 86401)
    version, key_id, issued, blob = token.split(".", 3)
    with pytest.raises(SealError):
        open_sealed(
            f"{version}.{key_id}.{int(issued) + 1}.{blob}",
            delivery_id="d1",
            channel="sms",
            now=1010,
        )
    tampered = blob[:-3] + ("A" if blob[-3] != "A" else "B") + blob[-2:]
    with pytest.raises(SealError):
        open_sealed(
            f"{version}.{key_id}.{issued}.{tampered}", delivery_id="d1", channel="sms", now=1010
        )
    with pytest.raises(SealError):
        open_sealed("garbage", delivery_id="d1", channel="sms")


def test_each_seal_differs_and_needs_its_key(settings):
    a = seal(PHONE_E164, delivery_id="d1", channel="sms", now=1000)
    b = seal(PHONE_E164, delivery_id="d1", channel="sms", now=1000)
    assert a != b
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "KEY_ENCRYPTION_KEYS": {}}
    with pytest.raises(SealError, match="unknown key"):
        open_sealed(a, delivery_id="d1", channel="sms", now=1000)
