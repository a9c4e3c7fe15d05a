"""System checks for the ledger's settings.

- hyte.E010  CHECKPOINT_DIRECTORY is not a writable directory, or (not created yet)
             its nearest existing parent is not one, so the first checkpoint could
             not be written (checkpoints.py creates the directory on first write)
- hyte.E011  CHECKPOINT_EVERY or RETENTION_DAYS is not a non-negative integer
- hyte.E012  LEDGER_ORIGIN is not a single printable line
- hyte.E013  CHECKPOINT_RETIRED_PUBLIC_KEYS holds something that is not a public key
- hyte.W010  no checkpoint destination outside the database while DEBUG is off
- hyte.W011  LEDGER_ORIGIN is left at the package default while DEBUG is off
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from wagtail_hyte.core.conf import DEFAULTS, SETTINGS_NAME, hyte_settings
from wagtail_hyte.core.keyformat import KeyFormatError, decode_key


def _writable_dir(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def _checkpoint_directory_problem(directory) -> str | None:
    """Why the first checkpoint could not be written to ``directory``, or None."""
    path = Path(directory).absolute()  # as checkpoints._write_file resolves it
    if path.exists():
        return None if _writable_dir(path) else "is not a writable directory"
    # checkpoints._write_file creates it (mkdir parents=True) on the first write.
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if _writable_dir(parent):
        return None
    return (
        f"does not exist yet and cannot be created: its nearest existing parent "
        f"{str(parent)!r} is not a writable directory"
    )


def _origin_example() -> str:
    host = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname
    return f"{host or 'hyte.example-hva.fi'}/ledger"


@register(Tags.security)
def check_ledger_settings(app_configs=None, **kwargs):
    messages = []
    directory = hyte_settings.CHECKPOINT_DIRECTORY
    if directory:
        problem = _checkpoint_directory_problem(directory)
        if problem:
            messages.append(
                Error(
                    f"{SETTINGS_NAME}['CHECKPOINT_DIRECTORY'] = {str(directory)!r} {problem}.",
                    hint="Create the directory and let the user running the site (and its "
                    "tasks) write to it, or point CHECKPOINT_DIRECTORY elsewhere.",
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
    if not settings.DEBUG and origin == DEFAULTS["LEDGER_ORIGIN"]:
        messages.append(
            Warning(
                f"{SETTINGS_NAME}['LEDGER_ORIGIN'] is the package default {origin!r} while "
                "DEBUG is off. The origin names this installation's ledger in every signed "
                "checkpoint; with the default, a checkpoint of another installation "
                "(staging, another welfare area) signed with the same key could pass for "
                "this one.",
                hint=f"Set LEDGER_ORIGIN to your site's host + '/ledger', e.g. "
                f"{_origin_example()!r} (the example site reads HYTE_LEDGER_ORIGIN). "
                "Set it before the first checkpoint is signed: checkpoints signed under "
                "another origin no longer verify.",
                id="hyte.W011",
            )
        )
    return messages
