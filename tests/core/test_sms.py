"""The SMS backends live in core; the old ``recommendations.sms`` paths still load (hyte.W006)."""

import importlib

import pytest
from django.test import override_settings

from wagtail_hyte.core.checks import check_moved_paths
from wagtail_hyte.core.conf import hyte_settings, moved_path
from wagtail_hyte.core.sms import BaseSmsBackend, get_sms_backend
from wagtail_hyte.core.sms.console import ConsoleSmsBackend
from wagtail_hyte.core.sms.file import FileSmsBackend
from wagtail_hyte.core.sms.http import HttpSmsBackend

OLD = "wagtail_hyte.recommendations.sms"


def test_the_default_backend_is_the_core_console_backend(settings):
    settings.WAGTAIL_HYTE = {}
    assert hyte_settings.SMS_BACKEND is ConsoleSmsBackend
    assert isinstance(get_sms_backend(), ConsoleSmsBackend)
    assert check_moved_paths() == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (f"{OLD}.console.ConsoleSmsBackend", ConsoleSmsBackend),
        (f"{OLD}.http.HttpSmsBackend", HttpSmsBackend),
        (f"{OLD}.file.FileSmsBackend", FileSmsBackend),
        (f"{OLD}.BaseSmsBackend", BaseSmsBackend),
    ],
)
def test_an_old_dotted_path_loads_the_moved_class_with_a_warning(old, new):
    options = {"url": "https://sms.example.invalid/send", "directory": "/nonexistent"}
    with override_settings(WAGTAIL_HYTE={"SMS_BACKEND": old, "SMS_OPTIONS": options}):
        assert hyte_settings.SMS_BACKEND is new
        assert type(get_sms_backend()) is new
        (warning,) = check_moved_paths()
    assert warning.id == "hyte.W006"
    expected = "wagtail_hyte.core.sms." + old.removeprefix(OLD + ".")
    assert repr(old) in warning.msg and repr(expected) in warning.msg
    assert repr(expected) in warning.hint


def test_the_new_path_gives_no_warning():
    with override_settings(
        WAGTAIL_HYTE={"SMS_BACKEND": "wagtail_hyte.core.sms.http.HttpSmsBackend"}
    ):
        assert check_moved_paths() == []


def test_only_the_moved_prefix_of_the_key_is_mapped():
    assert moved_path("SMS_BACKEND", "wagtail_hyte.core.sms.console.ConsoleSmsBackend") is None
    assert moved_path("SMS_BACKEND", "mysite.sms.Backend") is None
    assert moved_path("SMS_BACKEND", ConsoleSmsBackend) is None
    assert moved_path("PARTNER_SCOPE", f"{OLD}.console.ConsoleSmsBackend") is None
    assert moved_path("SMS_BACKEND", f"{OLD}.x.Y") == "wagtail_hyte.core.sms.x.Y"


def test_the_old_module_is_gone():
    """No duplicate module: only the setting's dotted path is mapped."""
    with pytest.raises(ImportError):
        importlib.import_module(OLD)


def test_the_recommendation_checks_accept_an_old_path(settings):
    from wagtail_hyte.recommendations.checks import check_recommendations

    settings.DEBUG = True
    with override_settings(WAGTAIL_HYTE={"SMS_BACKEND": f"{OLD}.http.HttpSmsBackend"}):
        assert check_recommendations(None) == []
