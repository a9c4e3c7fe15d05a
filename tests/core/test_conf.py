"""The WAGTAIL_HYTE settings object: defaults, overrides, imports, reloads."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wagtail_hyte.core.conf import DEFAULTS, HyteSettings, hyte_settings
from wagtail_hyte.partners.scoping import partners_for_user


def custom_scope(user):
    return "custom"


def test_defaults_apply_when_key_is_absent():
    settings_obj = HyteSettings()
    with override_settings(WAGTAIL_HYTE={}):
        settings_obj.reload()
        assert settings_obj.LANGUAGES == ("fi", "sv", "en")
        assert settings_obj.FROM_EMAIL == ""
        assert DEFAULTS["CONTROLLER"] == settings_obj.CONTROLLER


def test_missing_setting_entirely_uses_defaults(settings):
    del settings.WAGTAIL_HYTE
    assert hyte_settings.LANGUAGES == ("fi", "sv", "en")
    assert hyte_settings.KEY_ENCRYPTION_KEYS == {}


def test_override_is_seen_and_reloaded_on_setting_changed():
    with override_settings(WAGTAIL_HYTE={"FROM_EMAIL": "hyte@example.invalid"}):
        assert hyte_settings.FROM_EMAIL == "hyte@example.invalid"
    # override_settings fires setting_changed again on exit: the cache is dropped.
    assert hyte_settings.FROM_EMAIL == ""


def test_nested_dict_merges_with_defaults():
    with override_settings(WAGTAIL_HYTE={"CONTROLLER": {"name": "Testialue"}}):
        assert hyte_settings.CONTROLLER["name"] == "Testialue"
        assert hyte_settings.CONTROLLER["email"] == ""


def test_dotted_path_is_imported():
    assert hyte_settings.PARTNER_SCOPE is partners_for_user
    path = f"{__name__}.custom_scope"
    with override_settings(WAGTAIL_HYTE={"PARTNER_SCOPE": path}):
        assert hyte_settings.PARTNER_SCOPE is custom_scope
        assert hyte_settings.PARTNER_SCOPE(None) == "custom"


def test_bad_dotted_path_raises_improperly_configured():
    with (
        override_settings(WAGTAIL_HYTE={"PARTNER_SCOPE": "no.such.module.func"}),
        pytest.raises(ImproperlyConfigured, match="PARTNER_SCOPE"),
    ):
        hyte_settings.PARTNER_SCOPE  # noqa: B018


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="Invalid WAGTAIL_HYTE setting"):
        hyte_settings.NO_SUCH_KEY  # noqa: B018


def test_non_dict_setting_is_rejected():
    with (
        override_settings(WAGTAIL_HYTE=["not", "a", "dict"]),
        pytest.raises(ImproperlyConfigured, match="must be a dict"),
    ):
        hyte_settings.LANGUAGES  # noqa: B018


def test_unknown_keys_are_reported():
    with override_settings(WAGTAIL_HYTE={"FROM_EMAIL": "", "FORM_EMAIL": "typo"}):
        assert hyte_settings.unknown_keys() == ["FORM_EMAIL"]
