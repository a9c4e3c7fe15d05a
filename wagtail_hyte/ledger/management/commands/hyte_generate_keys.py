import base64
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail_hyte.ledger.keys import public_key_base64


def _key(n=32):
    return base64.b64encode(os.urandom(n)).decode("ascii")


class Command(BaseCommand):
    help = (
        "Print a WAGTAIL_HYTE settings snippet with fresh keys: a key-encryption key, "
        "a blind-index key and a checkpoint signing key (and its public key for auditors)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--key-id",
            default=None,
            help="Id of the new key-encryption key (default: kek-YYYYMMDD).",
        )

    def handle(self, *args, key_id=None, **options):
        key_id = key_id or timezone.now().strftime("kek-%Y%m%d")
        seed = os.urandom(32)
        public = public_key_base64(Ed25519PrivateKey.from_private_bytes(seed).public_key())
        self.stdout.write(
            "# Keep these secret: put them in your secrets store, not in version control.\n"
            "# To rotate, add a new key-encryption key next to the old ones, make it\n"
            "# CURRENT_KEY_ID, run hyte_rotate_keys, then retire the old key.\n"
            "WAGTAIL_HYTE = {\n"
            "    **WAGTAIL_HYTE,\n"
            f'    "KEY_ENCRYPTION_KEYS": {{"{key_id}": "{_key()}"}},\n'
            f'    "CURRENT_KEY_ID": "{key_id}",\n'
            f'    "BLIND_INDEX_KEY": "{_key()}",\n'
            f'    "CHECKPOINT_SIGNING_KEY": "{base64.b64encode(seed).decode()}",\n'
            "}\n"
            f"# Checkpoint public key for the auditors (not secret): {public}\n"
        )
