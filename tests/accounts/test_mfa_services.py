"""The second factor's services (accounts/services.py) and the receivers that
ledger every removal (accounts/receivers.py)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.functional import Promise
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import totp_code
from wagtail_hyte.accounts import kinds
from wagtail_hyte.accounts import mfa as services
from wagtail_hyte.core import signin
from wagtail_hyte.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def entries(kind):
    return list(LedgerEntry.objects.filter(kind=kind).order_by("seq"))


def session_request(user):
    request = RequestFactory().get("/admin/")
    request.session = SessionStore()
    request.session.create()
    request.user = user
    user.otp_device = None
    user.is_verified = lambda: user.otp_device is not None
    return request


# The policy -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "required"),
    [
        ("professional", True),
        ("partner_staff", True),
        ("coordinator", True),
        ("auditor", True),
        ("superuser", True),
        ("editor", False),
        (None, False),
    ],
)
def test_the_default_roles_need_a_second_factor(mfa, make_user, role, required):
    user = make_user(role)
    assert services.requires_second_factor(user, session_request(user)) is required


def test_the_suite_settings_need_none(make_user):
    user = make_user("professional")
    assert not services.requires_second_factor(user, session_request(user))


def test_superusers_by_their_own_setting(mfa, settings, make_user):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "MFA_REQUIRED_FOR_SUPERUSERS": False}
    assert not services.requires_second_factor(make_user("superuser"))
    # A superuser who is also in a required role still needs one.
    superuser = make_user("superuser")
    from django.contrib.auth.models import Group

    superuser.groups.add(Group.objects.get(name="HYTE coordinators"))
    assert services.requires_second_factor(superuser)


def test_an_editor_when_the_site_names_the_role(mfa, settings, make_user):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "MFA_REQUIRED_ROLES": ("editor",)}
    assert services.requires_second_factor(make_user("editor"))
    assert not services.requires_second_factor(make_user("professional"))


def test_single_sign_on_sessions_are_exempt_by_setting(mfa, settings, make_user):
    user = make_user("coordinator")
    request = session_request(user)
    signin.mark_authenticated(request, signin.SSO)
    assert not services.requires_second_factor(user, request)
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "MFA_SSO_EXEMPT": False}
    assert services.requires_second_factor(user, request)
    signin.mark_authenticated(request, signin.PASSWORD)
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "MFA_SSO_EXEMPT": True}
    assert services.requires_second_factor(user, request)


def test_inactive_and_anonymous_users_need_nothing(mfa, make_user):
    from django.contrib.auth.models import AnonymousUser

    user = make_user("auditor", is_active=False)
    assert not services.requires_second_factor(user)
    assert not services.requires_second_factor(AnonymousUser())


# Enrolment --------------------------------------------------------------------


def test_enrolment_confirms_makes_recovery_codes_and_ledgers(settings, make_user):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "MFA_RECOVERY_CODES": 8}
    user = make_user("professional")
    device = services.start_enrolment(user)
    assert not device.confirmed and not services.has_confirmed_factor(user)

    codes = services.confirm_enrolment(user, device, totp_code(device))

    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert services.has_confirmed_factor(user)
    assert len(codes) == 8 and len(set(codes)) == 8
    assert all(len(code) == 9 and code[4] == "-" for code in codes)
    assert "redacted" in repr(codes)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in codes}
    [entry] = entries(kinds.FACTOR_ENROLLED)
    assert entry.actor == f"user:{user.pk}"
    assert entry.payload_data == {"user": f"user:{user.pk}", "factor": "totp"}


def test_a_new_enrolment_replaces_the_unconfirmed_one(make_user):
    user = make_user("professional")
    first = services.start_enrolment(user)
    second = services.start_enrolment(user)
    assert list(TOTPDevice.objects.filter(user=user)) == [second]
    assert first.pk != second.pk
    assert services.pending_enrolment(user) == second
    assert entries(kinds.FACTOR_REMOVED) == []  # a pending device is not a factor


def test_a_wrong_first_code_changes_nothing(english, make_user):
    user = make_user("professional")
    device = services.start_enrolment(user)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    with pytest.raises(services.WrongCode) as raised:
        services.confirm_enrolment(user, device, wrong)
    assert "not valid" in raised.value.messages[0]
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert not StaticDevice.objects.filter(user=user).exists()
    assert not LedgerEntry.objects.filter(kind__startswith="staff.").exists()


def test_the_wrong_code_message_is_translatable(make_user):
    user = make_user("professional")
    device = services.start_enrolment(user)
    with pytest.raises(services.WrongCode) as raised:
        services.confirm_enrolment(user, device, "abc")
    assert isinstance(raised.value.message, Promise)  # gettext_lazy: in the user's language


def test_enrolling_twice_or_someone_elses_device_raises(make_user, enrol):
    user, other = make_user("professional"), make_user("professional")
    device, _codes = enrol(user)
    with pytest.raises(services.IllegalFactorChange):
        services.start_enrolment(user)
    with pytest.raises(services.IllegalFactorChange):
        services.confirm_enrolment(user, device, totp_code(device, 1))
    pending = services.start_enrolment(other)
    with pytest.raises(services.IllegalFactorChange):
        services.confirm_enrolment(user, pending, totp_code(pending))
    assert len(entries(kinds.FACTOR_ENROLLED)) == 1


def test_renewing_recovery_codes_invalidates_the_old(make_user, enrol):
    user = make_user("coordinator")
    _device, old = enrol(user)
    new = services.renew_recovery_codes(user)
    assert not set(old) & set(new)
    assert services.recovery_codes_left(user) == len(new)
    request = session_request(user)
    with pytest.raises(services.WrongCode):
        services.verify(request, old[0])
    [entry] = entries(kinds.RECOVERY_CODES_RENEWED)
    assert entry.payload_data == {"user": f"user:{user.pk}", "factor": "recovery"}
    # Replaced codes are not "removed outside the admin".
    assert entries(kinds.FACTOR_REMOVED) == []


def test_no_recovery_codes_without_an_authenticator(make_user):
    with pytest.raises(services.IllegalFactorChange):
        services.renew_recovery_codes(make_user("coordinator"))


# Verification -----------------------------------------------------------------


def test_verify_with_the_authenticator(make_user, enrol):
    user = make_user("auditor")
    device, _codes = enrol(user)
    request = session_request(user)
    key_before = request.session.session_key
    verified = services.verify(request, totp_code(device, 1))
    assert verified.factor == "totp" and verified.device == device
    assert request.session["otp_device_id"] == device.persistent_id
    assert request.session.session_key != key_before  # cycled
    assert entries(kinds.RECOVERY_CODE_USED) == []


def test_a_recovery_code_works_once_and_is_ledgered(make_user, enrol):
    user = make_user("partner_staff")
    _device, codes = enrol(user)
    before = services.recovery_codes_left(user)
    # As a person types it: capitals, a space instead of the hyphen.
    typed = codes[3].upper().replace("-", " ")
    assert services.verify(session_request(user), typed).factor == "recovery"
    assert services.recovery_codes_left(user) == before - 1
    [entry] = entries(kinds.RECOVERY_CODE_USED)
    assert entry.payload_data == {"user": f"user:{user.pk}", "factor": "recovery"}
    with pytest.raises(services.WrongCode):
        services.verify(session_request(user), codes[3])
    assert len(entries(kinds.RECOVERY_CODE_USED)) == 1


def test_a_wrong_code_is_refused_and_nothing_is_written(english, make_user, enrol):
    user = make_user("professional")
    device, _codes = enrol(user)
    request = session_request(user)
    count = LedgerEntry.objects.count()
    with pytest.raises(services.WrongCode) as raised:
        services.verify(request, f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}")
    assert raised.value.messages == ["That code is not valid. Check the code and try again."]
    assert "otp_device_id" not in request.session
    assert LedgerEntry.objects.count() == count
    with pytest.raises(services.WrongCode):
        services.verify(request, "not a code")


def test_another_users_code_does_not_verify(make_user, enrol):
    user, other = make_user("professional"), make_user("professional")
    enrol(user)
    other_device, other_codes = enrol(other)
    with pytest.raises(services.WrongCode):
        services.verify(session_request(user), totp_code(other_device, 1))
    with pytest.raises(services.WrongCode):
        services.verify(session_request(user), other_codes[0])
    assert services.recovery_codes_left(other) == len(other_codes)


def test_django_otp_throttles_the_device(english, settings, make_user, enrol):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    user = make_user("professional")
    device, _codes = enrol(user)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    with pytest.raises(services.WrongCode):
        services.verify(session_request(user), wrong)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # written although the code was refused
    # Even the right code is refused while the delay runs, in another session too.
    with pytest.raises(services.Throttled) as raised:
        services.verify(session_request(user), totp_code(device, 1))
    assert "Wait" in raised.value.messages[0]


def test_a_session_is_refused_after_too_many_wrong_codes(english, settings, make_user, enrol):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only the per-session limit
    user = make_user("professional")
    device, _codes = enrol(user)
    request = session_request(user)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    for _attempt in range(services.MAX_FAILURES_PER_SESSION - 1):
        with pytest.raises(services.WrongCode):
            services.verify(request, wrong)
    with pytest.raises(services.TooManyAttempts):
        services.verify(request, wrong)
    # From now on even the right code is refused in this session.
    with pytest.raises(services.TooManyAttempts):
        services.verify(request, totp_code(device, 1))
    assert "otp_device_id" not in request.session


def test_a_success_resets_the_session_count(settings, make_user, enrol):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_user("professional")
    device, _codes = enrol(user)
    request = session_request(user)
    with pytest.raises(services.WrongCode):
        services.verify(request, "000000" if totp_code(device) != "000000" else "111111")
    assert services.failures(request) == 1
    services.verify(request, totp_code(device, 1))
    assert services.failures(request) == 0


# Removal ----------------------------------------------------------------------


def test_the_user_removes_their_own_factors(make_user, enrol):
    user = make_user("professional")
    enrol(user)
    assert services.remove_factors(user, by=user) == ["totp", "recovery"]
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    payloads = [(e.actor, e.payload_data) for e in entries(kinds.FACTOR_REMOVED)]
    assert payloads == [
        (f"user:{user.pk}", {"user": f"user:{user.pk}", "factor": "totp", "how": "self"}),
        (f"user:{user.pk}", {"user": f"user:{user.pk}", "factor": "recovery", "how": "self"}),
    ]


def test_an_administrator_removes_them(make_user, enrol):
    from django.contrib.auth.models import Permission

    user = make_user("professional")
    admin = make_user("editor")
    admin.user_permissions.add(Permission.objects.get(codename="change_user"))
    admin = type(admin).objects.get(pk=admin.pk)
    enrol(user)
    services.remove_factors(user, by=admin)
    assert not services.has_confirmed_factor(user)
    assert {e.payload_data["how"] for e in entries(kinds.FACTOR_REMOVED)} == {"admin"}
    assert {e.actor for e in entries(kinds.FACTOR_REMOVED)} == {f"user:{admin.pk}"}


def test_an_unprivileged_user_is_refused(make_user, enrol):
    user = make_user("professional")
    enrol(user)
    for by in (make_user("coordinator"), make_user("professional"), None):
        with pytest.raises(PermissionDenied):
            services.remove_factors(user, by=by)
    assert services.has_confirmed_factor(user)
    assert entries(kinds.FACTOR_REMOVED) == []


def test_only_a_superuser_resets_a_superuser(make_user, enrol):
    from django.contrib.auth.models import Permission

    target = make_user("superuser")
    enrol(target)
    admin = make_user("editor")
    admin.user_permissions.add(Permission.objects.get(codename="change_user"))
    admin = type(admin).objects.get(pk=admin.pk)
    with pytest.raises(PermissionDenied):
        services.remove_factors(target, by=admin)
    services.remove_factors(target, by=make_user("superuser"))
    assert not services.has_confirmed_factor(target)


def test_an_orm_deletion_is_ledgered_as_direct(make_user, enrol):
    user = make_user("professional")
    device, _codes = enrol(user)
    device.delete()
    StaticDevice.objects.filter(user=user).delete()
    payloads = [(e.actor, e.payload_data) for e in entries(kinds.FACTOR_REMOVED)]
    assert payloads == [
        ("system:direct", {"user": f"user:{user.pk}", "factor": "totp", "how": "direct"}),
        ("system:direct", {"user": f"user:{user.pk}", "factor": "recovery", "how": "direct"}),
    ]


def test_unconfirming_through_the_orm_is_ledgered(make_user, enrol):
    user = make_user("professional")
    device, _codes = enrol(user)
    device.confirmed = False
    device.save()
    [entry] = entries(kinds.FACTOR_REMOVED)
    assert entry.payload_data == {"user": f"user:{user.pk}", "factor": "totp", "how": "direct"}


def test_deleting_a_pending_device_is_not_ledgered(make_user):
    user = make_user("professional")
    services.start_enrolment(user).delete()
    assert entries(kinds.FACTOR_REMOVED) == []
