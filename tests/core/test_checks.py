"""Each system check fires when it should and stays silent otherwise."""

import base64

import pytest
from django.test import override_settings

from wagtail_hyte.core.checks import check_secrets

GOOD = base64.b64encode(bytes(range(1, 33))).decode()
GOOD2 = base64.b64encode(bytes(range(2, 34))).decode()
DEV_KEK = "9jFDszBzIS83qQj9UtEwk/PrD4ufVgY5/MKbJg2Oj0g="  # the example site's dev key


def complete(**overrides):
    value = {
        "CONTROLLER": {"name": "Testin hyvinvointialue"},
        "KEY_ENCRYPTION_KEYS": {"k1": GOOD},
        "CURRENT_KEY_ID": "k1",
        "BLIND_INDEX_KEY": GOOD2,
        "CHECKPOINT_SIGNING_KEY": GOOD,
    }
    value.update(overrides)
    return value


def ids(debug, hyte):
    with override_settings(DEBUG=debug, WAGTAIL_HYTE=hyte):
        return sorted(m.id for m in check_secrets())


def test_complete_configuration_passes_with_debug_off():
    assert ids(False, complete()) == []


def test_test_settings_pass_the_checks():
    # The suite's own settings (DEBUG off) are a valid production-like configuration.
    assert [m.id for m in check_secrets()] == []


@pytest.mark.parametrize(
    "missing",
    ["KEY_ENCRYPTION_KEYS", "CURRENT_KEY_ID", "BLIND_INDEX_KEY", "CHECKPOINT_SIGNING_KEY"],
)
def test_missing_secret_is_an_error_without_debug(missing):
    hyte = complete()
    hyte.pop(missing)
    found = ids(False, hyte)
    assert "hyte.E001" in found


def test_missing_secrets_are_warnings_with_debug():
    assert ids(True, {"CONTROLLER": {"name": "x"}}) == ["hyte.W002"] * 4


@pytest.mark.parametrize(
    "override",
    [
        {"BLIND_INDEX_KEY": "not base64!"},
        {"BLIND_INDEX_KEY": base64.b64encode(b"short").decode()},
        {"CHECKPOINT_SIGNING_KEY": base64.b64encode(bytes(range(40))).decode()},
        {"KEY_ENCRYPTION_KEYS": {"k1": base64.b64encode(bytes(32)).decode()}},
        {"KEY_ENCRYPTION_KEYS": "k1:abc"},
    ],
)
def test_malformed_keys_are_errors(override):
    assert "hyte.E002" in ids(False, complete(**override))
    assert "hyte.E002" in ids(True, complete(**override))


def test_current_key_id_must_name_a_key():
    assert ids(False, complete(CURRENT_KEY_ID="k9")) == ["hyte.E003"]


def test_controller_name_required_without_debug():
    assert ids(False, complete(CONTROLLER={"name": ""})) == ["hyte.E004"]
    assert ids(True, complete(CONTROLLER={"name": ""})) == []


def test_published_development_keys_warn_with_debug_and_fail_without():
    hyte = complete(KEY_ENCRYPTION_KEYS={"dev-1": DEV_KEK}, CURRENT_KEY_ID="dev-1")
    assert ids(True, hyte) == ["hyte.W001"]
    assert ids(False, hyte) == ["hyte.E005"]


def test_example_site_dev_keys_are_the_published_ones():
    from example_site.settings import dev

    with override_settings(DEBUG=True, WAGTAIL_HYTE=dev.WAGTAIL_HYTE):
        messages = check_secrets()
    assert [m.id for m in messages] == ["hyte.W001"]
    for name in ("KEY_ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "CHECKPOINT_SIGNING_KEY"):
        assert name in messages[0].msg


def test_unknown_key_warns():
    assert ids(False, complete(BLIND_INDEX=GOOD)) == ["hyte.W003"]
