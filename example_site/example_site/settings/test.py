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
    # Most tests sign staff in with force_login or the password form and test
    # what comes after; the sign-in tests (tests/accounts/) turn the second
    # factor back on with the package's defaults (the `mfa` fixture), and
    # docs/installation_check.py proves the defaults in a packaged install.
    "MFA_REQUIRED_ROLES": (),
    "MFA_REQUIRED_FOR_SUPERUSERS": False,
    # Contact details are shown without re-authentication unless a test asks.
    "REAUTHENTICATE_AFTER": None,
}
# The single sign-on tests run a real OpenID Connect provider on 127.0.0.1
# (tests/accounts/oidc_provider.py) and configure WAGTAIL_HYTE["SSO"] per test.
AUTHENTICATION_BACKENDS = [
    *AUTHENTICATION_BACKENDS,
    "wagtail_hyte.accounts.oidc.backend.HyteOIDCBackend",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "WARNING"},
}
