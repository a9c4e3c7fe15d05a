"""Django system checks for the ``WAGTAIL_HYTE`` settings.

IDs:
- hyte.E001  a required secret is missing while DEBUG is off
- hyte.E002  a secret key is malformed
- hyte.E003  CURRENT_KEY_ID does not name a key in KEY_ENCRYPTION_KEYS
- hyte.E004  the controller (welfare area) is not named while DEBUG is off
- hyte.E005  published development keys are in use while DEBUG is off
- hyte.W001  published development keys are in use (DEBUG on)
- hyte.W002  a required secret is missing (DEBUG on: personal-data features will fail)
- hyte.W003  unknown keys in WAGTAIL_HYTE (probably a typo)
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .conf import REQUIRED_SECRETS, SETTINGS_NAME, hyte_settings
from .keyformat import KeyFormatError, decode_key, is_published_development_key


def _secret_keys():
    """Yield (label, value, min_bytes, max_bytes) for every configured secret key."""
    keks = hyte_settings.KEY_ENCRYPTION_KEYS or {}
    if isinstance(keks, dict):
        for key_id, value in keks.items():
            yield f"KEY_ENCRYPTION_KEYS[{key_id!r}]", value, 32, 32
    if hyte_settings.BLIND_INDEX_KEY:
        yield "BLIND_INDEX_KEY", hyte_settings.BLIND_INDEX_KEY, 32, None
    if hyte_settings.CHECKPOINT_SIGNING_KEY:
        yield "CHECKPOINT_SIGNING_KEY", hyte_settings.CHECKPOINT_SIGNING_KEY, 32, 32


@register(Tags.security, deploy=False)
def check_secrets(app_configs=None, **kwargs):
    messages = []
    debug = settings.DEBUG
    for name in REQUIRED_SECRETS:
        if not getattr(hyte_settings, name):
            if debug:
                messages.append(
                    Warning(
                        f"{SETTINGS_NAME}[{name!r}] is not set; consent and referral "
                        "features cannot store personal data.",
                        hint="Run 'manage.py hyte_generate_keys' and add the keys to settings.",
                        id="hyte.W002",
                    )
                )
            else:
                messages.append(
                    Error(
                        f"{SETTINGS_NAME}[{name!r}] must be set when DEBUG is off.",
                        hint="Run 'manage.py hyte_generate_keys' and read the keys from "
                        "the environment or a secrets store.",
                        id="hyte.E001",
                    )
                )
    keks = hyte_settings.KEY_ENCRYPTION_KEYS
    if keks and not isinstance(keks, dict):
        messages.append(
            Error(
                f"{SETTINGS_NAME}['KEY_ENCRYPTION_KEYS'] must be a dict of key id to key.",
                id="hyte.E002",
            )
        )
    current = hyte_settings.CURRENT_KEY_ID
    if current and isinstance(keks, dict) and current not in keks:
        messages.append(
            Error(
                f"{SETTINGS_NAME}['CURRENT_KEY_ID'] = {current!r} is not a key in "
                "KEY_ENCRYPTION_KEYS.",
                id="hyte.E003",
            )
        )
    published = []
    for label, value, min_bytes, max_bytes in _secret_keys():
        try:
            raw = decode_key(value, min_bytes=min_bytes, max_bytes=max_bytes)
        except KeyFormatError as exc:
            messages.append(Error(f"{SETTINGS_NAME}[{label}] is malformed: {exc}.", id="hyte.E002"))
            continue
        if is_published_development_key(raw):
            published.append(label)
    if published:
        text = (
            "Published development keys are in use: "
            + ", ".join(published)
            + ". Anyone can decrypt data or forge checkpoints made with them."
        )
        hint = "Generate your own keys with 'manage.py hyte_generate_keys'."
        if debug:
            messages.append(Warning(text, hint=hint, id="hyte.W001"))
        else:
            messages.append(Error(text, hint=hint, id="hyte.E005"))
    if not debug and not (hyte_settings.CONTROLLER or {}).get("name"):
        messages.append(
            Error(
                f"{SETTINGS_NAME}['CONTROLLER']['name'] must name the data controller "
                "(the welfare area) when DEBUG is off.",
                hint="Consent records and privacy notices must name the controller.",
                id="hyte.E004",
            )
        )
    unknown = hyte_settings.unknown_keys()
    if unknown:
        messages.append(
            Warning(
                f"Unknown keys in {SETTINGS_NAME}: {', '.join(unknown)}.",
                hint="See docs/configuration.md for the accepted keys.",
                id="hyte.W003",
            )
        )
    return messages
