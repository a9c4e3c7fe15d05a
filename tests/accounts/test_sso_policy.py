"""Single sign-on around the flow: the sign-in page, passwords switched off,
signing out at the provider, the settings' validation and the system checks."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.accounts.oidc_provider import (  # noqa: F401
    CLIENT_ID,
    new_subject,
    provider_fixture,
    sign_in,
    sso_fixture,
)

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
OIDC_MIDDLEWARE = [
    "wagtail_hyte.accounts.oidc.middleware.PasswordSignInPolicyMiddleware",
    "wagtail_hyte.accounts.oidc.middleware.ProviderLogoutMiddleware",
]


@pytest.fixture(autouse=True)
def _oidc_middleware(settings):
    """The two middlewares, after MessageMiddleware, as docs/sign-in.md installs them."""
    middleware = [m for m in settings.MIDDLEWARE if m not in OIDC_MIDDLEWARE]
    at = middleware.index("django.contrib.messages.middleware.MessageMiddleware") + 1
    settings.MIDDLEWARE = middleware[:at] + OIDC_MIDDLEWARE + middleware[at:]


def signed_in_client(provider):
    sub = new_subject()
    provider.set_user(sub, {"roles": ["hyte-professional"], "given_name": "Anna"})
    client = Client()
    assert sign_in(client, provider, sub)["Location"] == "/admin/"
    return client


# The sign-in page ------------------------------------------------------------


def test_login_page_shows_the_button_beside_the_password_form(sso, client, english):
    html = client.get(LOGIN + "?next=/admin/pages/").content.decode()
    start = reverse("wagtail_hyte_accounts:sso_start")
    assert f'href="{start}?next=%2Fadmin%2Fpages%2F"' in html
    assert "Sign in with Wellbeing Services County" in html
    assert 'name="password"' in html


def test_label_follows_the_language(sso, client, settings):
    settings.LANGUAGE_CODE = "fi"
    html = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Hyvinvointialue" in html


def test_login_page_without_sso_is_wagtails(db, client):
    html = client.get(LOGIN).content.decode()
    assert reverse("wagtail_hyte_accounts:sso_start") not in html
    assert 'name="password"' in html


def test_unsafe_next_is_not_passed_on(sso, client):
    html = client.get(LOGIN + "?next=https://evil.example/").content.decode()
    assert f'href="{reverse("wagtail_hyte_accounts:sso_start")}"' in html


# Passwords switched off --------------------------------------------------------


def test_password_login_false_hides_the_form_and_refuses_passwords(sso, client, make_user, english):
    sso.configure(PASSWORD_LOGIN=False)
    html = client.get(LOGIN).content.decode()
    assert 'name="password"' not in html
    assert reverse("wagtail_hyte_accounts:sso_start") in html

    superuser = make_user("superuser")
    response = client.post(
        LOGIN, {"username": superuser.username, "password": f"pw-{superuser.username}"}
    )
    assert response.status_code == 303
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    assert any("not in use" in str(m) for m in get_messages(response.wsgi_request))


def test_password_login_stays_off_when_the_setting_is_broken(sso, client, make_user):
    sso.configure(PASSWORD_LOGIN=False, ROLES={"x": "no-such-role"})
    user = make_user("editor")
    response = client.post(LOGIN, {"username": user.username, "password": f"pw-{user.username}"})
    assert response.status_code == 303
    assert "_auth_user_id" not in client.session
    assert 'name="password"' not in client.get(LOGIN).content.decode()


# Signing out -------------------------------------------------------------------


def test_logout_ends_the_local_session_and_the_providers(sso, provider):
    client = signed_in_client(provider)
    keys = list(client.session.keys())
    assert not [key for key in keys if "token" in key], keys  # no ID token kept
    response = client.post(reverse("wagtailadmin_logout"))

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        provider.issuer + "/oauth2/end_session"
    )
    query = {key: value[0] for key, value in parse_qs(location.query).items()}
    assert query == {
        "client_id": CLIENT_ID,
        "post_logout_redirect_uri": "http://testserver" + LOGIN,
    }
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # to the sign-in page


def test_logout_at_provider_can_be_switched_off(sso, provider):
    sso.configure(LOGOUT_AT_PROVIDER=False)
    client = signed_in_client(provider)
    response = client.post(reverse("wagtailadmin_logout"))
    assert response["Location"] == LOGIN


def test_password_session_logs_out_locally_only(sso, make_user, password_client):
    client = password_client(make_user("editor"))
    response = client.post(reverse("wagtailadmin_logout"))
    assert response["Location"] == LOGIN


def test_turning_sso_off_ends_its_sessions(sso, provider, settings):
    client = signed_in_client(provider)
    sso.configure()
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "SSO": {}}
    assert client.get("/admin/").status_code == 302


# Settings ----------------------------------------------------------------------


def test_settings_are_validated():
    from wagtail_hyte.accounts.oidc.config import SSOConfigError, parse

    with pytest.raises(SSOConfigError) as refused:
        parse(
            {
                "ISSUER": "not a url",
                "CLIENT_ID": "",
                "SCOPES": ["profile"],
                "ROLES": {"x": "boss"},
                "CLOCK_SKEW": -1,
                "TYPO": 1,
            }
        )
    codes = {code for code, _message in refused.value.problems}
    assert codes == {"invalid", "issuer", "client", "roles"}
    config = parse(
        {
            "ISSUER": "https://id.example",
            "CLIENT_ID": "c",
            "CLIENT_SECRET": "s",
            "SCOPES": "openid email",
        }
    )
    assert config.audience == "c" and config.scopes == ("openid", "email")
    assert config.clock_skew == 60 and config.password_login and config.require_role


def test_endpoint_overrides_skip_discovery(sso, provider):
    from wagtail_hyte.accounts.oidc.config import get_config, provider_metadata

    sso.configure(
        ISSUER="https://id.invalid",
        AUTHORIZATION_ENDPOINT=provider.issuer + "/oauth2/authorize",
        TOKEN_ENDPOINT=provider.issuer + "/oauth2/token",
        USERINFO_ENDPOINT=provider.issuer + "/userinfo",
        JWKS_URI=provider.issuer + "/jwks",
    )
    metadata = provider_metadata(get_config())  # id.invalid is never asked
    assert metadata["token_endpoint"] == provider.issuer + "/oauth2/token"


def test_discovery_is_cached(sso, provider):
    from wagtail_hyte.accounts.oidc.config import discovery_document, get_config

    first = discovery_document(get_config())
    provider.harness.issuer_host["discovery"] = "issuer.invalid"
    assert discovery_document(get_config()) == first


# System checks -----------------------------------------------------------------


def check_ids():
    from wagtail_hyte.accounts.oidc.checks import check_single_sign_on

    return {message.id for message in check_single_sign_on()}


def test_checks_pass_for_a_complete_setup(sso):
    assert check_ids() == set()


def test_checks_are_silent_while_sso_is_off(db):
    assert check_ids() == set()


def test_checks_report_each_problem(sso, settings):
    sso.configure(
        ISSUER="http://id.example",
        CLIENT_SECRET="",
        ROLES={"x": "boss"},
        VERIFY_TLS=False,
        PASSWORD_LOGIN=False,
        TYPO=True,
    )
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    assert check_ids() == {
        "hyte_accounts.E102",
        "hyte_accounts.E103",
        "hyte_accounts.E104",
        "hyte_accounts.E105",
        "hyte_accounts.E106",
        "hyte_accounts.W102",
    }


def test_checks_middleware_and_roles(sso, settings):
    sso.configure(PASSWORD_LOGIN=False, ROLES={})
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "oidc" not in m]
    assert check_ids() == {"hyte_accounts.E108", "hyte_accounts.W101", "hyte_accounts.W103"}


def test_check_library_missing(sso, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "mozilla_django_oidc" else real(name, *a),
    )
    assert "hyte_accounts.E101" in check_ids()


def test_check_urls_missing(sso, settings):
    settings.ROOT_URLCONF = "tests.urls_without_feedback"  # no sign-in URLs either
    assert "hyte_accounts.E107" in check_ids()
