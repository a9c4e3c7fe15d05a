"""The referrals API (``/api/hyte/v1/referrals/``): every endpoint for every role,
no cross-partner reads, no personal data outside the ledgered reveal, and the
services' rules and refusals as the admin applies them."""

import logging

import pytest
from django.urls import reverse

from tests.referrals.conftest import CLIENT, CLIENT_NEEDLES
from tests.referrals.test_views import ROLES  # the same callers as the admin's tests
from wagtail_hyte.agreements import services as agreement_services
from wagtail_hyte.agreements.models import QuotaReservation
from wagtail_hyte.ledger.models import ConsentRecord, LedgerEntry, Subject
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.models import ContactAttempt, Referral

LIST = "hyte_api_v1:referral-list"
NOTICE = "hyte_api_v1:referral-consent-notice"


def api(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def url(name, referral):
    return reverse(f"hyte_api_v1:referral-{name}", args=[referral.reference])


def post(client, path, data=None):
    return client.post(path, data or {}, content_type="application/json")


def payload(world, **changes):
    """What an integration sends: the admin form's contact, consent and notice fields."""
    notice = world.notices["fi"]
    return {
        "activity": world.activity.pk,
        **CLIENT,
        "notice_id": notice.pk,
        "notice_sha256": notice.text_sha256,
        "collection_method": "verbal",
        "confirmed": True,
        **changes,
    }


def assert_clean(text, where):
    lowered = text.lower()
    found = [needle for needle in CLIENT_NEEDLES if needle in lowered]
    assert not found, f"client data {found} in {where}"


def counts():
    """Rows a referral (or an action) writes."""
    return {
        "referrals": Referral.objects.count(),
        "consents": ConsentRecord.objects.count(),
        "subjects": Subject.objects.count(),
        "reservations": QuotaReservation.objects.count(),
        "ledger": LedgerEntry.objects.count(),
        "attempts": ContactAttempt.objects.count(),
    }


def refused(response, role, status=403):
    """The error an unauthorised caller gets: 401/403 ``not_authenticated`` for
    anonymous, else ``status`` (403 or 404)."""
    code = response.json()["error"]["code"]
    if role == "anonymous":
        return response.status_code in (401, 403) and code == "not_authenticated"
    return response.status_code == status


@pytest.fixture
def referral(refer):
    return refer()


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


# --- every endpoint x role ---------------------------------------------------------

# action -> (URL name, body, the role that may, roles answered 404, status on success)
ACTIONS = {
    "reveal": ("reveal", {}, {"staff"}, {"other_staff"}, 200),
    "accept": ("accept", {}, {"staff"}, {"other_staff"}, 200),
    "outcome": (
        "outcome",
        {"outcome": "cancelled", "reason": "not_reached"},
        {"staff"},
        {"other_staff"},
        200,
    ),
    "contact-attempts": (
        "contact-attempts",
        {"method": "phone", "result": "no_answer"},
        {"staff"},
        {"other_staff"},
        201,
    ),
    "withdraw": (
        "withdraw",
        {"method": "verbal"},
        {"professional", "staff", "coordinator"},
        {"professional2", "other_staff"},
        200,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_actions_per_role(client, world, referral, logs, role, action):
    name, body, allowed, hidden, success = ACTIONS[action]
    before = counts()
    response = post(api(client, world, role), url(name, referral), body)
    referral.refresh_from_db()
    reads = LedgerEntry.objects.filter(kind="personal_data.read")
    if role in allowed:
        assert response.status_code == success, response.content
    else:
        assert refused(response, role, 404 if role in hidden else 403), response.content
        assert referral.status == "sent"
        assert not reads.exists()
        assert counts()["attempts"] == before["attempts"]
        assert_clean(response.content.decode(), f"the refusal to {role}")
    if action == "reveal" and role in allowed:
        assert response.json()["name"] == CLIENT["name"]
        assert response.json()["phone"] == "+358407654321"
        assert "no-store" in response["Cache-Control"]
        assert reads.get().payload_data["purpose"] == "referral.contact_client"
    else:
        assert_clean(response.content.decode(), f"the answer to {role}")
    if action == "reveal" and role == "other_staff":
        # "not found", but the attempt is ledgered as the admin does
        refusal = LedgerEntry.objects.get(kind="personal_data.read_refused")
        assert refusal.payload_data["reason"] == "not_recipient"
    assert_clean(logs.text, "the logs")


@pytest.mark.parametrize("role", ROLES)
def test_list_per_role(client, world, referral, logs, role):
    response = api(client, world, role).get(reverse(LIST))
    if role in ("anonymous", "auditor", "editor"):
        assert refused(response, role)
        return
    assert response.status_code == 200
    listed = [row["id"] for row in response.json()["results"]]
    sees = role in ("professional", "staff")
    assert listed == ([str(referral.reference)] if sees else [])
    text = response.content.decode()
    assert_clean(text, "the list")
    if role == "other_staff":
        assert world.partner.name not in text
    assert_clean(logs.text, "the logs")


@pytest.mark.parametrize("role", ROLES)
def test_retrieve_per_role(client, world, referral, logs, role):
    response = api(client, world, role).get(url("detail", referral))
    if role in ("anonymous", "auditor", "editor"):
        assert refused(response, role)
    elif role in ("professional2", "other_staff"):
        assert refused(response, role, 404)
        assert response.json()["error"]["code"] == "not_found"
    else:
        assert response.status_code == 200
        body = response.json()
        assert body["id"] == str(referral.reference)
        assert body["short_reference"] == referral.short_reference
        assert body["activity"] == {"id": world.activity.pk, "title": world.activity.title}
        assert body["partner"] == {"id": world.partner.pk, "name": world.partner.name}
        assert body["status"] == "sent"
        # the attempts as the partner's referral page lists them; not to the others
        assert body["contact_attempts"] == ([] if role == "staff" else None)
    assert_clean(response.content.decode(), "the referral")
    assert not LedgerEntry.objects.filter(kind__startswith="personal_data.read").exists()
    assert_clean(logs.text, "the logs")


@pytest.mark.parametrize("role", ROLES)
def test_create_per_role(client, world, logs, role):
    before = counts()
    response = post(api(client, world, role), reverse(LIST), payload(world))
    if role in ("professional", "professional2"):
        assert response.status_code == 201, response.content
        referral = Referral.objects.get()
        assert referral.professional == getattr(world, role)
        assert response.json()["id"] == str(referral.reference)
        assert response["Location"] == url("detail", referral)
    else:
        assert refused(response, role)
        assert counts() == before
    assert_clean(response.content.decode(), "the answer")
    assert_clean(logs.text, "the logs")


@pytest.mark.parametrize("role", ROLES)
def test_consent_notice_per_role(client, world, role):
    response = api(client, world, role).get(reverse(NOTICE), {"language": "sv"})
    if role in ("professional", "professional2"):
        assert response.status_code == 200
        notice = world.notices["sv"]
        assert response.json() == {
            "notice_id": notice.pk,
            "notice_sha256": notice.text_sha256,
            "key": "referral",
            "version": 1,
            "language": "sv",
            "title": notice.title,
            "text": notice.text,
        }
    else:
        assert refused(response, role)


def test_coordinator_finds_a_referral_by_its_number(client, world, referral):
    client.force_login(world.coordinator)
    rows = client.get(reverse(LIST), {"reference": referral.short_reference}).json()["results"]
    assert [row["id"] for row in rows] == [str(referral.reference)]
    response = client.get(reverse(LIST), {"reference": "xyz"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"reference"}


def test_the_number_finds_nothing_more_for_others(client, world, referral):
    client.force_login(world.other_staff)
    rows = client.get(reverse(LIST), {"reference": referral.short_reference}).json()["results"]
    assert rows == []


def test_list_filters(client, world, refer, make_activity):
    sent = refer()
    other_activity = make_activity("Toinen toiminta", organiser=world.partner)
    done = refer(activity=other_activity)
    client.force_login(world.staff)
    services.accept(done, user=world.staff)
    services.report_outcome(done, user=world.staff, succeeded=True)
    listing = reverse(LIST)

    def ids(**params):
        response = client.get(listing, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [str(done.reference), str(sent.reference)]
    assert ids(status="open") == [str(sent.reference)]
    assert ids(status="succeeded") == [str(done.reference)]
    assert ids(activity=other_activity.pk) == [str(done.reference)]
    assert ids(q="Toinen") == [str(done.reference)]
    assert ids(q=sent.short_reference.lower()) == [str(sent.reference)]
    response = client.get(listing, {"status": "lost", "activity": "x"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status", "activity"}


# --- making a referral -------------------------------------------------------------


def test_create_records_the_consent_the_form_records(client, world):
    client.force_login(world.professional)
    response = post(
        client,
        reverse(LIST),
        payload(world, collection_method="written", send_confirmation=False),
    )
    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    consent = referral.consent
    assert consent.collection_method == "written"
    assert consent.notice == world.notices["fi"]
    assert consent.recipient == world.partner
    assert consent.recorded_by == world.professional
    assert referral.status == "sent"
    body = response.json()
    assert body["warnings"] == []
    assert body["contact_attempts"] is None


def test_the_contact_details_are_stored_as_given(client, world):
    client.force_login(world.professional)
    post(client, reverse(LIST), payload(world))
    referral = Referral.objects.get()
    details = services.receipt_details(referral, user=world.professional)
    assert (details.name, details.phone, details.email) == (
        CLIENT["name"],
        "+358407654321",
        CLIENT["email"],
    )


# (changes to the payload, the field the error names, its code or None)
INVALID = [
    ({"name": ""}, "name", None),
    ({"phone": "123", "email": ""}, "phone", None),
    ({"email": "not-an-address"}, "email", None),
    ({"contact_method": "pigeon"}, "contact_method", "invalid_choice"),
    ({"language": "xx"}, "language", "invalid_choice"),
    ({"note": "x" * 501}, "note", None),
    ({"collection_method": ""}, "collection_method", "required"),
    ({"confirmed": False}, "confirmed", "required"),
    ({"notice_sha256": "0" * 64}, "non_field_errors", "notice_changed"),
    ({"notice_id": None}, "non_field_errors", "notice_changed"),
    ({"activity": 987654}, "activity", "not_found"),
    ({"activity": "many"}, "activity", "invalid"),
    ({"confirmed": "perhaps"}, "confirmed", "invalid"),
    ({"name": ["a", "list"]}, "name", "invalid"),
]


@pytest.mark.parametrize(("changes", "field", "code"), INVALID)
def test_validation_errors_name_the_field_and_write_nothing(
    client, world, logs, changes, field, code
):
    client.force_login(world.professional)
    before = counts()
    response = post(client, reverse(LIST), payload(world, **changes))
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"], error
    if code:
        assert code in {e["code"] for e in error["fields"][field]}
    assert counts() == before
    assert_clean(response.content.decode(), "the error")
    assert_clean(logs.text, "the logs")


def test_an_activity_without_an_agreement(client, world, make_activity):
    activity = make_activity("Ei sopimusta", organiser=world.other_partner)
    client.force_login(world.professional)
    before = counts()
    response = post(client, reverse(LIST), payload(world, activity=activity.pk))
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["activity"][0]["code"] == "no_agreement"
    assert counts() == before


def test_a_full_quota(client, world, refer):
    for n in range(5):
        refer(details={"phone": f"040 100 000{n}", "email": ""})
    client.force_login(world.professional2)
    before = counts()
    response = post(client, reverse(LIST), payload(world))
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["activity"][0]["code"] == "quota_full"
    assert counts() == before


def test_no_keys_answer_503(client, world, settings):
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "KEY_ENCRYPTION_KEYS": {},
        "BLIND_INDEX_KEY": "",
    }
    client.force_login(world.professional)
    before = counts()
    response = post(client, reverse(LIST), payload(world))
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["non_field_errors"][0]["code"] == "no_keys"
    assert counts() == before


def test_an_earlier_client_is_offered_then_reused(client, world, refer):
    first = refer()
    client.force_login(world.professional)
    response = post(client, reverse(LIST), payload(world))
    assert response.status_code == 409
    body = response.json()
    assert body["error"]["code"] == "client_choice_required"
    choice = body["client_choice"]
    assert [option["client"] for option in choice["options"]][0] == "new"
    assert str(first.subject.pk) not in response.content.decode()
    assert_clean(response.content.decode(), "the client choice")
    assert Referral.objects.count() == 1
    lookup = LedgerEntry.objects.get(kind="referral.client_lookup")
    assert lookup.payload_data["matches"] == 1
    token = choice["options"][1]["client"]
    last = LedgerEntry.objects.order_by("-seq").first().seq
    response = post(client, reverse(LIST), payload(world, client=token, nonce=choice["nonce"]))
    assert response.status_code == 201, response.content
    assert Referral.objects.filter(subject=first.subject).count() == 2
    # the choice is made once: no second lookup, and the earlier client's record is reused
    kinds = list(LedgerEntry.objects.filter(seq__gt=last).values_list("kind", flat=True))
    assert kinds == ["consent.given", "referral.created"]


def test_a_new_client_record_can_be_chosen(client, world, refer):
    first = refer()
    client.force_login(world.professional)
    choice = post(client, reverse(LIST), payload(world)).json()["client_choice"]
    response = post(client, reverse(LIST), payload(world, client="new", nonce=choice["nonce"]))
    assert response.status_code == 201
    assert Referral.objects.exclude(subject=first.subject).count() == 1


def test_a_forged_client_choice_is_refused(client, world, refer):
    other = refer(details={"phone": "040 222 3333", "email": ""})
    client.force_login(world.professional)
    before = counts()
    response = post(
        client, reverse(LIST), payload(world, client=str(other.subject.pk), nonce="forged")
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["client"][0]["code"] == "bad_token"
    assert counts() == before


def test_another_professionals_client_is_never_offered(client, world, refer):
    refer(professional=world.professional2)
    client.force_login(world.professional)
    response = post(client, reverse(LIST), payload(world))
    assert response.status_code == 201


# --- the partner's actions ---------------------------------------------------------


def test_reveal_is_for_open_referrals_only(client, world, referral, english):
    client.force_login(world.staff)
    post(client, url("withdraw", referral), {"method": "verbal"})
    response = post(client, url("reveal", referral))
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "permission_denied",
        "message": "Contact details are shown for open referrals only.",
    }
    assert_clean(response.content.decode(), "the refusal")
    refusal = LedgerEntry.objects.get(kind="personal_data.read_refused")
    assert refusal.payload_data["reason"] == "referral_closed"


def test_a_suspended_agreement_cuts_reveal_and_accept(client, world, referral):
    agreement_services.suspend(world.agreement, reason="test")
    client.force_login(world.staff)
    for name in ("reveal", "accept"):
        response = post(client, url(name, referral))
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "agreement_suspended"
    referral.refresh_from_db()
    assert referral.status == "sent"
    response = post(client, url("outcome", referral), {"outcome": "succeeded"})
    assert response.status_code == 409  # sent -> succeeded is not a move
    response = post(
        client, url("outcome", referral), {"outcome": "cancelled", "reason": "declined"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_illegal_transitions_are_409_and_write_nothing(client, world, referral):
    client.force_login(world.staff)
    assert post(client, url("accept", referral)).status_code == 200
    before = counts()
    response = post(client, url("accept", referral))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"
    assert counts() == before
    assert post(client, url("withdraw", referral), {"method": "written"}).status_code == 200
    before = counts()
    for name, body in [
        ("withdraw", {"method": "written"}),
        ("outcome", {"outcome": "cancelled", "reason": "declined"}),
        ("accept", {}),
    ]:
        response = post(client, url(name, referral), body)
        assert response.status_code == 409, (name, response.content)
        assert response.json()["error"]["code"] == "illegal_transition"
    assert counts() == before


def test_outcome_validation_names_the_field(client, world, referral):
    client.force_login(world.staff)
    before = counts()
    for body, field in [
        ({"outcome": "cancelled"}, "reason"),
        ({"outcome": "cancelled", "reason": "bored"}, "reason"),
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "succeeded", "note": "x" * 501}, "note"),
    ]:
        response = post(client, url("outcome", referral), body)
        assert response.status_code == 400, body
        assert field in response.json()["error"]["fields"], (body, response.json())
    assert counts() == before


def test_outcome_with_a_reason_and_a_note(client, world, referral):
    client.force_login(world.staff)
    post(client, url("accept", referral))
    response = post(
        client,
        url("outcome", referral),
        {
            "outcome": "cancelled",
            "reason": "life_changed",
            "note": "Muutti toiselle paikkakunnalle",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["cancellation_reason"]) == ("cancelled", "life_changed")
    assert "paikkakunnalle" not in response.content.decode()
    entry = LedgerEntry.objects.filter(kind="referral.status_changed").last()
    assert entry.payload_data == {
        "referral": str(referral.reference),
        "from": "accepted",
        "to": "cancelled",
        "reason": "life_changed",
        "note": True,
    }


def test_contact_attempts(client, world, referral):
    client.force_login(world.staff)
    response = post(
        client, url("contact-attempts", referral), {"method": "sms", "result": "message_left"}
    )
    assert response.status_code == 201
    assert response.json()["method"] == "sms"
    detail = client.get(url("detail", referral)).json()
    assert [(a["method"], a["result"]) for a in detail["contact_attempts"]] == [
        ("sms", "message_left")
    ]
    response = post(client, url("contact-attempts", referral), {"method": "owl"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"method", "result"}


def test_withdrawal_by_each_role_is_ledgered_with_the_role(client, world, refer):
    for role, expected in [
        ("professional", "referrer"),
        ("staff", "partner"),
        ("coordinator", "coordinator"),
    ]:
        referral = refer(
            details={"phone": "", "email": f"{role}@example.invalid", "contact_method": "email"}
        )
        client.force_login(getattr(world, role))
        response = post(client, url("withdraw", referral), {"method": "written"})
        assert response.status_code == 200
        assert response.json()["status"] == "withdrawn"
        entry = LedgerEntry.objects.filter(kind="referral.status_changed").last()
        assert entry.payload_data["by"] == expected
    response = post(client, url("withdraw", refer(details={"phone": "040 999 1111"})), {})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"method"}


def test_a_superuser_sees_the_inbox_but_not_the_contact_details(client, world, referral):
    from tests.factories import make_user

    admin = make_user("superuser")
    client.force_login(admin)
    assert client.get(url("detail", referral)).status_code == 200
    response = post(client, url("reveal", referral))
    assert response.status_code == 403
    assert_clean(response.content.decode(), "the refusal")
    refusal = LedgerEntry.objects.get(kind="personal_data.read_refused")
    assert refusal.payload_data["reason"] == "not_partner_member"


def test_actions_take_post_only(client, world, referral):
    client.force_login(world.staff)
    for name in ("reveal", "accept", "outcome", "contact-attempts", "withdraw"):
        assert client.get(url(name, referral)).status_code == 405
    assert not LedgerEntry.objects.filter(kind="personal_data.read").exists()


def test_every_view_names_its_scopes():
    from django.urls import get_resolver

    from wagtail_hyte.api.scopes import SCOPES

    views = [
        pattern.callback.view_class
        for pattern in get_resolver("wagtail_hyte.api.v1.referrals.urls").url_patterns
    ]
    assert len(views) == 8
    for view in views:
        methods = {m.upper() for m in ("get", "post") if hasattr(view, m)}
        assert set(view.required_scopes) == methods, view
        assert set(view.required_scopes.values()) <= set(SCOPES), view


# --- API tokens: each endpoint asks its own scope -----------------------------------

# (endpoint, the user, the scope it needs, success status)
SCOPED = [
    ("list", "staff", "referrals:read", 200),
    ("detail", "staff", "referrals:read", 200),
    ("reveal", "staff", "referrals:reveal", 200),
    ("accept", "staff", "referrals:write", 200),
    ("outcome", "staff", "referrals:write", 200),
    ("contact-attempts", "staff", "referrals:write", 201),
    ("withdraw", "professional", "referrals:write", 200),
    ("create", "professional2", "referrals:write", 201),
    ("consent-notice", "professional", "referrals:write", 200),
]


def call(client, world, referral, endpoint, **headers):
    if endpoint == "list":
        return client.get(reverse(LIST), **headers)
    if endpoint == "consent-notice":
        return client.get(reverse(NOTICE), **headers)
    if endpoint == "detail":
        return client.get(url("detail", referral), **headers)
    if endpoint == "create":
        return client.post(
            reverse(LIST), payload(world), content_type="application/json", **headers
        )
    body = {
        "outcome": {"outcome": "cancelled", "reason": "declined"},
        "contact-attempts": {"method": "phone", "result": "reached"},
        "withdraw": {"method": "verbal"},
    }.get(endpoint, {})
    return client.post(url(endpoint, referral), body, content_type="application/json", **headers)


@pytest.mark.parametrize(("endpoint", "role", "scope", "success"), SCOPED)
def test_a_token_needs_the_endpoints_scope(
    client, world, referral, bearer, endpoint, role, scope, success
):
    from wagtail_hyte.api.scopes import SCOPES

    user = getattr(world, role)
    before = counts()
    others = [s for s in SCOPES if s != scope]
    response = call(client, world, referral, endpoint, **bearer(user, *others))
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "permission_denied"
    assert counts()["ledger"] == before["ledger"] + 1  # the token's creation, nothing else
    response = call(client, world, referral, endpoint, **bearer(user, scope))
    assert response.status_code == success, response.content


def test_a_token_acts_as_its_user_in_the_ledger(client, world, bearer):
    headers = bearer(world.professional, "referrals:write")
    response = client.post(
        reverse(LIST), payload(world), content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content
    created = LedgerEntry.objects.get(kind="referral.created")
    assert created.actor == f"user:{world.professional.pk}"
    # and no other user's rights: another partner's referral stays "not found"
    referral = Referral.objects.get()
    other = bearer(world.other_staff, "referrals:read", "referrals:reveal")
    assert client.get(url("detail", referral), **other).status_code == 404
    response = client.post(url("reveal", referral), content_type="application/json", **other)
    assert response.status_code == 404
