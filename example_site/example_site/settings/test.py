"""Settings for the test suite: fast hashing, in-memory mail, throwaway keys.

DATABASE_URL chooses SQLite (default, in memory for tests) or PostgreSQL.
"""

import base64
import hashlib

from .base import *

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"


def _test_key(label: str) -> str:
    # Deterministic per label, distinct from the published development keys.
    return base64.b64encode(hashlib.sha256(f"hyte-test-{label}".encode()).digest()).decode()


WAGTAIL_HYTE = {
    **WAGTAIL_HYTE,
    "KEY_ENCRYPTION_KEYS": {"test-1": _test_key("kek-1")},
    "CURRENT_KEY_ID": "test-1",
    "BLIND_INDEX_KEY": _test_key("blind-index"),
    "CHECKPOINT_SIGNING_KEY": _test_key("checkpoint"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "WARNING"},
}
