"""Session limits per role (``core/sessions.py``): signed out after the idle limit
of the user's roles, and at the absolute deadline from signing in; the shortest
limits of several roles; superusers; the message on the sign-in page; "remember
me" cannot extend a session; the API answers a signed-out session as anonymous;
the system checks of the settings."""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail_hyte.core import checks, sessions, signin
from wagtail_hyte.core.roles import GROUP_NAMES

# Messages are checked in English (the example site speaks Finnish by default).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HOME = "/admin/"
MINUTE = 60
HOUR = 60 * MINUTE


@contextmanager
def later(seconds):
    """Every ``timezone.now()`` (sessions, their expiry, the middleware) ``seconds`` on."""
    moved = timezone.now() + timedelta(seconds=seconds)
    with mock.patch("django.utils.timezone.now", return_value=moved):
        yield


#: A password session (``force_login`` would otherwise pick the first backend
#: with ``get_user``, whichever that is in the settings).
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def sign_in(client, user):
    client.force_login(user, backend=PASSWORD_BACKEND)
    return user


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def get(client, path=HOME, **extra):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="en", **extra)


def limits(settings, **roles):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "SESSION_LIMITS": roles}


def assert_signed_out_to_login(client, response, next_url=HOME):
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={next_url}"
    assert not signed_in(client)


def login_page_text(client, response) -> str:
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    return page.content.decode()


def test_a_professional_is_signed_out_after_thirty_idle_minutes(client, make_user):
    sign_in(client, make_user("professional"))
    assert get(client).status_code == 200
    with later(29 * MINUTE):
        assert get(client).status_code == 200
    with later(29 * MINUTE + 31 * MINUTE):
        response = get(client, "/admin/pages/?q=x")
    assert_signed_out_to_login(client, response, "/admin/pages/%3Fq%3Dx")
    text = login_page_text(client, response)
    assert "You were signed out after 30 minutes without activity." in text


def test_activity_keeps_the_session_and_is_written_once_a_minute(client, make_user):
    sign_in(client, make_user("partner_staff"))
    started = client.session[sessions.LAST_ACTIVITY_KEY]
    with later(30):
        assert get(client).status_code == 200
    assert client.session[sessions.LAST_ACTIVITY_KEY] == started  # not saved again
    for step in range(1, 6):  # a request every 25 minutes, for two hours
        with later(step * 25 * MINUTE):
            assert get(client).status_code == 200
    assert client.session[sessions.LAST_ACTIVITY_KEY] >= started + 5 * 25 * MINUTE
    assert signed_in(client)


def test_an_editor_may_stay_idle_longer_than_a_professional(client, make_user):
    sign_in(client, make_user("editor"))
    with later(31 * MINUTE):
        assert get(client).status_code == 200
    with later(31 * MINUTE + 2 * HOUR + MINUTE):
        response = get(client)
    assert_signed_out_to_login(client, response)
    assert "after 120 minutes without activity" in login_page_text(client, response)


def test_several_roles_get_the_shortest_limits(client, make_user, settings):
    limits(settings, editor={"idle": 10 * MINUTE, "absolute": 2 * HOUR})
    user = make_user("professional")
    user.groups.add(Group.objects.get(name=GROUP_NAMES["editor"]))
    sign_in(client, user)
    # The editor's limits (10 min, 2 h) are shorter than the professional's (30 min, 8 h).
    assert 2 * HOUR - MINUTE < client.session.get_expiry_age() <= 2 * HOUR
    with later(11 * MINUTE):
        response = get(client)
    assert_signed_out_to_login(client, response)
    assert "after 10 minutes without activity" in login_page_text(client, response)


def test_superusers_have_their_own_limits(client, make_user, settings):
    limits(settings, superuser={"idle": 5 * MINUTE, "absolute": HOUR})
    sign_in(client, make_user("superuser"))
    assert HOUR - MINUTE < client.session.get_expiry_age() <= HOUR
    with later(4 * MINUTE):
        assert get(client).status_code == 200
    with later(10 * MINUTE):
        assert_signed_out_to_login(client, get(client))


def test_the_absolute_deadline_signs_out_whatever_the_activity(client, make_user, settings):
    user = make_user("coordinator")
    sign_in(client, user)
    assert 8 * HOUR - MINUTE < client.session.get_expiry_age() <= 8 * HOUR
    for step in (20, 40, 59):
        with later(step * MINUTE):
            assert get(client).status_code == 200
    # A shorter limit counts from the sign-in at once: the session's own expiry
    # (still eight hours) does not keep it.
    limits(settings, coordinator={"absolute": HOUR})
    with later(61 * MINUTE):
        response = get(client)
    assert_signed_out_to_login(client, response)
    assert "Your sign-in expired." in login_page_text(client, response)


def test_the_session_ends_with_the_deadline(client, make_user):
    sign_in(client, make_user("professional"))
    for step in range(1, 20):  # active every 25 minutes
        with later(step * 25 * MINUTE):
            assert get(client).status_code == 200
    with later(8 * HOUR + MINUTE):
        response = get(client)
        assert response.status_code == 302
        assert not signed_in(client)


def test_a_role_given_while_signed_in_shortens_the_session(client, make_user):
    user = make_user("editor")
    sign_in(client, user)
    assert 12 * HOUR - MINUTE < client.session.get_expiry_age() <= 12 * HOUR
    user.groups.add(Group.objects.get(name=GROUP_NAMES["professional"]))
    with later(20 * MINUTE):
        assert get(client).status_code == 200
    # Eight hours from the sign-in, twenty minutes ago.
    with later(20 * MINUTE):
        assert 8 * HOUR - 21 * MINUTE < client.session.get_expiry_age() <= 8 * HOUR - 19 * MINUTE


def test_remember_me_cannot_extend_the_deadline(client, make_user):
    user = make_user("professional")
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": user.username, "password": "pw-" + user.username, "remember": "on"},
    )
    assert response.status_code == 302
    assert 8 * HOUR - MINUTE < client.session.get_expiry_age() <= 8 * HOUR
    assert get(client).status_code == 200
    assert 8 * HOUR - MINUTE < client.session.get_expiry_age() <= 8 * HOUR
    assert signin.sign_in_method(client) == signin.PASSWORD


def test_the_api_answers_a_signed_out_session_as_anonymous(client, make_user):
    sign_in(client, make_user("professional"))
    url = reverse("hyte_api_v1:referral-list")
    assert client.get(url).status_code == 200
    with later(31 * MINUTE):
        response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"
    assert not signed_in(client)


def test_signing_in_again_over_an_idle_session_works(client, make_user):
    user = sign_in(client, make_user("professional"))
    with later(31 * MINUTE):
        response = client.post(
            reverse("wagtailadmin_login"),
            {"username": user.username, "password": "pw-" + user.username},
        )
        assert response.status_code == 302
        assert response["Location"] == HOME
        assert signed_in(client)
        assert get(client).status_code == 200


def test_a_user_with_no_hyte_role_has_no_limit_of_ours(client, make_user):
    sign_in(client, make_user())
    age = client.session.get_expiry_age()
    with later(3 * HOUR):
        client.get(HOME)
    assert signed_in(client)
    assert client.session.get_expiry_age() <= age


def test_a_session_from_before_the_limits_is_signed_out(client, make_user):
    sign_in(client, make_user("auditor"))
    session = client.session
    del session[sessions.SIGNED_IN_AT_KEY]
    session.save()
    response = get(client)
    assert_signed_out_to_login(client, response)
    assert "Your sign-in expired." in login_page_text(client, response)


def test_a_limit_of_none_is_no_limit_of_that_kind(client, make_user, settings):
    limits(settings, auditor={"idle": None})
    sign_in(client, make_user("auditor"))
    with later(3 * HOUR):
        assert get(client).status_code == 200
    assert signed_in(client)
    assert sessions.session_limits(make_user("auditor")) == sessions.Limits(
        idle=None, absolute=8 * HOUR
    )


def test_login_records_the_method_and_time(client, make_user):
    sign_in(client, make_user("professional"))
    assert signin.sign_in_method(client) == signin.PASSWORD
    at = signin.authenticated_at(client)
    assert at is not None and abs((timezone.now() - at).total_seconds()) < 5


def test_the_old_middleware_name_is_the_new_class():
    assert sessions.PersonalDataSessionMiddleware is sessions.SessionLimitsMiddleware


# --- System checks ----------------------------------------------------------


def ids(messages):
    return [message.id for message in messages]


def test_the_removed_setting_is_an_error(settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "PERSONAL_DATA_SESSION_AGE": 3600}
    (found,) = [m for m in checks.check_session_limits() if m.id == "hyte.E007"]
    assert "SESSION_LIMITS" in found.msg + found.hint


@pytest.mark.parametrize(
    "value",
    [
        {"editors": {"idle": 60}},
        {"editor": {"idle": 0}},
        {"editor": {"absolute": -5}},
        {"editor": {"idle": "30"}},
        {"editor": {"idle": True}},
        {"editor": {"idel": 60}},
        {"editor": 60},
        [],
    ],
)
def test_malformed_session_limits_are_errors(settings, value):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "SESSION_LIMITS": value}
    assert "hyte.E008" in ids(checks.check_session_limits())


def test_good_session_limits_pass(settings):
    limits(settings, editor={"idle": 60}, superuser=None, auditor={"absolute": None})
    assert ids(checks.check_session_limits()) == []


@pytest.mark.parametrize("value", [0, -1, "900", True])
def test_a_malformed_reauthentication_window_is_an_error(settings, value):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "REAUTHENTICATE_AFTER": value}
    assert ids(checks.check_session_limits()) == ["hyte.E009"]


def test_reauthentication_without_its_page_is_a_warning(settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "REAUTHENTICATE_AFTER": 900}
    assert checks.check_reauthentication_page() == []
    with override_settings(ROOT_URLCONF="tests.urls_without_feedback"):
        assert ids(checks.check_reauthentication_page()) == ["hyte.W008"]
        settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "REAUTHENTICATE_AFTER": None}
        assert checks.check_reauthentication_page() == []
