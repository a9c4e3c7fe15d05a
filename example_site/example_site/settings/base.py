"""Settings shared by every environment of the example site.

The example site installs wagtail-hyte the way a welfare area's own Wagtail
site would: see docs/installation.md.
"""

import os
from pathlib import Path

import dj_database_url

from wagtail_hyte.core.languages import LANGUAGES as HYTE_LANGUAGES

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "home",
    "demo",
    # wagtail-hyte: one app per domain (see docs/installation.md)
    "wagtail_hyte.core",
    # Staff sign-in: second factor, single sign-on (docs/sign-in.md). Above
    # wagtail.admin, so its sign-in page template comes first.
    "wagtail_hyte.accounts",
    "wagtail_hyte.partners",
    "wagtail_hyte.activities",
    "wagtail_hyte.agreements",
    "wagtail_hyte.recommendations",
    "wagtail_hyte.referrals",
    "wagtail_hyte.ledger",
    "wagtail_hyte.metrics",
    "wagtail_hyte.followup",
    "wagtail_hyte.api",
    "rest_framework",
    # Wagtail
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
    "simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Sign-in throttling (docs/configuration.md#sign-in-hardening).
    "axes",
    # The second factor (wagtail_hyte.accounts): authenticator apps (TOTP)
    # and one-time recovery codes (static tokens).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Idle and absolute session limits per role (WAGTAIL_HYTE["SESSION_LIMITS"]).
    "wagtail_hyte.core.sessions.SessionLimitsMiddleware",
    # request.user.is_verified(): has this session passed its second factor?
    "django_otp.middleware.OTPMiddleware",
    # The roles that need a second factor reach only enrolment and verification
    # until they have passed it.
    "wagtail_hyte.accounts.middleware.SignInPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Single sign-on (docs/sign-in.md): no posted passwords when SSO["PASSWORD_LOGIN"]
    # is off; signing out ends the provider's session too. After MessageMiddleware.
    "wagtail_hyte.accounts.oidc.middleware.PasswordSignInPolicyMiddleware",
    "wagtail_hyte.accounts.oidc.middleware.ProviderLogoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Records the user on every django-simple-history row.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Answers locked-out sign-ins (django-axes); keep it last.
    "axes.middleware.AxesMiddleware",
]

# Sign-in hardening: django-axes refuses sign-ins for an hour after 5 wrong
# passwords for the same user name from the same address. AxesStandaloneBackend
# must come first. Unlock with `manage.py axes_reset_username <name>`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Single sign-on for the welfare area's own staff (docs/sign-in.md), on when
# the environment names an OpenID Connect issuer (Entra ID:
# https://login.microsoftonline.com/<tenant id>/v2.0).
if os.environ.get("HYTE_SSO_ISSUER"):
    AUTHENTICATION_BACKENDS.insert(1, "wagtail_hyte.accounts.oidc.backend.HyteOIDCBackend")
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "example_site.urls"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

# DATABASE_URL selects the database; the default is an SQLite file inside
# example_site/. A postgres:// URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = list(HYTE_LANGUAGES)  # the languages wagtail-hyte ships (fi, sv, en)
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Hyvinvointitarjotin (demo)"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no staff email hashes to Gravatar (hyte.W007)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]

# wagtail-hyte: every key is documented in docs/configuration.md. Secret keys
# are set per environment (dev.py, production.py, test.py).
WAGTAIL_HYTE = {
    "CONTROLLER": {
        "name": "Keski-Suomen hyvinvointialue (demo)",
        "business_id": "",
        "email": "tietosuoja@example.invalid",
        "privacy_notice_url": "",
    },
    # The footer links this address (the demo creates the page there), so no
    # page is looked up on each request and the check hyte.W020 is satisfied.
    "FOOTER_LINKS": {"accessibility_statement": "/saavutettavuusseloste/", "feedback": ""},
    # Keski-Suomi's hyvinvointitarjotin was published on 20.1.2025 (seed 004).
    "FOLLOW_UP_LAUNCH_DATE": "2025-01-20",
}
if os.environ.get("HYTE_SSO_ISSUER"):
    WAGTAIL_HYTE["SSO"] = {
        "ISSUER": os.environ["HYTE_SSO_ISSUER"],
        "CLIENT_ID": os.environ.get("HYTE_SSO_CLIENT_ID", ""),
        "CLIENT_SECRET": os.environ.get("HYTE_SSO_CLIENT_SECRET", ""),
        "LABEL": os.environ.get("HYTE_SSO_LABEL", "Keski-Suomen hyvinvointialue"),
        # Entra ID app roles (the "roles" claim) to HYTE roles.
        "ROLE_CLAIM": "roles",
        "ROLES": {
            "HYTE.Professional": "professional",
            "HYTE.Coordinator": "coordinator",
            "HYTE.Auditor": "auditor",
            "HYTE.Editor": "editor",
        },
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"wagtail_hyte": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
