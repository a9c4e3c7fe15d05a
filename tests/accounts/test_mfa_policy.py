"""SignInPolicyMiddleware: until a session has passed its second factor, a user
who needs one reaches only enrolment (not enrolled) or verification (enrolled),
and is anonymous outside the admin."""

import pytest
from django.urls import reverse

from tests.accounts.conftest import totp_code
from wagtail_hyte.accounts import mfa as services
from wagtail_hyte.core import signin

pytestmark = pytest.mark.django_db

ROLES = ["professional", "partner_staff", "coordinator", "auditor", "superuser"]
ENROL = reverse("wagtail_hyte_accounts:enrol")
VERIFY = reverse("wagtail_hyte_accounts:verify")
API = "/api/hyte/v1/referrals/"


def admin_urls(user):
    """Real admin pages, the sign-in pages that need a passed second factor, and
    the staff's personal-data screens."""
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_account"),
        reverse("wagtailusers_users:index"),
        reverse("hyte_referrals:inbox"),
        reverse("hyte_referrals:mine"),
        reverse("hyte_ledger:entries"),
        reverse("hyte_metrics:usage"),
        reverse("hyte_accounts:reset", args=[user.pk]),
        reverse("wagtail_hyte_accounts:recovery_codes"),
        reverse("wagtail_hyte_accounts:reauthenticate"),
        "/admin/no-such-page/",
    ]


def redirected_to(response, target):
    return response.status_code == 302 and response["Location"].split("?")[0] == target


@pytest.fixture
def staff(make_user, make_partner):
    def make(role):
        if role == "partner_staff":
            return make_user(role, partner=make_partner())
        return make_user(role)

    return make


@pytest.mark.parametrize("role", ROLES)
def test_until_enrolled_only_enrolment_is_reachable(mfa, staff, password_client, role):
    user = staff(role)
    client = password_client(user)
    for url in admin_urls(user):
        response = client.get(url)
        assert redirected_to(response, ENROL), url
        assert response["Location"] == f"{ENROL}?next={url.replace('/', '%2F')}"
    assert client.get(VERIFY)["Location"].startswith(ENROL)
    assert client.get(ENROL).status_code == 200
    # Outside the admin the session is anonymous: the API asks for credentials.
    assert client.get(API).status_code == 401
    # A POST is redirected without a "next".
    assert client.post(reverse("wagtailadmin_account"))["Location"] == ENROL


@pytest.mark.parametrize("role", ROLES)
def test_enrolled_users_reach_only_verification_then_everything(
    mfa, staff, password_client, enrol, role
):
    user = staff(role)
    device, _codes = enrol(user)
    client = password_client(user)
    for url in admin_urls(user):
        assert redirected_to(client.get(url), VERIFY), url
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert client.get(API).status_code == 401

    response = client.post(VERIFY, {"code": totp_code(device, 1), "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"
    for url in admin_urls(user):
        response = client.get(url)
        if url == reverse("wagtail_hyte_accounts:reauthenticate"):
            continue  # its own rules (views/reauth.py)
        assert not redirected_to(response, VERIFY) and not redirected_to(response, ENROL), url
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(API).status_code != 401  # signed in now (allowed or not by role)


def test_the_ledger_and_the_inbox_after_verification(mfa, staff, password_client, enrol):
    auditor, partner_staff = staff("auditor"), staff("partner_staff")
    for user, url in (
        (auditor, reverse("hyte_ledger:entries")),
        (partner_staff, reverse("hyte_referrals:inbox")),
    ):
        device, _codes = enrol(user)
        client = password_client(user)
        assert redirected_to(client.get(url), VERIFY)
        client.post(VERIFY, {"code": totp_code(device, 1)})
        assert client.get(url).status_code == 200


def test_an_editor_needs_nothing_by_default(mfa, make_user, password_client):
    client = password_client(make_user("editor"))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("wagtailadmin_account")).status_code == 200


def test_the_suite_settings_need_nothing(make_user, password_client):
    client = password_client(make_user("coordinator"))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_sign_out_the_javascript_catalogue_and_icons_stay_reachable(
    mfa, make_user, password_client
):
    client = password_client(make_user("coordinator"))
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    # The icons the sign-in look loads (a redirect would put a page in the sprite).
    assert client.get(reverse("wagtailadmin_sprite")).status_code == 200
    response = client.post(reverse("wagtailadmin_logout"))
    assert redirected_to(response, reverse("wagtailadmin_login"))
    assert "_auth_user_id" not in client.session


def test_json_requests_get_403(mfa, make_user, password_client, enrol):
    user = make_user("coordinator")
    enrol(user)
    client = password_client(user)
    for headers in (
        {"HTTP_ACCEPT": "application/json"},
        {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"},
    ):
        response = client.get(reverse("wagtailadmin_home"), **headers)
        assert response.status_code == 403
        assert response.json()["error"] == "second_factor_required"


def test_public_pages_see_an_anonymous_visitor(mfa, make_user, password_client, home_page):
    client = password_client(make_user("coordinator"))
    response = client.get(home_page.url)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous
    assert b"wagtail-userbar" not in response.content


def _sso_client(client, user):
    # Signed in, then marked as single sign-on: what the policy reads.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[signin.METHOD_KEY] = signin.SSO
    session.save()
    return client


def test_sso_sessions_pass_when_exempt(mfa, make_user, client):
    _sso_client(client, make_user("coordinator"))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_sso_sessions_are_stopped_when_not_exempt(mfa, settings, make_user, client):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "MFA_SSO_EXEMPT": False}
    _sso_client(client, make_user("coordinator"))
    assert redirected_to(client.get(reverse("wagtailadmin_home")), ENROL)


def test_a_removed_factor_ends_the_verification(mfa, make_user, password_client, enrol):
    """Deleting the device (an administrator's reset) takes effect at once."""
    user = make_user("auditor")
    device, _codes = enrol(user)
    client = password_client(user)
    client.post(VERIFY, {"code": totp_code(device, 1)})
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    services.remove_factors(user, by=user)
    assert redirected_to(client.get(reverse("wagtailadmin_home")), ENROL)
