"""Single sign-on end to end: our client against a real OpenID Connect provider
on 127.0.0.1 (tests/accounts/oidc_provider.py), through Django's test client
and real HTTP to the provider."""

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.accounts.oidc_provider import (  # noqa: F401
    CLIENT_ID,
    follow_callback,
    make_provider,
    new_subject,
    provider_fixture,
    sign_in,
    sso_fixture,
    start,
)
from wagtail_hyte.core.roles import GROUP_NAMES

pytestmark = pytest.mark.django_db

HOME = "/admin/"


def person(provider, roles=("hyte-professional",), **claims):
    sub = new_subject()
    provider.set_user(
        sub,
        {
            "email": f"{sub}@example.invalid",
            "given_name": "Anna",
            "family_name": "Aho",
            "roles": list(roles),
            **claims,
        },
    )
    return sub


def identity(provider, sub):
    from wagtail_hyte.accounts.models import ExternalIdentity

    return ExternalIdentity.objects.select_related("user").get(issuer=provider.issuer, subject=sub)


def hyte_roles(user):
    names = set(user.groups.values_list("name", flat=True))
    return {role for role, name in GROUP_NAMES.items() if name in names}


def entries(kind):
    from wagtail_hyte.ledger.models import LedgerEntry

    return [
        (entry.actor, json.loads(entry.payload))
        for entry in LedgerEntry.objects.filter(kind=kind).order_by("seq")
    ]


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_refused(response, client, text=None):
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("wagtailadmin_login")
    assert "_auth_user_id" not in client.session
    if text:
        assert any(text in m for m in messages_of(response)), messages_of(response)


def test_first_sign_in_creates_the_user_and_identity(sso, provider, english):
    from wagtail_hyte.accounts import kinds
    from wagtail_hyte.core.signin import SSO, sign_in_method

    sub = person(provider, roles=["hyte-professional", "not-ours"])
    client = Client()
    response = sign_in(client, provider, sub)

    assert response.status_code == 302
    assert response["Location"] == HOME
    found = identity(provider, sub)
    user = found.user
    assert (user.first_name, user.last_name, user.email) == (
        "Anna",
        "Aho",
        f"{sub}@example.invalid",
    )
    assert user.username.startswith("sso-") and sub not in user.username
    assert not user.has_usable_password()
    assert found.last_login_at is not None
    assert hyte_roles(user) == {"professional"}
    assert client.get(HOME).status_code == 200
    assert sign_in_method(response.wsgi_request) == SSO
    assert (
        client.session["_auth_user_backend"] == "wagtail_hyte.accounts.oidc.backend.HyteOIDCBackend"
    )

    # Ledgered with ids only, in the sign-in's transaction.
    assert entries(kinds.SSO_USER_CREATED) == [
        ("system:sso", {"user": f"user:{user.pk}", "identity": str(found.pk)})
    ]
    assert entries(kinds.ROLES_FROM_PROVIDER) == [
        (
            "system:sso",
            {
                "user": f"user:{user.pk}",
                "identity": str(found.pk),
                "added": ["professional"],
                "removed": [],
            },
        )
    ]
    # PKCE: the provider saw an S256 challenge and a matching verifier.
    request = provider.harness.authorization_requests[-1]
    assert request["code_challenge_method"] == "S256" and len(request["code_challenge"]) == 43
    assert provider.harness.token_requests == [{"code_verifier": True, "accepted": True}]
    assert request["client_id"] == CLIENT_ID
    assert set(request["scope"].split()) == {"openid", "profile", "email"}
    assert "prompt" not in request


def test_roles_follow_the_claims_at_every_sign_in(sso, provider):
    from wagtail_hyte.accounts import kinds

    sub = person(provider, roles=["hyte-professional", "hyte-coordinator"])
    sign_in(Client(), provider, sub)
    user = identity(provider, sub).user
    own_group = Group.objects.create(name="Site's own group")
    user.groups.add(own_group)
    assert hyte_roles(user) == {"professional", "coordinator"}

    # The provider takes the coordinator role away and gives the auditor role.
    provider.set_user(
        sub, {"email": f"{sub}@example.invalid", "roles": ["hyte-professional", "hyte-auditor"]}
    )
    response = sign_in(Client(), provider, sub)
    assert response["Location"] == HOME
    user.refresh_from_db()
    assert hyte_roles(user) == {"professional", "auditor"}
    assert own_group in user.groups.all()  # not a HYTE group: untouched
    assert entries(kinds.ROLES_FROM_PROVIDER)[-1][1]["added"] == ["auditor"]
    assert entries(kinds.ROLES_FROM_PROVIDER)[-1][1]["removed"] == ["coordinator"]

    # Nothing changed: no entry.
    count = len(entries(kinds.ROLES_FROM_PROVIDER))
    sign_in(Client(), provider, sub)
    assert len(entries(kinds.ROLES_FROM_PROVIDER)) == count
    assert len(entries(kinds.SSO_USER_CREATED)) == 1


def test_groups_claim_and_a_single_string(sso, provider):
    sso.configure(ROLE_CLAIM="groups", ROLES={"Sote coordinators": "coordinator"})
    sub = new_subject()
    provider.set_user(sub, {"groups": "Sote coordinators", "roles": ["hyte-auditor"]})
    assert sign_in(Client(), provider, sub)["Location"] == HOME
    assert hyte_roles(identity(provider, sub).user) == {"coordinator"}


def test_no_mapped_role_signs_in_nobody(sso, provider, english):
    from wagtail_hyte.accounts.models import ExternalIdentity

    sub = person(provider, roles=["something-else"])
    client = Client()
    response = sign_in(client, provider, sub)
    assert_refused(response, client, "Your organisation has not given you access")
    assert not ExternalIdentity.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="sso-").exists()


def test_role_claim_removed_takes_the_role_away_and_refuses(sso, provider, english):
    from wagtail_hyte.accounts import kinds

    sub = person(provider, roles=["hyte-coordinator"])
    sign_in(Client(), provider, sub)
    user = identity(provider, sub).user

    provider.set_user(sub, {"email": f"{sub}@example.invalid"})
    client = Client()
    response = sign_in(client, provider, sub)
    assert_refused(response, client, "has not given you access")
    user.refresh_from_db()
    assert hyte_roles(user) == set()
    assert entries(kinds.ROLES_FROM_PROVIDER)[-1][1]["removed"] == ["coordinator"]


def test_without_require_role_a_user_without_roles_signs_in(sso, provider):
    sso.configure(REQUIRE_ROLE=False)
    sub = person(provider, roles=[])
    response = sign_in(Client(), provider, sub)
    assert response["Location"] == HOME
    assert hyte_roles(identity(provider, sub).user) == set()


def test_users_are_found_by_subject_never_by_email(sso, provider, make_user):
    password_user = make_user("coordinator", email="shared@example.invalid")
    first = person(provider, email="shared@example.invalid")
    second = person(provider, email="shared@example.invalid")

    sign_in(Client(), provider, first)
    sign_in(Client(), provider, second)

    one, two = identity(provider, first).user, identity(provider, second).user
    assert len({one.pk, two.pk, password_user.pk}) == 3
    password_user.refresh_from_db()
    assert password_user.has_usable_password()
    assert hyte_roles(password_user) == {"coordinator"}
    assert not password_user.hyte_external_identities.exists()

    # The same subject again is the same account, whatever its email now is.
    provider.set_user(first, {"email": "changed@example.invalid", "roles": ["hyte-professional"]})
    sign_in(Client(), provider, first)
    assert identity(provider, first).user.pk == one.pk
    one.refresh_from_db()
    assert one.email == "changed@example.invalid"


def test_unverified_email_is_not_used(sso, provider):
    sub = person(provider, email="maybe@example.invalid", email_verified=False)
    sign_in(Client(), provider, sub)
    assert identity(provider, sub).user.email == ""


def test_deactivated_user_is_refused(sso, provider, english):
    sub = person(provider)
    sign_in(Client(), provider, sub)
    user = identity(provider, sub).user
    user.is_active = False
    user.save()
    client = Client()
    assert_refused(sign_in(client, provider, sub), client, "has been closed")


def test_next_is_kept_when_safe(sso, provider):
    sub = person(provider)
    response = sign_in(Client(), provider, sub, next_url="/admin/pages/")
    assert response["Location"] == "/admin/pages/"
    other = person(provider)
    response = sign_in(Client(), provider, other, next_url="https://evil.example/")
    assert response["Location"] == HOME


def test_wrong_issuer_in_the_id_token_is_refused(sso, provider, english):
    provider.harness.issuer_host["token"] = "issuer.invalid"
    sub = person(provider)
    client = Client()
    assert_refused(sign_in(client, provider, sub), client, "did not succeed")
    assert not get_user_model().objects.filter(username__startswith="sso-").exists()


def test_discovery_document_of_another_issuer_is_refused(sso, provider, english):
    provider.harness.issuer_host["discovery"] = "issuer.invalid"
    client = Client()
    response = start(client)
    assert_refused(response, client, "could not be reached")


def test_wrong_audience_is_refused(sso, provider):
    sso.configure(AUDIENCE="someone-else")
    sub = person(provider)
    client = Client()
    assert_refused(sign_in(client, provider, sub), client)


def test_expired_id_token_is_refused(sso, english, caplog):
    # The provider's tokens expired two minutes before they were issued: beyond
    # the default 60 s of clock skew.
    with make_provider(access_token_max_age=timedelta(seconds=-120)) as expired:
        sso.use(expired)
        sub = person(expired)
        client = Client()
        with caplog.at_level("WARNING", logger="wagtail_hyte.accounts.sso"):
            assert_refused(sign_in(client, expired, sub), client, "did not succeed")
        assert "single sign-on refused: id_token_expired" in caplog.text
        assert not get_user_model().objects.filter(username__startswith="sso-").exists()


def test_bad_or_reused_state_is_refused(sso, provider):
    sub = person(provider)
    client = Client()
    response = start(client)
    callback = provider.authorize(response["Location"], sub)
    parts = urlsplit(callback)
    query = parse_qs(parts.query)

    forged = client.get(parts.path, {"code": query["code"][0], "state": "forged"})
    assert_refused(forged, client)
    # Another browser (no pending sign-in in its session) cannot use the code.
    assert_refused(follow_callback(Client(), callback), Client())

    assert follow_callback(client, callback)["Location"] == HOME
    # The state is used once.
    client.logout()
    assert_refused(follow_callback(client, callback), client)


def test_pkce_verifier_is_required_by_the_provider(sso, provider, monkeypatch):
    """Without the verifier our client stored, the harness refuses the code."""
    from wagtail_hyte.accounts.oidc import backend

    original = backend.HyteOIDCBackend.sign_in

    def tampered(self, request, *, code, nonce, code_verifier):
        return original(self, request, code=code, nonce=nonce, code_verifier=code_verifier[::-1])

    monkeypatch.setattr(backend.HyteOIDCBackend, "sign_in", tampered)
    sub = person(provider)
    client = Client()
    assert_refused(sign_in(client, provider, sub), client)
    assert provider.harness.token_requests == [{"code_verifier": True, "accepted": False}]


def test_provider_denial_is_a_cancelled_sign_in(sso, provider, english):
    client = Client()
    response = start(client)
    callback = provider.deny(response["Location"])
    assert_refused(follow_callback(client, callback), client, "cancelled")


def test_reauthentication_asks_the_provider_to_sign_in_again(sso, provider):
    from wagtail_hyte.core.signin import authenticated_at

    sub = person(provider)
    client = Client()
    sign_in(client, provider, sub)
    before = client.session["_hyte_authenticated_at"]
    csrf_session = client.session.session_key

    response = sign_in(client, provider, sub, reauth=True, next_url="/admin/pages/")
    assert response["Location"] == "/admin/pages/"
    request = provider.harness.authorization_requests[-1]
    assert request["prompt"] == "login" and request["max_age"] == "0"
    assert client.session["_hyte_authenticated_at"] >= before
    assert authenticated_at(response.wsgi_request) is not None
    assert client.session.session_key == csrf_session  # the same session, no new login


def test_reauthentication_by_someone_else_signs_out(sso, provider, english):
    sub, other = person(provider), person(provider)
    client = Client()
    sign_in(client, provider, sub)
    response = sign_in(client, provider, other, reauth=True)
    assert_refused(response, client, "someone else")


def test_reauthentication_needs_a_recent_provider_sign_in(sso, provider, monkeypatch, english):
    from wagtail_hyte.accounts.oidc import flow

    sub = person(provider)
    client = Client()
    sign_in(client, provider, sub)
    monkeypatch.setattr(flow, "REAUTH_MAX_AGE", -3600)
    response = sign_in(client, provider, sub, reauth=True)
    assert response["Location"].startswith(reverse("wagtail_hyte_accounts:reauthenticate"))
    assert any("did not ask you to sign in again" in m for m in messages_of(response))


def test_failures_log_reason_codes_only(sso, provider, caplog):
    sub = person(provider, roles=["nothing"], email="secret-person@example.invalid")
    with caplog.at_level("INFO", logger="wagtail_hyte.accounts.sso"):
        sign_in(Client(), provider, sub)
    ours = [r for r in caplog.records if not r.name.startswith("werkzeug")]
    text = "\n".join(f"{r.getMessage()} {r.args}" for r in ours)
    assert "single sign-on refused: no_role" in text
    assert sub not in text and "secret-person" not in text and "eyJ" not in text


def test_start_is_404_while_sso_is_off(db, client):
    assert client.get(reverse("wagtail_hyte_accounts:sso_start")).status_code == 404
    assert client.get(reverse("wagtail_hyte_accounts:sso_callback")).status_code == 404


def test_start_is_404_when_the_setting_is_unusable(sso, client):
    sso.configure(ROLES={"x": "no-such-role"})
    assert client.get(reverse("wagtail_hyte_accounts:sso_start")).status_code == 404


def test_password_sign_in_never_reaches_the_sso_backend(sso, provider, make_user):
    user = make_user("professional")
    client = Client()
    response = client.post(
        reverse("wagtailadmin_login") + "?code=x&state=y",
        {"username": user.username, "password": f"pw-{user.username}"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
    assert provider.harness.token_requests == []
