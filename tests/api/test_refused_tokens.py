"""Every staff operation of the REST API (each one in the OpenAPI schema with a
security requirement) refuses an expired and a revoked token with 401 in the
JSON error shape, before doing anything: nothing is written, whatever the
token's scopes and its user's role."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wagtail_hyte.api import tokens
from wagtail_hyte.api.models import ApiToken
from wagtail_hyte.api.scopes import SCOPES
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.ledger.models import LedgerEntry


@pytest.fixture
def refused(world):
    """The headers of an expired and of a revoked token of the receiving
    partner's staff member, with every scope."""

    def make():
        return tokens.create_token(
            name="Integration",
            user=world.staff,
            scopes=list(SCOPES),
            expires_on=local_date() + timedelta(days=30),
            created_by=world.coordinator,
        )

    expired, revoked = make(), make()
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    tokens.revoke_token(revoked.token, revoked_by=world.coordinator)
    return {
        "expired": {"HTTP_AUTHORIZATION": f"Bearer {expired.secret}"},
        "revoked": {"HTTP_AUTHORIZATION": f"Bearer {revoked.secret}"},
    }


def _staff_operations(client, referral):
    schema = client.get("/api/hyte/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if any(operation.get("security", [])):
                values = {"reference": referral.reference, "measure": "referrals", "by": "partner"}
                url = path
                for name in ("reference", "id", "seq", "measure", "by"):
                    url = url.replace("{" + name + "}", str(values.get(name, 1)))
                assert "{" not in url, url
                yield method, url


def test_every_staff_operation_refuses_expired_and_revoked_tokens(client, world, refer, refused):
    referral = refer()
    operations = list(_staff_operations(client, referral))
    assert len(operations) >= 20, operations
    entries = LedgerEntry.objects.count()
    for method, url in operations:
        for which, headers in refused.items():
            call = getattr(client, method)
            response = (
                call(url, data={}, content_type="application/json", **headers)
                if method != "get"
                else call(url, **headers)
            )
            assert response.status_code == 401, (which, method, url, response.status_code)
            assert response.json()["error"]["code"] == "authentication_failed", (which, url)
            assert response["WWW-Authenticate"].startswith("Bearer")
    assert LedgerEntry.objects.count() == entries
