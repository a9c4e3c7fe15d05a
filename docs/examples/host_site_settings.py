"""Production settings for a Wagtail site with wagtail-hyte (docs/installation.md).

A complete settings module: what ``wagtail start mysite`` writes into
``mysite/settings/base.py`` and ``production.py``, the wagtail-hyte block of
docs/installation.md step 2, and the production hardening, with every secret
read from the environment. Copy it to ``mysite/settings/production.py`` (rename
``mysite`` to your project) and run with
``DJANGO_SETTINGS_MODULE=mysite.settings.production``.

docs/installation_check.py installs this file into a fresh ``wagtail start``
site and runs ``manage.py check --deploy`` on it, and checks that it gives the
same apps, middleware, task queue and WAGTAIL_HYTE as step 2.

The environment it reads (``manage.py hyte_generate_keys`` writes the HYTE_*
keys, step 3):

    DJANGO_SECRET_KEY          required: a long random string
    DJANGO_ALLOWED_HOSTS       required: the site's host names, comma-separated
    WAGTAILADMIN_BASE_URL      required: e.g. https://hyte.example-hva.fi
    PGDATABASE, PGHOST, PGPORT, PGUSER, PGPASSWORD
                               the PostgreSQL database (libpq's own variables;
                               a ~/.pgpass file or PGSERVICE works too)
    EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, DEFAULT_FROM_EMAIL
                               the outgoing mail server (STARTTLS on port 587)
    HYTE_KEY_ENCRYPTION_KEYS, HYTE_CURRENT_KEY_ID, HYTE_BLIND_INDEX_KEY,
    HYTE_CHECKPOINT_SIGNING_KEY
                               the secret keys (docs/key-management.md)
    HYTE_LEDGER_ORIGIN         this installation's ledger name, e.g.
                               hyte.example-hva.fi/ledger
    HYTE_CHECKPOINT_DIRECTORY  a directory outside the database for signed
                               ledger checkpoints
    HYTE_CONTROLLER_NAME, HYTE_CONTROLLER_EMAIL
                               the data controller named to clients
    HYTE_ACCESSIBILITY_STATEMENT_URL, HYTE_FEEDBACK_URL
                               the footer's accessibility statement (default
                               /saavutettavuusseloste/) and feedback channel
    HYTE_SMS_GATEWAY_URL, HYTE_SMS_GATEWAY_TOKEN
                               the text message gateway (docs/recommendations.md)
"""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

# --- From wagtail start (base.py and production.py) -------------------------

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = [
    host.strip() for host in os.environ["DJANGO_ALLOWED_HOSTS"].split(",") if host.strip()
]

INSTALLED_APPS = [
    "home",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "mysite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "mysite.wsgi.application"

# PostgreSQL in production. Only the database name is set here: psycopg reads
# the host, port, user and password from libpq's PGHOST, PGPORT, PGUSER and
# PGPASSWORD (or ~/.pgpass), so no password is written into settings.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PGDATABASE", "mysite"),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, so browsers never use outdated CSS or JavaScript after an
    # upgrade; run `manage.py collectstatic` on every deployment.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# Wagtail's page editor can post more fields than Django's default 1000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "mysite"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The admin's address, without /admin: links in emails to staff and partners.
WAGTAILADMIN_BASE_URL = os.environ["WAGTAILADMIN_BASE_URL"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # 10MB

# --- wagtail-hyte (docs/installation.md, step 2) ----------------------------

INSTALLED_APPS = [
    "wagtail_hyte.core",
    "wagtail_hyte.accounts",  # staff sign-in: second factor, SSO (docs/sign-in.md)
    "wagtail_hyte.partners",
    "wagtail_hyte.activities",
    "wagtail_hyte.agreements",
    "wagtail_hyte.recommendations",
    "wagtail_hyte.referrals",
    "wagtail_hyte.ledger",
    "wagtail_hyte.metrics",
    "wagtail_hyte.followup",  # the follow-up measures (needs all of the above)
    "wagtail_hyte.api",  # REST API, HSDS 3.0 and FHIR R4 (docs/api.md)
    "rest_framework",
    *INSTALLED_APPS,
    "simple_history",
    "django_tasks_db",  # the task queue, see TASKS below
    # The second factor of staff who sign in with a password (docs/sign-in.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # wagtail-hyte is built and tested on PostgreSQL with Django's postgres app.
    "django.contrib.postgres",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "django.middleware.locale.LocaleMiddleware",  # the catalogue in fi, sv or en
)
MIDDLEWARE += ["simple_history.middleware.HistoryRequestMiddleware"]
# Session limits per role, the second factor and the sign-in policy, right
# after Django's AuthenticationMiddleware (docs/sign-in.md).
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = [
    "wagtail_hyte.core.sessions.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wagtail_hyte.accounts.middleware.SignInPolicyMiddleware",
]

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Helsinki"
# No avatars from Gravatar: by default every admin page would send a hash of
# staff members' email addresses to a service outside the EU (check hyte.W007).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Emails to partners and professionals wait in the database for the worker,
# `manage.py db_worker`, run as a service next to the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_HYTE = {
    "CONTROLLER": {
        "name": os.environ.get("HYTE_CONTROLLER_NAME", "Keski-Suomen hyvinvointialue"),
        "email": os.environ.get("HYTE_CONTROLLER_EMAIL", "tietosuoja@example.fi"),
    },
    # The footer's accessibility statement (required by law 306/2019) and
    # feedback channel, {% hyte_footer_links %} (step 5). With DEBUG off a
    # check warns while the statement's address is empty.
    "FOOTER_LINKS": {
        "accessibility_statement": os.environ.get(
            "HYTE_ACCESSIBILITY_STATEMENT_URL", "/saavutettavuusseloste/"
        ),
        "feedback": os.environ.get("HYTE_FEEDBACK_URL", ""),
    },
    # Secrets from the environment (hyte-keys.env of step 3). Empty when
    # unset, so that hyte_generate_keys can run; with DEBUG off the system
    # checks stop the site while one is missing or malformed.
    "KEY_ENCRYPTION_KEYS": os.environ.get("HYTE_KEY_ENCRYPTION_KEYS", ""),
    "CURRENT_KEY_ID": os.environ.get("HYTE_CURRENT_KEY_ID", ""),
    "BLIND_INDEX_KEY": os.environ.get("HYTE_BLIND_INDEX_KEY", ""),
    "CHECKPOINT_SIGNING_KEY": os.environ.get("HYTE_CHECKPOINT_SIGNING_KEY", ""),
    # Names this installation's ledger in signed checkpoints; a check warns
    # while it is the package default.
    "LEDGER_ORIGIN": os.environ.get("HYTE_LEDGER_ORIGIN", "wagtail-hyte/ledger"),
    "CHECKPOINT_DIRECTORY": os.environ.get("HYTE_CHECKPOINT_DIRECTORY", ""),
}
if os.environ.get("HYTE_SMS_GATEWAY_URL"):
    WAGTAIL_HYTE["SMS_BACKEND"] = "wagtail_hyte.core.sms.http.HttpSmsBackend"
    WAGTAIL_HYTE["SMS_OPTIONS"] = {
        "url": os.environ["HYTE_SMS_GATEWAY_URL"],
        "token": os.environ.get("HYTE_SMS_GATEWAY_TOKEN", ""),
    }
else:
    WAGTAIL_HYTE["SMS_BACKEND"] = "wagtail_hyte.core.sms.console.ConsoleSmsBackend"

# --- Production hardening ----------------------------------------------------

# HTTPS only. Behind a proxy that ends TLS, also set
# SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https"), and only then.
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Throttle sign-in attempts too: docs/configuration.md, "Sign-in hardening".

# Mail: referral notifications, reminders and ledger checkpoints for auditors.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_PORT == 587
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hyte@example.fi")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Errors to stderr (the service manager's journal). wagtail-hyte never logs
# personal data; keep it that way with your own handlers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
