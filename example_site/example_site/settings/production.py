"""Production settings: every secret comes from the environment.

Django's own settings are required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
(comma-separated) and DATABASE_URL; a missing one stops start-up with
ImproperlyConfigured naming it.

The site's and wagtail-hyte's settings are read with an empty default, so that
`manage.py hyte_generate_keys` can run before any key exists; the system checks
(`manage.py check --deploy`) then name each one still missing: HYTE_KEY_ENCRYPTION_KEYS
("id:base64[,id:base64...]"), HYTE_CURRENT_KEY_ID, HYTE_BLIND_INDEX_KEY,
HYTE_CHECKPOINT_SIGNING_KEY (hyte.E001), HYTE_CONTROLLER_NAME (hyte.E004),
HYTE_LEDGER_ORIGIN (hyte.W011) and WAGTAILADMIN_BASE_URL (hyte.W004). See
docs/installation.md and docs/key-management.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *


def env(name: str, default: str | None = None) -> str:
    """A required setting from the environment: a clear error, not a KeyError."""
    value = os.environ.get(name, default)
    if value is None or (default is None and not value.strip()):
        raise ImproperlyConfigured(
            f"Set the environment variable {name} (see the module docstring of "
            f"{__name__} and docs/installation.md)."
        )
    return value


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in env("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if "django.contrib.postgres" not in INSTALLED_APPS:
        INSTALLED_APPS.append("django.contrib.postgres")
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "finnish"}
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true") == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Links in referral emails are built from it (hyte.W004 names it when unset).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")

WAGTAIL_HYTE = {
    **WAGTAIL_HYTE,
    "CONTROLLER": {
        "name": os.environ.get("HYTE_CONTROLLER_NAME", ""),
        "business_id": os.environ.get("HYTE_CONTROLLER_BUSINESS_ID", ""),
        "email": os.environ.get("HYTE_CONTROLLER_EMAIL", ""),
        "privacy_notice_url": os.environ.get("HYTE_PRIVACY_NOTICE_URL", ""),
    },
    # The footer's links (the demo's statement page is at the default address);
    # an empty statement address gives the warning hyte.W020.
    "FOOTER_LINKS": {
        "accessibility_statement": os.environ.get(
            "HYTE_ACCESSIBILITY_STATEMENT_URL", "/saavutettavuusseloste/"
        ),
        "feedback": os.environ.get("HYTE_FEEDBACK_URL", ""),
    },
    # The lines `manage.py hyte_generate_keys` prints; "" = not set (hyte.E001).
    # The keyring is the string "id:base64[,id:base64...]", parsed by wagtail-hyte.
    "KEY_ENCRYPTION_KEYS": os.environ.get("HYTE_KEY_ENCRYPTION_KEYS", ""),
    "CURRENT_KEY_ID": os.environ.get("HYTE_CURRENT_KEY_ID", ""),
    "BLIND_INDEX_KEY": os.environ.get("HYTE_BLIND_INDEX_KEY", ""),
    "CHECKPOINT_SIGNING_KEY": os.environ.get("HYTE_CHECKPOINT_SIGNING_KEY", ""),
    # Signed ledger checkpoints are copied outside the database (docs/ledger.md).
    "CHECKPOINT_DIRECTORY": os.environ.get(
        "HYTE_CHECKPOINT_DIRECTORY", str(BASE_DIR / "ledger-checkpoints")
    ),
    "CHECKPOINT_EMAILS": [
        e.strip() for e in os.environ.get("HYTE_CHECKPOINT_EMAILS", "").split(",") if e.strip()
    ],
}

# Names this installation's ledger in signed checkpoints: unique per
# installation, so a staging checkpoint never passes for production. Unset,
# the package default stays and the check hyte.W011 asks for one.
if os.environ.get("HYTE_LEDGER_ORIGIN"):
    WAGTAIL_HYTE["LEDGER_ORIGIN"] = os.environ["HYTE_LEDGER_ORIGIN"]

# Text messages through an HTTP SMS gateway when one is configured
# (docs/recommendations.md); otherwise the console backend, which only logs a
# masked notice (the system check hyte.I030 notes it).
if os.environ.get("HYTE_SMS_GATEWAY_URL"):
    WAGTAIL_HYTE["SMS_BACKEND"] = "wagtail_hyte.core.sms.http.HttpSmsBackend"
    WAGTAIL_HYTE["SMS_OPTIONS"] = {
        "url": env("HYTE_SMS_GATEWAY_URL"),
        "username": os.environ.get("HYTE_SMS_GATEWAY_USERNAME", ""),
        "password": os.environ.get("HYTE_SMS_GATEWAY_PASSWORD", ""),
        "token": os.environ.get("HYTE_SMS_GATEWAY_TOKEN", ""),
    }
    WAGTAIL_HYTE["SMS_SENDER"] = os.environ.get("HYTE_SMS_SENDER", "")
