"""Fixtures for the API tests: the referral world of ``tests/referrals/conftest.py``
(a partner with an active agreement and an activity, the people around it,
the consent notices and ``refer()``), so the API is tested on the same data
as the admin; and ``bearer``, an API token's ``Authorization`` header."""

from datetime import timedelta

import pytest

from tests.referrals.conftest import notices, refer, world  # noqa: F401


@pytest.fixture
def bearer(world):  # noqa: F811 - the fixture imported above
    """``bearer(user, *scopes)``: the header of a new token acting as ``user``
    (``api.tokens.create_token``, made by the world's coordinator)."""
    from wagtail_hyte.api import tokens
    from wagtail_hyte.core.periods import local_date

    def header(user, *scopes):
        created = tokens.create_token(
            name="Integration",
            user=user,
            scopes=list(scopes),
            expires_on=local_date() + timedelta(days=30),
            created_by=world.coordinator,
        )
        return {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}

    return header
