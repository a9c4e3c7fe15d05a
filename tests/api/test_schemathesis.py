"""Generated requests over the whole OpenAPI schema of the REST API (schemathesis).

For every operation in ``/api/hyte/v1/schema/`` and every caller (anonymous,
a professional, the receiving partner's staff, another partner's staff, a
coordinator, an auditor, and a token without any scope the operations need),
schemathesis generates requests from the schema (valid and edge-case
parameters and bodies) and sends them through the site's real WSGI handler
(middleware, URL resolution, error handling: what a client meets). Every
answer must be no server error, a status the operation documents, the
documented content type, and a body valid against the documented schema.

At least ``MIN_REQUESTS`` requests in all; the number of examples per
operation and caller is fixed (``EXAMPLES``) and hypothesis is derandomised,
so the run is bounded and repeatable. The data: the referral world of
``tests/referrals/conftest.py`` with open and closed referrals, so detail
URLs and actions meet real rows too (schemathesis is given their ids as
examples through ``KNOWN``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

schemathesis = pytest.importorskip("schemathesis")

from django.core import signals  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from wagtail_hyte.api.scopes import SCOPES  # noqa: E402

SCHEMA_PATH = "/api/hyte/v1/schema/?format=json"
EXAMPLES = 4
MIN_REQUESTS = 1000
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi(db):
    """The site's WSGI application, with the per-request connection closing off
    (as Django's test client does), so the requests see the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def callers(world, refer):
    """Caller name -> request headers; and data behind the detail URLs."""
    from wagtail_hyte.api import tokens
    from wagtail_hyte.core.periods import local_date
    from wagtail_hyte.referrals import services

    open_referral = refer()
    accepted = refer()
    services.accept(accepted, user=world.staff)
    closed = refer()
    services.accept(closed, user=world.staff)
    services.report_outcome(closed, user=world.staff, succeeded=True)

    def token(user, scopes):
        created = tokens.create_token(
            name="schemathesis",
            user=user,
            scopes=scopes,
            expires_on=local_date() + timedelta(days=5),
            created_by=world.coordinator,
        )
        return {"Authorization": f"Bearer {created.secret}"}

    every = list(SCOPES)
    return {
        "anonymous": {},
        "professional": token(world.professional, every),
        "partner staff": token(world.staff, every),
        "another partner's staff": token(world.other_staff, every),
        "coordinator": token(world.coordinator, every),
        "auditor": token(world.auditor, every),
        "token without the scopes": token(world.professional, ["followup:read"]),
        "_references": [str(r.reference) for r in (open_referral, accepted, closed)],
    }


def _known_values(references: list[str]) -> dict[str, st.SearchStrategy]:
    """Path parameters drawn from real rows as well as generated ones."""
    return {"reference": st.sampled_from(references)}


def test_the_whole_schema_holds_for_every_caller(wsgi, callers, world, settings_override):
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, wsgi)
    references = callers.pop("_references")
    known = _known_values(references)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30, [op.label for op in operations]
    sent: list[tuple[str, str, int]] = []
    failures: list[str] = []

    for operation in operations:
        for caller, headers in callers.items():
            try:
                _examples(operation, caller, headers, known, sent)()
            except (Exception, BaseExceptionGroup) as exc:  # every failure is reported below
                failures.append(f"{caller}: {operation.label}:\n{str(exc)[:1500]}")

    assert not failures, "\n\n".join(failures[:15])
    assert len(sent) >= MIN_REQUESTS, len(sent)
    print(f"\nschemathesis: {len(sent)} requests over {len(operations)} operations")


def _examples(operation, caller, headers, known, sent):
    """The hypothesis test of one operation for one caller."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), pick=st.data())
    def run(case, pick):
        references = case.path_parameters and "reference" in case.path_parameters
        if references and pick.draw(st.booleans()):
            case.path_parameters["reference"] = pick.draw(known["reference"])
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        sent.append((caller, operation.label, response.status_code))

    return run


@pytest.fixture
def settings_override(settings):
    """No throttling in the run (the throttles have their own tests), mail in memory."""
    settings.WAGTAIL_HYTE = {
        **getattr(settings, "WAGTAIL_HYTE", {}),
        "API_TOKEN_THROTTLE_RATE": None,
        "API_PUBLIC_THROTTLE_RATE": None,
        "RECOMMENDATION_RATE_LIMITS": (),
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
