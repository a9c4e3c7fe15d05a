"""A site configured with only the documented settings runs wagtail-hyte.

The settings below follow docs/installation.md: a bare Wagtail project plus the
HYTE apps, simple_history and the WAGTAIL_HYTE keys. The project is checked,
migrated and set up in a subprocess so nothing leaks from the test settings.
"""

import base64
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SETTINGS = textwrap.dedent(
    """
    import os
    SECRET_KEY = "minimal-settings-test"
    DEBUG = False
    ALLOWED_HOSTS = ["testserver"]
    ROOT_URLCONF = "minimal_urls"
    INSTALLED_APPS = [
        "wagtail_hyte.core",
        "wagtail_hyte.accounts",
        "wagtail_hyte.partners",
        "wagtail_hyte.activities",
        "wagtail_hyte.agreements",
        "wagtail_hyte.recommendations",
        "wagtail_hyte.referrals",
        "wagtail_hyte.ledger",
        "wagtail_hyte.metrics",
        "wagtail_hyte.followup",
        "wagtail.users", "wagtail.snippets", "wagtail.documents", "wagtail.images",
        "wagtail.embeds",
        "wagtail.search", "wagtail.admin", "wagtail.sites", "wagtail",
        "modelcluster", "taggit", "simple_history",
        "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
        "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
        "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static",
    ]
    MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "wagtail_hyte.core.sessions.SessionLimitsMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "wagtail_hyte.accounts.middleware.SignInPolicyMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "simple_history.middleware.HistoryRequestMiddleware",
    ]
    TEMPLATES = [{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],  # base.html
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [
            "django.template.context_processors.request",
            "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages",
        ]},
    }]
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                             "NAME": os.environ["MINIMAL_DB"]}}
    STATIC_URL = "/static/"
    USE_TZ = True
    TIME_ZONE = "Europe/Helsinki"
    WAGTAIL_GRAVATAR_PROVIDER_URL = None
    LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
    LANGUAGE_CODE = "fi"
    WAGTAIL_SITE_NAME = "Minimal"
    WAGTAILADMIN_BASE_URL = "http://testserver"
    DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
    WAGTAIL_HYTE = {
        "CONTROLLER": {"name": "Testin hyvinvointialue"},
        "FOOTER_LINKS": {"accessibility_statement": "/saavutettavuusseloste/"},
        "KEY_ENCRYPTION_KEYS": {"k1": os.environ["K1"]},
        "CURRENT_KEY_ID": "k1",
        "BLIND_INDEX_KEY": os.environ["K2"],
        "CHECKPOINT_SIGNING_KEY": os.environ["K3"],
        "CHECKPOINT_DIRECTORY": os.environ["CHECKPOINTS"],
        "LEDGER_ORIGIN": "testserver/ledger",
    }
    """
)

URLS = textwrap.dedent(
    """
    from django.urls import include, path
    from wagtail import urls as wagtail_urls
    from wagtail.admin import urls as wagtailadmin_urls
    urlpatterns = [
        path("admin/hyte-sign-in/", include("wagtail_hyte.accounts.urls")),
        path("admin/", include(wagtailadmin_urls)),
        path("", include(wagtail_urls)),
    ]
    # docs/installation.md: the client feedback form, before Wagtail's catch-all.
    urlpatterns.insert(0, path("hyte/palaute/", include("wagtail_hyte.referrals.feedback_urls")))
    """
)


# The host site's base template (WAGTAIL_HYTE["BASE_TEMPLATE"], hyte.E006).
BASE_HTML = (
    "<!doctype html><title>{% block title %}{% endblock %}</title>"
    "{% block extra_css %}{% endblock %}{% block content %}{% endblock %}"
    "{% block extra_js %}{% endblock %}"
)


def make_minimal_project(tmp_path, extra_settings=""):
    """Write the documented project into ``tmp_path``; return ``run(*args, **env)``,
    which runs ``python -m django *args`` there in a subprocess."""
    (tmp_path / "minimal_settings.py").write_text(SETTINGS + extra_settings)
    (tmp_path / "minimal_urls.py").write_text(URLS)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text(BASE_HTML)
    keys = {f"K{i}": base64.b64encode(os.urandom(32)).decode() for i in (1, 2, 3)}

    def run(*args, **overrides):
        env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "minimal_settings",
            "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
            "MINIMAL_DB": str(tmp_path / "db.sqlite3"),
            "CHECKPOINTS": str(tmp_path / "checkpoints"),
            **keys,
            **overrides,
        }
        return subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    return run


@pytest.fixture
def minimal_project(tmp_path):
    return make_minimal_project(tmp_path)


def test_documented_settings_are_enough(minimal_project):
    check = minimal_project("check", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stderr + check.stdout
    migrate = minimal_project("migrate", "--noinput", "-v", "0")
    assert migrate.returncode == 0, migrate.stderr
    roles = minimal_project("hyte_setup_roles")
    assert roles.returncode == 0, roles.stderr
    assert "HYTE roles are set up." in roles.stdout
    shell = minimal_project(
        "shell",
        "-c",
        "from wagtail_hyte.core.models import Municipality;"
        "from django.contrib.auth.models import Group;"
        "print(Municipality.objects.count(),"
        " Group.objects.filter(name__startswith='HYTE').count())",
    )
    assert shell.stdout.strip().splitlines()[-1].split() == ["309", "5"], shell.stderr


def test_missing_secret_fails_the_check(minimal_project):
    # An empty blind-index key with DEBUG off is hyte.E001.
    result = minimal_project("check", K2="")
    assert result.returncode != 0
    assert "hyte.E001" in result.stderr
