"""The API token services: a token is made with a secret that is never stored
(only its SHA-256 digest), the rules refuse bad input and write nothing, and
creating and revoking are each one ledger entry without the secret."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.referrals.dump import dump_database
from wagtail_hyte.api import tokens
from wagtail_hyte.api.models import ApiToken, TokenStatus
from wagtail_hyte.core.periods import local_date, local_midnight
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.ledger.verification import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def professional(make_user):
    return make_user("professional")


def create(coordinator, user, **overrides):
    fields = {
        "name": "Potilastietojärjestelmä X",
        "user": user,
        "scopes": ["referrals:read", "referrals:write"],
        "expires_on": local_date() + timedelta(days=30),
        "created_by": coordinator,
        **overrides,
    }
    return tokens.create_token(**fields)


def test_a_token_is_made_and_only_its_digest_is_stored(coordinator, professional):
    created = create(coordinator, professional)
    secret = str(created.secret)
    assert tokens.SECRET_PATTERN.match(secret)
    assert secret.startswith("hyte_") and len(secret) == 48
    token = ApiToken.objects.get()
    assert token.prefix == secret[5:13]
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert token.user == professional and token.created_by == coordinator
    assert token.scope_set == frozenset({"referrals:read", "referrals:write"})
    assert token.status() == TokenStatus.ACTIVE
    dump = dump_database()  # every table, lower-cased
    assert secret[5:].lower() not in dump  # not even the random part without the marker
    assert token.digest in dump


def test_the_secret_never_shows_in_a_repr(coordinator, professional):
    created = create(coordinator, professional)
    assert str(created.secret) not in repr(created)
    assert str(created.secret) not in repr(created.token)


def test_each_token_is_different(coordinator, professional):
    first, second = create(coordinator, professional), create(coordinator, professional)
    assert first.secret != second.secret
    assert first.token.prefix != second.token.prefix


def test_the_token_expires_at_finnish_midnight_of_its_day(coordinator, professional):
    day = local_date() + timedelta(days=10)
    created = create(coordinator, professional, expires_on=day)
    assert created.token.expires_at == local_midnight(day)


def test_creation_is_ledgered_without_the_secret_or_its_digest(coordinator, professional):
    created = create(coordinator, professional)
    token = created.token
    entry = LedgerEntry.objects.get(kind="api_token.created")
    assert entry.actor == f"user:{coordinator.pk}"
    assert entry.payload_data == {
        "token": str(token.pk),
        "prefix": token.prefix,
        "acts_as": f"user:{professional.pk}",
        "scopes": ["referrals:read", "referrals:write"],
        "expires_at": entry.payload_data["expires_at"],
    }
    assert entry.payload_data["expires_at"].endswith("Z")
    everything = json.dumps(list(LedgerEntry.objects.values()), default=str)
    assert str(created.secret) not in everything
    assert token.digest not in everything
    assert "Potilastietojärjestelmä" not in everything  # names stay out of the ledger
    assert verify_chain().ok


def test_revoking_ends_the_token_and_is_ledgered(coordinator, professional):
    token = create(coordinator, professional).token
    revoked = tokens.revoke_token(token, revoked_by=coordinator)
    assert revoked.revoked_at is not None and revoked.revoked_by == coordinator
    assert revoked.status() == TokenStatus.REVOKED
    entry = LedgerEntry.objects.get(kind="api_token.revoked")
    assert entry.actor == f"user:{coordinator.pk}"
    assert entry.payload_data == {"token": str(token.pk), "prefix": token.prefix}


def test_a_revoked_token_cannot_be_revoked_again(coordinator, professional):
    token = create(coordinator, professional).token
    tokens.revoke_token(token, revoked_by=coordinator)
    with pytest.raises(ValidationError):
        tokens.revoke_token(token, revoked_by=coordinator)
    assert LedgerEntry.objects.filter(kind="api_token.revoked").count() == 1


def assert_refused(coordinator, field, **overrides):
    before = LedgerEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        create(coordinator, overrides.pop("user"), **overrides)
    assert field in caught.value.error_dict
    assert not ApiToken.objects.exists()
    assert LedgerEntry.objects.count() == before


@pytest.mark.parametrize(
    "field, overrides",
    [
        ("name", {"name": "   "}),
        ("name", {"name": "x" * 101}),
        ("scopes", {"scopes": []}),
        ("scopes", {"scopes": ["referrals:read", "everything"]}),
        ("expires_on", {"expires_on": None}),
        ("expires_on", {"expires_on": local_date()}),
        ("expires_on", {"expires_on": local_date() - timedelta(days=1)}),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(coordinator, professional, field, overrides):
    assert_refused(coordinator, field, user=professional, **overrides)


def test_the_longest_lifetime_is_the_setting(settings, coordinator, professional):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "API_TOKEN_MAX_DAYS": 30}
    assert_refused(
        coordinator, "expires_on", user=professional, expires_on=local_date() + timedelta(days=31)
    )
    created = create(coordinator, professional, expires_on=local_date() + timedelta(days=30))
    assert created.token.pk


def test_a_token_acts_only_as_an_active_staff_member(coordinator, make_user):
    inactive = make_user("professional", is_active=False)
    assert_refused(coordinator, "user", user=inactive)
    no_admin = make_user()  # in no group: may not use the admin
    assert_refused(coordinator, "user", user=no_admin)
    assert_refused(coordinator, "user", user=None)


def test_only_a_superuser_makes_a_token_acting_as_a_superuser(coordinator, make_user):
    superuser = make_user("superuser")
    assert_refused(coordinator, "user", user=superuser)
    assert superuser not in tokens.eligible_users(coordinator)
    assert superuser in tokens.eligible_users(superuser)
    created = create(superuser, superuser)
    assert created.token.user == superuser


def test_eligible_users_are_the_active_staff(coordinator, professional, make_user):
    inactive = make_user("auditor", is_active=False)
    outsider = make_user()
    users = set(tokens.eligible_users(coordinator))
    assert {coordinator, professional} <= users
    assert inactive not in users and outsider not in users


def test_authenticate_finds_only_usable_tokens(coordinator, professional):
    created = create(coordinator, professional)
    secret = str(created.secret)
    assert tokens.authenticate(secret) == created.token
    assert tokens.authenticate(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert tokens.authenticate("hyte_short") is None
    assert tokens.authenticate("") is None
    later = created.token.expires_at + timedelta(seconds=1)
    assert tokens.authenticate(secret, now=later) is None
    tokens.revoke_token(created.token, revoked_by=coordinator)
    assert tokens.authenticate(secret) is None


def test_authenticate_refuses_a_token_of_an_inactive_user(coordinator, professional):
    secret = str(create(coordinator, professional).secret)
    professional.is_active = False
    professional.save()
    assert tokens.authenticate(secret) is None


def test_last_used_is_written_at_most_once_a_minute(coordinator, professional):
    created = create(coordinator, professional)
    secret, token = str(created.secret), created.token
    assert token.last_used_at is None
    first = token.created_at + timedelta(minutes=1)
    tokens.authenticate(secret, now=first)
    token.refresh_from_db()
    assert token.last_used_at == first
    tokens.authenticate(secret, now=first + timedelta(seconds=30))
    token.refresh_from_db()
    assert token.last_used_at == first
    again = first + timedelta(minutes=1, seconds=1)
    tokens.authenticate(secret, now=again)
    token.refresh_from_db()
    assert token.last_used_at == again


def test_the_status_of_a_token(coordinator, professional):
    token = create(coordinator, professional).token
    assert token.status() == TokenStatus.ACTIVE
    assert token.status(token.expires_at) == TokenStatus.EXPIRED
    assert list(ApiToken.objects.usable()) == [token]
    assert not ApiToken.objects.usable(token.expires_at).exists()
    assert list(ApiToken.objects.unusable(token.expires_at)) == [token]
