"""Re-authentication before a client's contact details (``core/reauth.py``, the
*Confirm it is you* page in ``accounts/views/reauth.py``, the partner's referral
page and the API's reveals): a sign-in older than ``REAUTHENTICATE_AFTER`` is sent
to confirm it is the user, with the password (and the code of a second factor),
or through single sign-on again; nothing is read or ledgered before that."""

# The referral world's fixtures are imported from tests/referrals/conftest.py (as
# tests/api/conftest.py does) and the tests name them as parameters.
# ruff: noqa: F811

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.api.conftest import bearer  # noqa: F401
from tests.referrals.conftest import CLIENT, CLIENT_NEEDLES, notices, refer, world  # noqa: F401
from wagtail_hyte.core import signin
from wagtail_hyte.core.reauth import needs_reauthentication
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.referrals.models import Referral
from wagtail_hyte.referrals.views import partner

# Messages are checked in English (the example site speaks Finnish by default).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"
CONFIRM = "/admin/hyte-sign-in/confirm/"
WINDOW = 15 * 60


@pytest.fixture(autouse=True)
def reauthentication(settings):
    """The package's default window (the test settings turn it off)."""
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "REAUTHENTICATE_AFTER": WINDOW}


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff, backend=PASSWORD_BACKEND)
    return client


def age_sign_in(client, seconds=WINDOW + 60):
    """The session last proved who it is ``seconds`` ago."""
    session = client.session
    at = timezone.now() - timedelta(seconds=seconds)
    session[signin.AUTHENTICATED_AT_KEY] = at.isoformat()
    session.save()


def reads():
    return LedgerEntry.objects.filter(kind="personal_data.read").count()


def ledger_kinds():
    return list(LedgerEntry.objects.order_by("seq").values_list("kind", flat=True))


def has_client_data(text):
    lowered = text.lower()
    return [needle for needle in CLIENT_NEEDLES if needle in lowered]


def detail_url(referral):
    return reverse("hyte_referrals:inbox_detail", args=[referral.pk])


def action_url(name, referral):
    return reverse(f"hyte_referrals:{name}", args=[referral.pk])


def confirm_url(next_url):
    return f"{CONFIRM}?next={next_url.replace('/', '%2F')}"


def assert_sent_to_confirm(response, referral):
    assert response.status_code == 302
    parts = urlsplit(response["Location"])
    assert parts.path == CONFIRM
    assert parse_qs(parts.query) == {"next": [detail_url(referral)]}


def confirm(client, referral, **data):
    return client.post(CONFIRM, {"next": detail_url(referral), **data}, HTTP_ACCEPT_LANGUAGE="en")


def totp_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def authenticator(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


RECOVERY_CODE = "k3y7r6q2"  # eight base32 characters, as the MFA module makes them


def recovery_code(user, token=RECOVERY_CODE):
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=device, token=token)
    return token


# --- The partner's referral page --------------------------------------------


def test_an_old_sign_in_is_sent_to_confirm_before_anything_is_read(staff, world, refer):
    referral = refer()
    age_sign_in(staff)
    response = staff.post(action_url("reveal", referral))
    assert_sent_to_confirm(response, referral)
    assert reads() == 0
    page = staff.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Confirm it is you" in text
    assert "Confirm it is you to see the contact details." in text  # the message
    assert 'autocomplete="current-password"' in text
    assert 'autocomplete="one-time-code"' not in text  # no second factor to ask for
    assert not has_client_data(text)
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]


def test_the_password_confirms_and_the_details_are_shown(staff, world, refer):
    referral = refer()
    age_sign_in(staff)
    staff.post(action_url("reveal", referral))
    before = signin.authenticated_at(staff)
    response = confirm(staff, referral, password="pw-" + world.staff.username)
    assert response.status_code == 302
    assert response["Location"] == detail_url(referral)
    assert signin.authenticated_at(staff) > before
    page = staff.get(detail_url(referral))
    assert CLIENT["name"] in page.content.decode()
    assert reads() == 1
    # Shown once, as always: a reload reads nothing more.
    assert not has_client_data(staff.get(detail_url(referral)).content.decode())
    assert reads() == 1


def test_the_password_and_a_code_of_the_authenticator(staff, world, refer):
    device = authenticator(world.staff)
    referral = refer()
    age_sign_in(staff)
    staff.post(action_url("reveal", referral))
    page = staff.get(confirm_url(detail_url(referral)), HTTP_ACCEPT_LANGUAGE="en")
    assert 'autocomplete="one-time-code"' in page.content.decode()

    password_only = confirm(staff, referral, password="pw-" + world.staff.username)
    assert password_only.status_code == 200
    assert "Enter the code from your authenticator app" in password_only.content.decode()
    assert needs_reauthentication_now(staff)

    response = confirm(
        staff, referral, password="pw-" + world.staff.username, otp_token=totp_code(device)
    )
    assert response.status_code == 302
    assert CLIENT["name"] in staff.get(detail_url(referral)).content.decode()
    assert reads() == 1


def test_a_recovery_code_confirms_once_and_is_ledgered(staff, world, refer):
    authenticator(world.staff)
    token = recovery_code(world.staff)
    referral = refer()
    age_sign_in(staff)
    staff.post(action_url("reveal", referral))
    response = confirm(staff, referral, password="pw-" + world.staff.username, otp_token=token)
    assert response.status_code == 302
    assert "staff.recovery_code_used" in ledger_kinds()
    entry = LedgerEntry.objects.get(kind="staff.recovery_code_used")
    assert token not in str(entry.payload_data)
    assert not StaticToken.objects.filter(token=token).exists()

    age_sign_in(staff)
    again = confirm(staff, referral, password="pw-" + world.staff.username, otp_token=token)
    assert again.status_code == 200
    assert "The code is not correct, or it has been used." in again.content.decode()


def needs_reauthentication_now(client) -> bool:
    """What ``needs_reauthentication`` says of the client's session now."""
    request = type("Request", (), {})()
    request.session = client.session
    request.user = type("User", (), {"is_authenticated": True})()
    return needs_reauthentication(request)


@pytest.mark.parametrize("wrong", ["password", "code"])
def test_a_wrong_password_or_code_changes_nothing(staff, world, refer, wrong):
    device = authenticator(world.staff)
    referral = refer()
    age_sign_in(staff)
    staff.post(action_url("reveal", referral))
    before = signin.authenticated_at(staff)
    kinds = ledger_kinds()
    data = {"password": "pw-" + world.staff.username, "otp_token": totp_code(device)}
    if wrong == "password":
        data["password"] = "not-the-password"
    else:
        data["otp_token"] = "000000" if data["otp_token"] != "000000" else "111111"
    response = confirm(staff, referral, **data)
    assert response.status_code == 200
    text = response.content.decode()
    expected = (
        "The password is not correct."
        if wrong == "password"
        else "The code is not correct, or it has been used."
    )
    assert expected in text
    assert 'aria-invalid="true"' in text
    # The error is tied to its field.
    field = "id_password" if wrong == "password" else "id_otp_token"
    (tag,) = [tag for tag in re.findall(r"<input[^>]*>", text) if f'id="{field}"' in tag]
    assert re.search(rf'aria-describedby="[^"]*{field}-errors', tag), tag
    assert signin.authenticated_at(staff) == before
    assert not has_client_data(staff.get(detail_url(referral)).content.decode())
    assert reads() == 0
    assert ledger_kinds() == kinds


def test_too_many_wrong_codes_sign_out(staff, world, refer):
    authenticator(world.staff)
    referral = refer()
    age_sign_in(staff)
    for _attempt in range(4):
        response = confirm(
            staff, referral, password="pw-" + world.staff.username, otp_token="000001"
        )
        assert response.status_code == 200
    response = confirm(staff, referral, password="pw-" + world.staff.username, otp_token="000001")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("wagtailadmin_login")
    assert "_auth_user_id" not in staff.session
    assert reads() == 0


def test_too_many_wrong_passwords_sign_out(staff, world, refer):
    referral = refer()
    age_sign_in(staff)
    for _attempt in range(5):
        response = confirm(staff, referral, password="wrong")
    assert response.status_code in (302, 403, 429)  # ours, or django-axes' lockout
    assert "_auth_user_id" not in staff.session
    assert reads() == 0


def test_next_must_stay_on_this_site(staff, world):
    age_sign_in(staff)
    response = staff.post(
        CONFIRM, {"next": "https://elsewhere.example/", "password": "pw-" + world.staff.username}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_the_page_is_for_signed_in_users(client):
    response = client.get(CONFIRM)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("wagtailadmin_login")


def test_accepting_goes_through_and_the_reveal_waits_for_the_confirmation(staff, world, refer):
    referral = refer()
    age_sign_in(staff)
    response = staff.post(action_url("accept", referral))
    assert_sent_to_confirm(response, referral)
    assert Referral.objects.get(pk=referral.pk).status == "accepted"
    assert reads() == 0
    confirm(staff, referral, password="pw-" + world.staff.username)
    assert CLIENT["name"] in staff.get(detail_url(referral)).content.decode()
    assert reads() == 1


def test_a_grant_used_after_the_window_reads_nothing(staff, world, refer):
    referral = refer()
    response = staff.post(action_url("reveal", referral))
    assert response["Location"] == detail_url(referral)  # recent: no confirmation
    age_sign_in(staff)
    page = staff.get(detail_url(referral), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert not has_client_data(text)
    assert "Confirm it is you to see the contact details." in text
    assert reads() == 0
    assert partner.REVEAL_SESSION_KEY in staff.session  # the key stays, the grant is used
    assert str(referral.pk) not in staff.session[partner.REVEAL_SESSION_KEY]


def test_skipping_the_confirmation_reads_nothing(staff, world, refer):
    referral = refer()
    age_sign_in(staff)
    staff.post(action_url("reveal", referral))
    assert not has_client_data(staff.get(detail_url(referral)).content.decode())
    assert reads() == 0


def test_a_recent_sign_in_is_not_asked(staff, world, refer):
    referral = refer()
    age_sign_in(staff, WINDOW - 60)
    response = staff.post(action_url("reveal", referral))
    assert response["Location"] == detail_url(referral)
    assert CLIENT["name"] in staff.get(detail_url(referral)).content.decode()


def test_none_turns_re_authentication_off(staff, world, refer, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "REAUTHENTICATE_AFTER": None}
    referral = refer()
    age_sign_in(staff, 10 * 60 * 60)
    response = staff.post(action_url("reveal", referral))
    assert response["Location"] == detail_url(referral)
    assert CLIENT["name"] in staff.get(detail_url(referral)).content.decode()
    api = staff.post(reverse("hyte_api_v1:referral-reveal", args=[refer().reference]))
    assert api.status_code == 200


@override_settings(ROOT_URLCONF="tests.urls_without_feedback")
def test_without_the_confirmation_page_the_details_wait_for_a_new_sign_in(staff, world, refer):
    referral = refer()
    age_sign_in(staff)
    response = staff.post(action_url("reveal", referral), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == detail_url(referral)
    page = staff.get(detail_url(referral), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Sign out and sign in again to see them." in text
    assert not has_client_data(text)
    assert reads() == 0


# --- Single sign-on sessions -------------------------------------------------

SSO = {
    "ISSUER": "http://127.0.0.1:9/",
    "CLIENT_ID": "hyte-test",
    "CLIENT_SECRET": "not-a-real-secret",
    "LABEL": "Testin hyvinvointialue",
    "ROLES": {"partner": "partner_staff"},
}


def test_a_single_sign_on_session_confirms_at_the_provider(staff, world, refer, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "SSO": SSO}
    session = staff.session
    session[signin.METHOD_KEY] = signin.SSO
    session.save()
    referral = refer()
    age_sign_in(staff)
    response = staff.post(action_url("reveal", referral))
    assert_sent_to_confirm(response, referral)
    page = staff.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert 'type="password"' not in text
    links = re.findall(r'<a class="button" href="([^"]+)"', text)
    assert len(links) == 1
    parts = urlsplit(links[0].replace("&amp;", "&"))
    assert parts.path == reverse("wagtail_hyte_accounts:sso_start")
    assert parse_qs(parts.query) == {"reauth": ["1"], "next": [detail_url(referral)]}
    assert "Testin hyvinvointialue" in text
    # A password posted to the page does not confirm a single sign-on session.
    staff.post(CONFIRM, {"next": detail_url(referral), "password": "pw-" + world.staff.username})
    assert not has_client_data(staff.get(detail_url(referral)).content.decode())
    assert reads() == 0


# --- The API -----------------------------------------------------------------


def test_the_api_refuses_an_old_session_with_a_stable_code(staff, world, refer):
    referral = refer()
    age_sign_in(staff)
    response = staff.post(reverse("hyte_api_v1:referral-reveal", args=[referral.reference]))
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "reauthentication_required"
    assert error["message"]
    assert not has_client_data(response.content.decode())
    assert reads() == 0
    assert "personal_data.read_refused" not in ledger_kinds()


def test_fhir_refuses_an_old_session_with_an_operation_outcome(staff, world, refer):
    referral = refer()
    age_sign_in(staff)
    response = staff.post(f"/api/fhir/ServiceRequest/{referral.reference}/$reveal")
    assert response.status_code == 403
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    (issue,) = body["issue"]
    assert issue["diagnostics"] == "reauthentication_required"
    assert issue["code"] == "login"
    assert reads() == 0


def test_an_api_token_is_its_own_credential(client, world, refer, bearer):
    referral = refer()
    header = bearer(world.staff, "referrals:reveal")
    response = client.post(
        reverse("hyte_api_v1:referral-reveal", args=[referral.reference]), **header
    )
    assert response.status_code == 200
    assert response.json()["name"] == CLIENT["name"]
    fhir = client.post(f"/api/fhir/ServiceRequest/{refer().reference}/$reveal", **header)
    assert fhir.status_code == 200
    assert reads() == 2


# --- With the second factor required (the package's defaults) ---------------


def test_a_verified_session_confirms_with_the_password_and_a_recovery_code(
    mfa, enrol, password_client, world, refer
):
    from .conftest import totp_code as current_code

    device, codes = enrol(world.staff)
    client = password_client(world.staff)
    verified = client.post(
        reverse("wagtail_hyte_accounts:verify"), {"code": current_code(device, steps=1)}
    )
    assert verified.status_code == 302
    referral = refer()
    age_sign_in(client)
    response = client.post(action_url("reveal", referral))
    assert_sent_to_confirm(response, referral)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    used = LedgerEntry.objects.filter(kind="staff.recovery_code_used").count()
    response = confirm(client, referral, password="pw-" + world.staff.username, otp_token=codes[0])
    assert response.status_code == 302
    assert response["Location"] == detail_url(referral)
    assert CLIENT["name"] in client.get(detail_url(referral)).content.decode()
    assert reads() == 1
    assert LedgerEntry.objects.filter(kind="staff.recovery_code_used").count() == used + 1
