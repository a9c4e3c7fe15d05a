"""Every FHIR endpoint for every role, as the admin decides: partner staff see
their own partner's referrals (another partner's are "not found"), a
professional the referrals they made, a coordinator reads a referral by its
number but lists none, an auditor reads consents only; tokens are limited by
their scopes, and expired or revoked tokens are refused. No answer carries
the client's personal data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.referrals.test_views import ROLES  # the admin's role matrix
from wagtail_hyte.api import tokens
from wagtail_hyte.api.models import ApiToken
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.ledger.models import LedgerEntry

from .fhir_support import FHIR, assert_outcome, assert_valid, fhir_json, has_client_data

pytestmark = pytest.mark.django_db

DENIED = 403
NOT_FOUND = 404

#: endpoint -> role -> expected status (200 = allowed; search 200s also list or not).
MATRIX = {
    "search_requests": {
        "professional": 200,
        "professional2": 200,
        "staff": 200,
        "other_staff": 200,
        "coordinator": DENIED,
        "auditor": DENIED,
        "editor": DENIED,
    },
    "read_request": {
        "professional": 200,
        "professional2": NOT_FOUND,
        "staff": 200,
        "other_staff": NOT_FOUND,
        "coordinator": 200,
        "auditor": DENIED,
        "editor": DENIED,
    },
    "read_consent": {
        "professional": 200,
        "professional2": NOT_FOUND,
        "staff": 200,
        "other_staff": NOT_FOUND,
        "coordinator": DENIED,
        "auditor": 200,
        "editor": DENIED,
    },
    "accept": {
        "professional": DENIED,
        "professional2": NOT_FOUND,
        "staff": 200,
        "other_staff": NOT_FOUND,
        "coordinator": DENIED,
        "auditor": DENIED,
        "editor": DENIED,
    },
    "reveal": {
        "professional": DENIED,
        "professional2": DENIED,
        "staff": 200,
        "other_staff": NOT_FOUND,
        "coordinator": DENIED,
        "auditor": DENIED,
        "editor": DENIED,
    },
}
#: Who sees the referral in a search (the others get an empty Bundle or 403).
LISTS_IT = {"professional", "staff"}


def task_body(referral, status="accepted"):
    return {"resourceType": "Task", "id": str(referral.reference), "status": status}


def call(client, endpoint, referral, **headers):
    if endpoint == "search_requests":
        return client.get(f"{FHIR}ServiceRequest", **headers)
    if endpoint == "read_request":
        return client.get(f"{FHIR}ServiceRequest/{referral.reference}", **headers)
    if endpoint == "read_consent":
        return client.get(f"{FHIR}Consent/{referral.consent_id}", **headers)
    if endpoint == "accept":
        return client.put(
            f"{FHIR}Task/{referral.reference}",
            data=task_body(referral),
            content_type="application/fhir+json",
            **headers,
        )
    return client.post(f"{FHIR}ServiceRequest/{referral.reference}/$reveal", **headers)


@pytest.fixture
def referral(refer):
    return refer()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_role_matrix(client, world, referral, role, endpoint):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    response = call(client, endpoint, referral)
    if role == "anonymous":
        assert response.status_code in (401, 403)
        assert_outcome(response, response.status_code)
        return
    expected = MATRIX[endpoint][role]
    if expected != 200:
        assert_outcome(response, expected, "forbidden" if expected == DENIED else "not-found")
        return
    assert response.status_code == 200, response.content[:300]
    body = assert_valid(fhir_json(response))
    if endpoint == "reveal":
        assert any(r["resourceType"] == "Patient" for r in body["contained"])
        return
    assert not has_client_data(response.content.decode())
    if endpoint == "search_requests":
        ids = [entry["resource"]["id"] for entry in body.get("entry", [])]
        assert ids == ([str(referral.reference)] if role in LISTS_IT else [])


@pytest.mark.parametrize("role", ["professional", "staff", "coordinator", "other_staff"])
def test_task_reads_follow_the_service_request_reads(client, world, referral, role):
    client.force_login(getattr(world, role))
    request = client.get(f"{FHIR}ServiceRequest/{referral.reference}")
    task = client.get(f"{FHIR}Task/{referral.reference}")
    assert task.status_code == request.status_code
    search = client.get(f"{FHIR}Task")
    listed = client.get(f"{FHIR}ServiceRequest")
    assert search.status_code == listed.status_code
    if search.status_code == 200:
        assert fhir_json(search)["total"] == fhir_json(listed)["total"]


def test_an_unknown_or_malformed_id_is_not_found(client, world):
    client.force_login(world.staff)
    for path in ("ServiceRequest/not-a-uuid", "Task/00000000-0000-0000-0000-000000000000"):
        assert_outcome(client.get(f"{FHIR}{path}"), 404, "not-found")


def test_another_partners_reveal_is_ledgered_as_refused(client, world, referral):
    client.force_login(world.other_staff)
    before = LedgerEntry.objects.filter(kind="personal_data.read_refused").count()
    assert_outcome(call(client, "reveal", referral), 404, "not-found")
    refused = LedgerEntry.objects.filter(kind="personal_data.read_refused").order_by("seq")
    assert refused.count() == before + 1
    assert refused.last().payload_data["reason"] == "not_recipient"
    assert not LedgerEntry.objects.filter(kind="personal_data.read").exists()


def test_a_user_who_handles_no_referrals_is_refused_before_any_lookup(client, world, referral):
    """As the admin's access test: 403, and nothing ledgered."""
    client.force_login(world.professional)
    count = LedgerEntry.objects.count()
    assert_outcome(call(client, "reveal", referral), 403, "forbidden")
    assert LedgerEntry.objects.count() == count


# --- API tokens ------------------------------------------------------------------


@pytest.fixture
def make_token(world):
    def make(*scopes, user=None):
        return tokens.create_token(
            name="Toimijan järjestelmä",
            user=user or world.staff,
            scopes=list(scopes),
            expires_on=local_date() + timedelta(days=30),
            created_by=world.coordinator,
        )

    return make


def bearer(created):
    return {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        ("referrals:read", {"search_requests", "read_request", "read_consent"}),
        ("referrals:write", {"accept"}),
        ("referrals:reveal", {"reveal"}),
        ("agreements:read", set()),
    ],
)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_a_token_needs_the_scope_of_each_endpoint(
    client, refer, make_token, scope, allowed, endpoint
):
    referral = refer()
    response = call(client, endpoint, referral, **bearer(make_token(scope)))
    if endpoint in allowed:
        assert response.status_code == 200, response.content[:300]
        assert_valid(fhir_json(response))
    else:
        assert_outcome(response, 403, "forbidden")


def test_a_token_acts_as_its_user_with_the_users_own_access(client, world, refer, make_token):
    referral = refer()
    other = make_token("referrals:read", "referrals:write", user=world.other_staff)
    assert_outcome(call(client, "read_request", referral, **bearer(other)), 404)
    assert_outcome(call(client, "accept", referral, **bearer(other)), 404)
    own = make_token("referrals:read", "referrals:write", user=world.professional)
    assert call(client, "read_request", referral, **bearer(own)).status_code == 200
    assert_outcome(call(client, "accept", referral, **bearer(own)), 403)


def test_expired_and_revoked_tokens_are_refused(client, world, refer, make_token):
    referral = refer()
    expired = make_token("referrals:read")
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    revoked = make_token("referrals:read")
    tokens.revoke_token(revoked.token, revoked_by=world.coordinator)
    for created in (expired, revoked):
        for endpoint in ("search_requests", "read_request", "read_consent"):
            response = call(client, endpoint, referral, **bearer(created))
            assert_outcome(response, 401, "login")
            assert response["WWW-Authenticate"].startswith("Bearer")


def test_metadata_needs_no_sign_in_and_ignores_a_token(client, make_token):
    assert client.get(f"{FHIR}metadata").status_code == 200
    response = client.get(f"{FHIR}metadata", HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 200
