"""System checks for the ledger's settings.

- hyte.E010  CHECKPOINT_DIRECTORY exists but is not a writable directory
- hyte.E011  CHECKPOINT_EVERY or RETENTION_DAYS is not a non-negative integer
- hyte.E012  LEDGER_ORIGIN is not a single printable line
- hyte.E013  CHECKPOINT_RETIRED_PUBLIC_KEYS holds something that is not a public key
- hyte.W010  no checkpoint destination outside the database while DEBUG is off
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from wagtail_hyte.core.conf import SETTINGS_NAME, hyte_settings
from wagtail_hyte.core.keyformat import KeyFormatError, decode_key


@register(Tags.security)
def check_ledger_settings(app_configs=None, **kwargs):
    messages = []
    directory = hyte_settings.CHECKPOINT_DIRECTORY
    if directory:
        path = Path(directory)
        if path.exists() and not (path.is_dir() and os.access(path, os.W_OK)):
            messages.append(
                Error(
                    f"{SETTINGS_NAME}['CHECKPOINT_DIRECTORY'] is not a writable directory.",
                    id="hyte.E010",
                )
            )
    for name in ("CHECKPOINT_EVERY", "RETENTION_DAYS"):
        value = getattr(hyte_settings, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            messages.append(
                Error(f"{SETTINGS_NAME}[{name!r}] must be a non-negative integer.", id="hyte.E011")
            )
    origin = hyte_settings.LEDGER_ORIGIN
    if not isinstance(origin, str) or not origin or not origin.isprintable():
        messages.append(
            Error(f"{SETTINGS_NAME}['LEDGER_ORIGIN'] must be one printable line.", id="hyte.E012")
        )
    for value in hyte_settings.CHECKPOINT_RETIRED_PUBLIC_KEYS or ():
        try:
            decode_key(value)
        except KeyFormatError:
            messages.append(
                Error(
                    f"{SETTINGS_NAME}['CHECKPOINT_RETIRED_PUBLIC_KEYS'] must list base64 "
                    "32-byte Ed25519 public keys.",
                    id="hyte.E013",
                )
            )
    if not settings.DEBUG and not directory and not hyte_settings.CHECKPOINT_EMAILS:
        messages.append(
            Warning(
                "Ledger checkpoints are kept only in the database, so a wholesale rewrite "
                "of the ledger by someone with database access would go unnoticed.",
                hint=f"Set {SETTINGS_NAME}['CHECKPOINT_DIRECTORY'] and/or 'CHECKPOINT_EMAILS'.",
                id="hyte.W010",
            )
        )
    return messages
