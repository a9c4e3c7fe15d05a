"""Sign-in hardening: throttled passwords (django-axes) and sessions limited per role
(``SESSION_LIMITS``: eight hours from signing in for the roles that can reveal or
read personal data, twelve for editors; the idle limits are in
tests/accounts/test_sessions.py)."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

PASSWORD_ROLES = ["professional", "partner_staff", "coordinator", "auditor", "superuser"]


def _login(client, username, password):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


def _short(client, age=8 * 60 * 60) -> bool:
    """The session ends ``age`` seconds after sign-in (an absolute deadline)."""
    return age - 60 < client.session.get_expiry_age() <= age


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_axes_is_configured_in_the_example_site():
    assert "axes" in django_settings.INSTALLED_APPS
    assert django_settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert django_settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_thirty_wrong_passwords_then_the_right_one_do_not_sign_in(client, make_user):
    user = make_user("professional")
    for n in range(30):
        response = _login(client, user.username, f"wrong-{n}")
        assert response.status_code in (200, 403, 429)
        assert not _signed_in(client)
    response = _login(client, user.username, "pw-" + user.username)
    assert not _signed_in(client)
    assert response.status_code in (403, 429)


def test_the_right_password_signs_in_before_the_limit(client, make_user):
    user = make_user("editor")
    for n in range(2):
        _login(client, user.username, f"wrong-{n}")
    response = _login(client, user.username, "pw-" + user.username)
    assert response.status_code == 302
    assert _signed_in(client)


@pytest.mark.parametrize("role", PASSWORD_ROLES)
def test_personal_data_roles_get_a_short_session(client, make_user, role):
    user = make_user(role)
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": user.username, "password": "pw-" + user.username, "remember": "on"},
    )
    assert response.status_code == 302
    assert _short(client)
    # Still short after the next request (views and "remember me" do not lengthen it).
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert _short(client)


def test_force_login_gets_the_short_session_too(client, make_user):
    client.force_login(
        make_user("partner_staff"), backend="django.contrib.auth.backends.ModelBackend"
    )
    assert _short(client)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_editors_get_twelve_hours(client, make_user):
    user = make_user("editor")
    _login(client, user.username, "pw-" + user.username)
    assert _signed_in(client)
    assert _short(client, 12 * 60 * 60)


def test_users_without_a_hyte_role_keep_the_site_session_age(client, make_user):
    user = make_user()
    _login(client, user.username, "pw-" + user.username)
    assert _signed_in(client)
    assert client.session.get_expiry_age() == django_settings.SESSION_COOKIE_AGE


def test_session_age_is_a_setting(client, make_user, settings):
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "SESSION_LIMITS": {"coordinator": {"absolute": 3600}},
    }
    user = make_user("coordinator")
    _login(client, user.username, "pw-" + user.username)
    assert _short(client, 3600)
    # The other roles keep their defaults.
    other = make_user("auditor")
    client.logout()
    _login(client, other.username, "pw-" + other.username)
    assert _short(client)
