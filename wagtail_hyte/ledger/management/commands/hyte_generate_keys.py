"""Print fresh keys as environment-variable lines (docs/key-management.md).

The output is a contract: install scripts parse it, and it must work as is with
``set -a; . ./file; set +a``, systemd ``EnvironmentFile=`` and
``docker --env-file``. Comment lines start with ``#``; every other line is
``NAME=value`` with no quotes or spaces. The lines are therefore not translated.

The command runs without system checks and without any key configured: it is
what a new installation runs first, when the checks report the keys missing.
"""

import base64
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.keyformat import (
    KEY_ID_RULE,
    KeyFormatError,
    decode_key,
    format_keyring,
    is_valid_key_id,
    parse_keyring,
)
from wagtail_hyte.ledger.keys import public_key_base64

HANDLING_NOTICE = (
    "Keep them secret: a secrets store or the service's environment, never version control."
)


def _key(n=32):
    return base64.b64encode(os.urandom(n)).decode("ascii")


class Command(BaseCommand):
    help = (
        "Print fresh keys as HYTE_* environment-variable lines: a key-encryption key, a "
        "blind-index key and a checkpoint signing key (and its public key for the "
        "auditors). With --rotate, print a new key-encryption key in front of the "
        "configured ones."
    )
    # Runs before any key exists (the checks would stop it) and touches no database.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--key-id",
            default=None,
            help="Id of the new key-encryption key (default: kek-YYYYMMDD).",
        )
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Print HYTE_KEY_ENCRYPTION_KEYS with a new key first and the configured "
            "keys after it (so existing data stays readable) and the new "
            "HYTE_CURRENT_KEY_ID; then run hyte_rotate_keys.",
        )

    def handle(self, *args, key_id=None, rotate=False, **options):
        today = timezone.localdate()
        if key_id is not None and not is_valid_key_id(key_id):
            raise CommandError(
                _("--key-id must be %(rule)s (it goes into environment lines).")
                % {"rule": KEY_ID_RULE}
            )
        header = f"# wagtail-hyte keys, generated {today.isoformat()}. {HANDLING_NOTICE}\n"
        if rotate:
            self.stdout.write(header + self._rotation(key_id, today), ending="")
            return
        key_id = key_id or today.strftime("kek-%Y%m%d")
        seed = os.urandom(32)
        public = public_key_base64(Ed25519PrivateKey.from_private_bytes(seed).public_key())
        self.stdout.write(
            header + f"HYTE_KEY_ENCRYPTION_KEYS={key_id}:{_key()}\n"
            f"HYTE_CURRENT_KEY_ID={key_id}\n"
            f"HYTE_BLIND_INDEX_KEY={_key()}\n"
            f"HYTE_CHECKPOINT_SIGNING_KEY={base64.b64encode(seed).decode('ascii')}\n"
            f"# Checkpoint public key for the auditors (not secret): {public}\n",
            ending="",
        )

    def _configured_keys(self) -> dict[str, str]:
        try:
            keys = parse_keyring(hyte_settings.KEY_ENCRYPTION_KEYS)
        except KeyFormatError as exc:
            raise CommandError(
                _(
                    "--rotate needs the configured key-encryption keys, but "
                    "WAGTAIL_HYTE['KEY_ENCRYPTION_KEYS'] is malformed: %(problem)s. "
                    "Fix it first: the old keys must stay readable."
                )
                % {"problem": exc}
            ) from None
        if not keys:
            raise CommandError(
                _(
                    "--rotate needs the configured key-encryption keys, but "
                    "WAGTAIL_HYTE['KEY_ENCRYPTION_KEYS'] is not set. For a new "
                    "installation run hyte_generate_keys without --rotate."
                )
            )
        for configured_id, value in keys.items():
            if not is_valid_key_id(configured_id):
                raise CommandError(
                    _(
                        "A configured key id cannot be written to an environment line: "
                        "key ids must be %(rule)s."
                    )
                    % {"rule": KEY_ID_RULE}
                )
            try:
                decode_key(value)
            except KeyFormatError as exc:
                raise CommandError(
                    _("The configured key %(key_id)r is malformed: %(problem)s.")
                    % {"key_id": configured_id, "problem": exc}
                ) from None
        return keys

    def _rotation(self, key_id, today) -> str:
        keys = self._configured_keys()
        if key_id is None:
            base = today.strftime("kek-%Y%m%d")
            key_id, n = base, 1
            while key_id in keys:
                n += 1
                key_id = f"{base}-{n}"
        elif key_id in keys:
            raise CommandError(
                _("The key id %(key_id)r is already configured; choose another with --key-id.")
                % {"key_id": key_id}
            )
        keyring = format_keyring({key_id: _key(), **keys})
        return (
            f"HYTE_KEY_ENCRYPTION_KEYS={keyring}\n"
            f"HYTE_CURRENT_KEY_ID={key_id}\n"
            "# Replace both values, keep HYTE_BLIND_INDEX_KEY and HYTE_CHECKPOINT_SIGNING_KEY "
            "as they are, restart the service and its task workers,\n"
            f"# then run 'manage.py hyte_rotate_keys' to re-wrap every data key under {key_id}. "
            "Retire an old key only after that (docs/key-management.md).\n"
        )
