"""Print NAME=value pairs of throwaway production settings for `check --deploy`.

Fresh random secrets every run; nothing here is ever used to serve anything.
"""

import base64
import os
import secrets


def key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


values = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "hyte.hyvinvointialue.invalid",
    "DATABASE_URL": "sqlite:////tmp/hyte-deploy-check.sqlite3",
    "WAGTAILADMIN_BASE_URL": "https://hyte.hyvinvointialue.invalid",
    "HYTE_CONTROLLER_NAME": "Example-welfare-area",
    "HYTE_KEY_ENCRYPTION_KEYS": f"k1:{key()}",
    "HYTE_CURRENT_KEY_ID": "k1",
    "HYTE_BLIND_INDEX_KEY": key(),
    "HYTE_CHECKPOINT_SIGNING_KEY": key(),
    "HYTE_LEDGER_ORIGIN": "hyte.hyvinvointialue.invalid/ledger",
}
print(" ".join(f"{name}={value}" for name, value in values.items()))
