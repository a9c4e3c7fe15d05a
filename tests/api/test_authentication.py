"""Token authentication, scopes and throttling of the HYTE API views.

A valid token authenticates as its user; an expired, revoked, unknown or
malformed token, or one of an inactive user, is refused with 401, the JSON
error shape and ``WWW-Authenticate: Bearer``, with one message for all. The
view's scope per method decides with ``HasScope``. Token requests need no CSRF
token, session requests keep it. Requests over the rate answer 429.
"""

import secrets
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail_hyte.api import tokens
from wagtail_hyte.api.models import ApiToken
from wagtail_hyte.core.periods import local_date

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_tokens")]

WHOAMI = "/test-api/whoami/"
PING = "/test-api/ping/"


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def professional(make_user):
    return make_user("professional")


@pytest.fixture
def make_token(coordinator, professional):
    def make(scopes=("referrals:read",), user=None):
        return tokens.create_token(
            name="Potilastietojärjestelmä X",
            user=user or professional,
            scopes=list(scopes),
            expires_on=local_date() + timedelta(days=30),
            created_by=coordinator,
        )

    return make


def bearer(secret, keyword="Bearer"):
    return {"HTTP_AUTHORIZATION": f"{keyword} {secret}"}


def assert_refused(response, code="authentication_failed"):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    return body["error"]["message"]


@pytest.mark.parametrize("keyword", ["Bearer", "bearer", "Token"])
def test_a_valid_token_authenticates_as_its_user(client, make_token, professional, keyword):
    created = make_token()
    response = client.get(WHOAMI, **bearer(created.secret, keyword))
    assert response.status_code == 200
    assert response.json() == {"user": professional.pk, "token": created.token.pk}


def test_refusals_look_the_same_whatever_the_reason(client, make_token, professional):
    expired = make_token()
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    revoked = make_token()
    tokens.revoke_token(revoked.token, revoked_by=revoked.token.created_by)
    unknown = "hyte_" + secrets.token_urlsafe(32)
    wrong_digest = str(make_token().secret)[:13] + secrets.token_urlsafe(32)[:35]
    headers = [
        bearer(expired.secret),
        bearer(revoked.secret),
        bearer(unknown),
        bearer(wrong_digest),  # a real token's prefix, the rest guessed
        bearer("not-a-token"),
        {"HTTP_AUTHORIZATION": "Bearer"},
        {"HTTP_AUTHORIZATION": "Bearer one two"},
        {"HTTP_AUTHORIZATION": "Bearer hyte_ä".encode().decode("latin-1")},
    ]
    messages = {assert_refused(client.get(WHOAMI, **h)) for h in headers}
    assert len(messages) == 1
    message = messages.pop()
    assert "expired" not in message.lower() and "revoked" not in message.lower()


def test_a_token_of_an_inactive_user_is_refused(client, make_token, professional):
    created = make_token()
    professional.is_active = False
    professional.save()
    assert_refused(client.get(WHOAMI, **bearer(created.secret)))


def test_no_credentials_answer_401_with_a_bearer_challenge(client):
    assert_refused(client.get(WHOAMI), code="not_authenticated")


def test_the_scope_of_each_method_is_checked(client, make_token):
    reader = make_token(scopes=["referrals:read"])
    writer = make_token(scopes=["referrals:write"])
    assert client.get(WHOAMI, **bearer(reader.secret)).status_code == 200
    refused = client.post(WHOAMI, {}, content_type="application/json", **bearer(reader.secret))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert client.get(WHOAMI, **bearer(writer.secret)).status_code == 403
    written = client.post(WHOAMI, {}, content_type="application/json", **bearer(writer.secret))
    assert written.status_code == 200 and written.json()["written"] is True


def test_a_token_request_needs_no_csrf_token(make_token):
    client = Client(enforce_csrf_checks=True)
    created = make_token(scopes=["referrals:write"])
    response = client.post(WHOAMI, {}, content_type="application/json", **bearer(created.secret))
    assert response.status_code == 200


def test_the_session_keeps_its_csrf_check_and_is_not_limited_by_scopes(professional):
    client = Client(enforce_csrf_checks=True)
    client.force_login(professional)
    assert client.get(WHOAMI).json() == {"user": professional.pk, "token": None}
    refused = client.post(WHOAMI, {}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert "CSRF" in refused.json()["error"]["message"]


def test_a_token_wins_over_a_session_cookie(client, make_token, professional, coordinator):
    client.force_login(coordinator)
    created = make_token()
    response = client.get(WHOAMI, **bearer(created.secret))
    assert response.json()["user"] == professional.pk


def test_last_used_is_noted_without_a_write_per_request(client, make_token):
    created = make_token()
    token = created.token
    assert token.last_used_at is None
    client.get(WHOAMI, **bearer(created.secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        client.get(WHOAMI, **bearer(created.secret))
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(WHOAMI, **bearer(created.secret))
    token.refresh_from_db()
    assert token.last_used_at > first


@pytest.fixture
def rates(settings):
    def set_rates(**values):
        settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, **values}

    return set_rates


def assert_throttled(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert response.json()["error"]["code"] == "throttled"


def test_each_token_is_throttled_on_its_own(client, make_token, rates):
    rates(API_TOKEN_THROTTLE_RATE="2/minute")
    first, second = make_token(), make_token()
    for _ in range(2):
        assert client.get(WHOAMI, **bearer(first.secret)).status_code == 200
    assert_throttled(client.get(WHOAMI, **bearer(first.secret)))
    assert client.get(WHOAMI, **bearer(second.secret)).status_code == 200


def test_a_session_is_not_counted_as_a_token(client, professional, rates):
    rates(API_TOKEN_THROTTLE_RATE="1/minute")
    client.force_login(professional)
    for _ in range(3):
        assert client.get(WHOAMI).status_code == 200


def test_no_rate_switches_the_throttle_off(client, make_token, rates):
    rates(API_TOKEN_THROTTLE_RATE=None, API_PUBLIC_THROTTLE_RATE=None)
    created = make_token()
    for _ in range(5):
        assert client.get(WHOAMI, **bearer(created.secret)).status_code == 200
        assert client.get(PING).status_code == 200


def test_public_views_are_throttled_per_address(client, rates):
    rates(API_PUBLIC_THROTTLE_RATE="2/minute")
    for _ in range(2):
        assert client.get(PING, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert_throttled(client.get(PING, REMOTE_ADDR="192.0.2.1"))
    # A made-up X-Forwarded-For does not give a new allowance ...
    spoofed = client.get(PING, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert_throttled(spoofed)
    # ... while another address has its own.
    assert client.get(PING, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_behind_a_proxy_the_forwarded_address_counts(client, rates):
    rates(API_PUBLIC_THROTTLE_RATE="1/minute", API_NUM_PROXIES=1)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    ok = client.get(PING, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", **proxy)
    assert ok.status_code == 200
    # The client may prepend anything; the address the proxy appended is the same.
    again = client.get(PING, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7", **proxy)
    assert_throttled(again)
    other = client.get(PING, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert other.status_code == 200


def test_the_openapi_schema_names_both_ways_in():
    from drf_spectacular.generators import SchemaGenerator

    from tests.api import urls_tokens

    schema = SchemaGenerator(patterns=urls_tokens.urlpatterns).get_schema(public=True)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["apiToken"]["type"] == "http" and schemes["apiToken"]["scheme"] == "bearer"
    assert schemes["adminSession"]["in"] == "cookie"
    whoami = schema["paths"]["/test-api/whoami/"]["get"]
    assert {"apiToken": []} in whoami["security"] and {"adminSession": []} in whoami["security"]
