"""The second factor pages (accounts/views/mfa.py), the account settings panel,
the administrators' reset, and the system checks of the second factor."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.checks import run_checks
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import totp_code
from wagtail_hyte.accounts import kinds
from wagtail_hyte.accounts import mfa as services
from wagtail_hyte.accounts.views.mfa import NEW_CODES_KEY
from wagtail_hyte.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

ENROL = reverse("wagtail_hyte_accounts:enrol")
VERIFY = reverse("wagtail_hyte_accounts:verify")
CODES = reverse("wagtail_hyte_accounts:recovery_codes")
SECRET = re.compile(r'<code id="hyte-totp-secret" translate="no">([A-Z2-7 ]+)</code>')


def secret_of(response) -> str:
    return SECRET.search(response.content.decode()).group(1)


def wrong(device):
    return f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"


def shown_codes(response):
    return re.findall(
        r'<code translate="no">([a-z2-7]{4}-[a-z2-7]{4})</code>', response.content.decode()
    )


def assert_private(response):
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


# Enrolment --------------------------------------------------------------------


def test_the_enrolment_journey(mfa, english, settings, make_user, password_client):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code at once after a wrong one
    user = make_user("professional")
    client = password_client(user)
    page = client.get(ENROL, {"next": "/admin/pages/"})
    assert page.status_code == 200
    assert_private(page)
    html = page.content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    secret = secret_of(page)
    device = TOTPDevice.objects.get(user=user)
    assert secret.replace(" ", "") == services.otpauth_url(device).split("secret=")[1][:32]
    # Reloading keeps the secret the user may have scanned already.
    assert secret_of(client.get(ENROL)) == secret

    refused = client.post(ENROL, {"code": wrong(device), "next": "/admin/pages/"})
    assert refused.status_code == 200
    assert "That code is not valid" in refused.content.decode()
    assert 'aria-invalid="true"' in refused.content.decode()
    assert 'aria-describedby="id_code-helptext id_code-errors"' in refused.content.decode()
    assert 'id="id_code-errors"' in refused.content.decode()
    assert not LedgerEntry.objects.filter(kind=kinds.FACTOR_ENROLLED).exists()

    done = client.post(ENROL, {"code": totp_code(device), "next": "/admin/pages/"})
    assert done["Location"] == f"{CODES}?next=%2Fadmin%2Fpages%2F"
    assert LedgerEntry.objects.filter(kind=kinds.FACTOR_ENROLLED).count() == 1

    codes_page = client.get(done["Location"])
    codes = shown_codes(codes_page)
    assert len(codes) == 10
    assert_private(codes_page)
    assert not any(code in str(m) for m in get_messages(codes_page.wsgi_request) for code in codes)
    # Still shown on a reload, until saved.
    assert shown_codes(client.get(done["Location"])) == codes

    unticked = client.post(CODES, {"action": "saved", "next": "/admin/pages/"})
    assert "they are not shown again" in unticked.content.decode()
    saved = client.post(CODES, {"action": "saved", "saved": "on", "next": "/admin/pages/"})
    assert saved["Location"] == "/admin/pages/"
    assert NEW_CODES_KEY not in client.session
    again = client.get(CODES)
    assert shown_codes(again) == [] and "10 unused recovery codes" in again.content.decode()
    # The session passed its second factor with the first code.
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_an_expired_setup_shows_a_new_secret(mfa, make_user, password_client):
    user = make_user("coordinator")
    client = password_client(user)
    old = secret_of(client.get(ENROL))
    TOTPDevice.objects.filter(user=user).update(created_at="2000-01-01T00:00:00Z")
    device = TOTPDevice.objects.get(user=user)
    response = client.post(ENROL, {"code": totp_code(device)})
    assert response.status_code == 200
    assert secret_of(response) != old
    assert not services.has_confirmed_factor(user)


def test_enrolled_users_are_sent_on(mfa, make_user, password_client, enrol):
    user = make_user("coordinator")
    device, _codes = enrol(user)
    client = password_client(user)
    client.post(VERIFY, {"code": totp_code(device, 1)})
    assert client.get(ENROL)["Location"] == CODES


def test_the_pages_need_a_signed_in_user(client):
    for url in (ENROL, VERIFY, CODES):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


# Verification -----------------------------------------------------------------


def test_verification_with_a_code_and_a_safe_next(
    mfa, english, settings, make_user, password_client, enrol
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code at once after a wrong one
    user = make_user("auditor")
    device, _codes = enrol(user)
    client = password_client(user)
    page = client.get(VERIFY)
    assert_private(page)
    assert 'autocomplete="one-time-code"' in page.content.decode()
    refused = client.post(VERIFY, {"code": wrong(device)})
    assert "That code is not valid" in refused.content.decode()
    empty = client.post(VERIFY, {"code": ""})
    assert "Enter the code." in empty.content.decode()
    response = client.post(VERIFY, {"code": totp_code(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == reverse("wagtailadmin_home")


def test_verification_with_a_recovery_code(mfa, english, make_user, password_client, enrol):
    user = make_user("auditor")
    _device, codes = enrol(user)
    client = password_client(user)
    response = client.post(VERIFY, {"code": codes[0], "next": reverse("hyte_ledger:entries")})
    assert response["Location"] == reverse("hyte_ledger:entries")
    assert LedgerEntry.objects.filter(kind=kinds.RECOVERY_CODE_USED).count() == 1
    # Used: another session cannot use it again.
    other = password_client(user)
    assert "not valid" in other.post(VERIFY, {"code": codes[0]}).content.decode()
    assert LedgerEntry.objects.filter(kind=kinds.RECOVERY_CODE_USED).count() == 1
    assert other.get(reverse("wagtailadmin_home"))["Location"].startswith(VERIFY)


def test_too_many_wrong_codes_sign_the_session_out(
    mfa, settings, make_user, password_client, enrol
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_user("auditor")
    device, _codes = enrol(user)
    client = password_client(user)
    for _attempt in range(services.MAX_FAILURES_PER_SESSION - 1):
        assert client.post(VERIFY, {"code": wrong(device)}).status_code == 200
    response = client.post(VERIFY, {"code": wrong(device)})
    assert response["Location"] == reverse("wagtailadmin_login")
    assert "_auth_user_id" not in client.session


# Managing the factor ------------------------------------------------------------


@pytest.fixture
def verified(mfa, make_user, password_client, enrol):
    user = make_user("coordinator")
    device, codes = enrol(user)
    client = password_client(user)
    client.post(VERIFY, {"code": totp_code(device, 1)})
    return user, device, codes, client


def test_renewing_needs_a_current_code(english, verified):
    user, device, codes, client = verified
    refused = client.post(CODES, {"action": "renew", "renew-code": "000000x"})
    assert "That code is not valid" in refused.content.decode()
    assert not LedgerEntry.objects.filter(kind=kinds.RECOVERY_CODES_RENEWED).exists()
    response = client.post(CODES, {"action": "renew", "renew-code": codes[1]})
    assert response["Location"] == CODES
    new = shown_codes(client.get(CODES))
    assert len(new) == 10 and not set(new) & set(codes)
    assert LedgerEntry.objects.filter(kind=kinds.RECOVERY_CODES_RENEWED).count() == 1


def test_replacing_the_authenticator(verified):
    user, device, codes, client = verified
    response = client.post(CODES, {"action": "replace", "replace-code": codes[2]})
    assert response["Location"].startswith(ENROL)
    removed = LedgerEntry.objects.filter(kind=kinds.FACTOR_REMOVED)
    assert {e.payload_data["how"] for e in removed} == {"self"}
    assert not services.has_confirmed_factor(user)
    # Until the new one is set up, only enrolment is reachable.
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(ENROL)
    assert client.get(ENROL).status_code == 200


def test_the_account_settings_panel(english, verified):
    _user, _device, _codes, client = verified
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    assert "Second factor" in html and "Manage second factor" in html
    assert f'href="{CODES}"' in html


def test_the_panel_for_a_user_who_needs_none(english, make_user, client):
    client.force_login(make_user("editor"), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    assert "Your role does not need a second factor." in html


# The administrators' reset -----------------------------------------------------


@pytest.fixture
def user_admin(make_user):
    admin = make_user("editor")
    admin.user_permissions.add(Permission.objects.get(codename="change_user"))
    return admin


def test_an_administrator_resets_a_users_factor(english, make_user, enrol, user_admin, client):
    target = make_user("professional")
    enrol(target)
    client.force_login(user_admin, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("hyte_accounts:reset", args=[target.pk])
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert url in listing and "Reset second factor" in listing
    confirm = client.get(url)
    assert confirm.status_code == 200 and "10 unused recovery codes" in confirm.content.decode()
    assert services.has_confirmed_factor(target)  # GET changes nothing
    response = client.post(url)
    assert response["Location"] == reverse("wagtailusers_users:index")
    assert not services.has_confirmed_factor(target)
    entries = LedgerEntry.objects.filter(kind=kinds.FACTOR_REMOVED)
    assert {(e.actor, e.payload_data["how"]) for e in entries} == {
        (f"user:{user_admin.pk}", "admin")
    }


def test_the_reset_is_refused_without_the_permission(make_user, enrol, client):
    target = make_user("professional")
    enrol(target)
    client.force_login(
        make_user("coordinator"), backend="django.contrib.auth.backends.ModelBackend"
    )
    url = reverse("hyte_accounts:reset", args=[target.pk])
    assert client.get(url).status_code in (302, 403)
    assert client.post(url).status_code in (302, 403)
    assert services.has_confirmed_factor(target)
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_superusers_factor_only_by_a_superuser(make_user, enrol, user_admin, client):
    target = make_user("superuser")
    enrol(target)
    client.force_login(user_admin, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("hyte_accounts:reset", args=[target.pk])
    assert client.post(url).status_code in (302, 403)  # Wagtail: back to the dashboard
    assert services.has_confirmed_factor(target)
    assert not LedgerEntry.objects.filter(kind=kinds.FACTOR_REMOVED).exists()
    assert client.get(reverse("hyte_accounts:reset", args=[999_999])).status_code == 404


# System checks ------------------------------------------------------------------


def ids():
    return {message.id for message in run_checks() if message.id.startswith("hyte_accounts.E0")}


def test_the_example_site_passes_the_checks():
    assert ids() == set()


def test_middleware_missing_or_in_the_wrong_order(settings):
    otp = "django_otp.middleware.OTPMiddleware"
    policy = "wagtail_hyte.accounts.middleware.SignInPolicyMiddleware"
    auth = "django.contrib.auth.middleware.AuthenticationMiddleware"
    base = [m for m in settings.MIDDLEWARE if m not in (otp, policy)]
    settings.MIDDLEWARE = base
    assert ids() == {"hyte_accounts.E001", "hyte_accounts.E003"}
    at = base.index(auth)
    settings.MIDDLEWARE = [*base[:at], otp, *base[at:]]
    assert "hyte_accounts.E002" in ids()
    settings.MIDDLEWARE = [*base[: at + 1], policy, otp, *base[at + 1 :]]
    assert ids() == {"hyte_accounts.E004"}


def test_unknown_roles(settings):
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "MFA_REQUIRED_ROLES": ("professional", "nurse"),
    }
    assert ids() == {"hyte_accounts.E005"}
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "MFA_REQUIRED_ROLES": "professional"}
    assert ids() == {"hyte_accounts.E005"}


def test_sign_in_pages_not_mounted(mfa, settings):
    settings.ROOT_URLCONF = __name__  # urlpatterns below: Wagtail's admin alone
    assert "hyte_accounts.E006" in ids()


def _admin_only_urls():
    from django.urls import include, path
    from wagtail.admin import urls as wagtailadmin_urls

    return [path("admin/", include(wagtailadmin_urls))]


urlpatterns = _admin_only_urls()
