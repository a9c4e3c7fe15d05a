"""Access to the ``WAGTAIL_HYTE`` settings dictionary.

Modelled on Django REST framework's ``api_settings``: every key has a documented
default (see ``DEFAULTS`` and ``docs/configuration.md``), keys listed in
``IMPORT_STRINGS`` hold dotted paths that are imported on first access, and the
cached values are dropped whenever Django's ``setting_changed`` signal reports a
change to ``WAGTAIL_HYTE`` (``override_settings`` in tests).

Usage::

    from wagtail_hyte.core.conf import hyte_settings
    hyte_settings.CONTROLLER["name"]
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

SETTINGS_NAME = "WAGTAIL_HYTE"

DEFAULTS: dict[str, Any] = {
    # The data controller (rekisterinpitäjä): the welfare area running the site.
    "CONTROLLER": {
        "name": "",
        "business_id": "",
        "email": "",
        "privacy_notice_url": "",
    },
    # Languages offered for client-facing texts (consent notices, messages).
    "LANGUAGES": ("fi", "sv", "en"),
    # Key-encryption keys for personal data: {key id: base64 of 32 random bytes}.
    "KEY_ENCRYPTION_KEYS": {},
    # The id, in KEY_ENCRYPTION_KEYS, of the key that wraps new data keys.
    "CURRENT_KEY_ID": "",
    # base64 of at least 32 random bytes: HMAC key for blind indexes.
    "BLIND_INDEX_KEY": "",
    # base64 of a 32-byte Ed25519 private seed that signs ledger checkpoints.
    "CHECKPOINT_SIGNING_KEY": "",
    # Callable(user) -> QuerySet of Partner the user may manage in the admin.
    "PARTNER_SCOPE": "wagtail_hyte.partners.scoping.partners_for_user",
    # Address that system emails (notifications, reminders) are sent from;
    # empty means Django's DEFAULT_FROM_EMAIL.
    "FROM_EMAIL": "",
    # Label of the admin menu group that holds every HYTE view.
    "ADMIN_MENU_LABEL": None,
}

# Keys whose string values are dotted paths imported on access.
IMPORT_STRINGS: frozenset[str] = frozenset({"PARTNER_SCOPE"})

# Keys that must be set (non-empty) when DEBUG is off. See core/checks.py.
REQUIRED_SECRETS: tuple[str, ...] = (
    "KEY_ENCRYPTION_KEYS",
    "CURRENT_KEY_ID",
    "BLIND_INDEX_KEY",
    "CHECKPOINT_SIGNING_KEY",
)


def _import(value: Any, key: str) -> Any:
    if isinstance(value, str):
        try:
            return import_string(value)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"{SETTINGS_NAME}[{key!r}] = {value!r} could not be imported: {exc}"
            ) from exc
    if isinstance(value, (list, tuple)):
        return [_import(item, key) for item in value]
    return value


class HyteSettings:
    """Lazy, cached view over ``settings.WAGTAIL_HYTE`` merged with ``DEFAULTS``."""

    def __init__(self, defaults=None, import_strings=None):
        self.defaults = defaults if defaults is not None else DEFAULTS
        self.import_strings = import_strings if import_strings is not None else IMPORT_STRINGS
        self._cached: set[str] = set()
        self._user_settings: dict[str, Any] | None = None

    @property
    def user_settings(self) -> dict[str, Any]:
        if self._user_settings is None:
            value = getattr(settings, SETTINGS_NAME, {}) or {}
            if not isinstance(value, dict):
                raise ImproperlyConfigured(f"{SETTINGS_NAME} must be a dict.")
            self._user_settings = value
        return self._user_settings

    def unknown_keys(self) -> list[str]:
        return sorted(set(self.user_settings) - set(self.defaults))

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_") or attr not in self.defaults:
            raise AttributeError(f"Invalid {SETTINGS_NAME} setting: {attr!r}")
        default = self.defaults[attr]
        value = self.user_settings.get(attr, default)
        if isinstance(default, dict) and isinstance(value, dict) and attr != "KEY_ENCRYPTION_KEYS":
            # Nested dicts merge with their defaults, so a site may set one sub-key.
            value = {**default, **value}
        if attr in self.import_strings:
            value = _import(value, attr)
        self._cached.add(attr)
        setattr(self, attr, value)
        return value

    def reload(self) -> None:
        for attr in self._cached:
            delattr(self, attr)
        self._cached.clear()
        self._user_settings = None


hyte_settings = HyteSettings()


def _reload(*, setting, **kwargs):
    if setting == SETTINGS_NAME:
        hyte_settings.reload()


setting_changed.connect(_reload)
