"""A partner's system reports progress by updating the Task: each status is the
same service call as the admin's action (same status change, same ledger
entries); an illegal move answers an OperationOutcome and writes nothing."""

import pytest
from django.urls import reverse

from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.models import Referral

from .fhir_support import BASE, FHIR, assert_outcome, assert_valid, fhir_json, has_client_data

pytestmark = pytest.mark.django_db

REASONS = f"{BASE}CodeSystem/referral-status-reason"
INPUTS = f"{BASE}CodeSystem/task-input"
NOTE = "Soitettu kanari-muistiinpano 7788"


def body(referral, status, reason=None, **extra):
    task = {"resourceType": "Task", "id": str(referral.reference), "status": status, **extra}
    if reason:
        task["statusReason"] = {"coding": [{"system": REASONS, "code": reason}]}
    return task


def put(client, referral, data, content_type="application/fhir+json"):
    return client.put(f"{FHIR}Task/{referral.reference}", data=data, content_type=content_type)


def withdrawal(referral, method="verbal"):
    method_input = {
        "type": {"coding": [{"system": INPUTS, "code": "withdrawal-method"}]},
        "valueCode": method,
    }
    return body(referral, "cancelled", "consent_withdrawn", input=[method_input])


def ledger_tail(n=1):
    return list(LedgerEntry.objects.order_by("-seq")[:n])[::-1]


def comparable(entry, referral):
    """An entry as the admin's would be: the same but for the referral's own ids."""
    payload = dict(entry.payload_data)
    for key in list(payload):
        if key in ("referral", "consent") or key.endswith("_at"):
            del payload[key]
    assert entry.subject_ids == [str(referral.subject_id)]
    return entry.kind, entry.actor, payload


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return client


def assert_task(response, status):
    assert response.status_code == 200, response.content[:400]
    task = assert_valid(fhir_json(response))
    assert task["status"] == status
    return task


# (Task status, reason, referral status, cancellation reason)
OUTCOMES = [
    ("completed", None, "succeeded", ""),
    ("failed", None, "cancelled", "not_reached"),
    ("failed", "not_reached", "cancelled", "not_reached"),
    ("cancelled", "declined", "cancelled", "declined"),
    ("cancelled", "life_changed", "cancelled", "life_changed"),
    ("cancelled", "other", "cancelled", "other"),
    ("rejected", None, "cancelled", "wrong_referral"),
]


def test_accepting_is_the_admins_accept(staff, world, refer):
    api, admin = refer(), refer()
    task = assert_task(put(staff, api, body(api, "accepted")), "accepted")
    assert task["executionPeriod"]["start"]
    api.refresh_from_db()
    assert api.status == "accepted" and api.accepted_at is not None
    (api_entry,) = ledger_tail()

    staff.post(reverse("hyte_referrals:accept", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.status == "accepted"
    admin_entry = LedgerEntry.objects.filter(kind="referral.status_changed").last()
    assert admin_entry.pk != api_entry.pk
    assert comparable(api_entry, api) == comparable(admin_entry, admin)
    assert api_entry.payload_data == {
        "referral": str(api.reference),
        "from": "sent",
        "to": "accepted",
    }


@pytest.mark.parametrize(("status", "reason", "referral_status", "cancellation"), OUTCOMES)
def test_each_outcome_is_the_admins_outcome_report(
    staff, world, refer, status, reason, referral_status, cancellation
):
    api = services.accept(refer(), user=world.staff)
    admin = services.accept(refer(), user=world.staff)
    task = assert_task(put(staff, api, body(api, status, reason)), status)
    api.refresh_from_db()
    assert (api.status, api.cancellation_reason) == (referral_status, cancellation)
    if cancellation:
        assert task["statusReason"]["coding"][0]["code"] == cancellation
    api_entries = list(LedgerEntry.objects.filter(kind="referral.status_changed").order_by("seq"))
    api_entry = api_entries[-1]

    staff.post(
        reverse("hyte_referrals:outcome", args=[admin.pk]),
        {
            "outcome": "succeeded" if referral_status == "succeeded" else "cancelled",
            "reason": cancellation,
        },
    )
    admin.refresh_from_db()
    assert (admin.status, admin.cancellation_reason) == (referral_status, cancellation)
    admin_entry = LedgerEntry.objects.filter(kind="referral.status_changed").last()
    assert comparable(api_entry, api) == comparable(admin_entry, admin)


def test_an_outcome_note_is_sealed_and_never_shown(staff, world, refer):
    referral = services.accept(refer(), user=world.staff)
    response = put(staff, referral, body(referral, "completed", note=[{"text": NOTE}]))
    assert_task(response, "completed")
    assert NOTE not in response.content.decode()
    referral.refresh_from_db()
    assert referral.outcome_note_ciphertext
    assert services.outcome_note(referral, user=world.staff) == NOTE
    for path in (f"Task/{referral.reference}", f"ServiceRequest/{referral.reference}"):
        assert NOTE not in staff.get(f"{FHIR}{path}").content.decode()
    assert (
        LedgerEntry.objects.filter(kind="referral.status_changed").last().payload_data["note"]
        is True
    )


#: Who records a withdrawal in the admin: (URL name, takes the pk, form data).
ADMIN_WITHDRAWALS = {
    "staff": ("hyte_referrals:partner_withdraw", True, {}),
    "professional": ("hyte_referrals:withdraw", True, {}),
    "coordinator": ("hyte_referrals:coordinator_withdrawal", False, {"referral": None}),
}


def new_entries(action):
    before = LedgerEntry.objects.count()
    action()
    return list(LedgerEntry.objects.order_by("seq")[before:])


@pytest.mark.parametrize("who", list(ADMIN_WITHDRAWALS))
def test_a_withdrawal_is_the_admins_withdrawal(client, world, refer, who):
    client.force_login(getattr(world, who))
    api, admin = refer(), refer()
    responses = []
    api_entries = new_entries(
        lambda: responses.append(put(client, api, withdrawal(api, "written")))
    )
    task = assert_task(responses[0], "cancelled")
    assert task["statusReason"]["coding"][0]["code"] == "consent_withdrawn"
    api.refresh_from_db()
    api.consent.refresh_from_db()
    assert api.status == "withdrawn" and api.consent.status == "withdrawn"

    name, takes_pk, data = ADMIN_WITHDRAWALS[who]
    url = reverse(name, args=[admin.pk] if takes_pk else [])
    data = {**data, "method": "written"}
    if "referral" in data:
        data["referral"] = admin.pk
    admin_entries = new_entries(lambda: client.post(url, data))
    admin.refresh_from_db()
    assert admin.status == "withdrawn"
    assert [comparable(e, api) for e in api_entries] == [
        comparable(e, admin) for e in admin_entries
    ]
    kinds = [e.kind for e in api_entries]
    assert {"consent.withdrawn", "referral.status_changed"} <= set(kinds)
    role = {"staff": "partner", "professional": "referrer", "coordinator": "coordinator"}[who]
    (change,) = [e for e in api_entries if e.kind == "referral.status_changed"]
    assert change.payload_data["by"] == role


def snapshot(referral):
    referral = Referral.objects.select_related("consent").get(pk=referral.pk)
    return (
        referral.status,
        referral.cancellation_reason,
        referral.consent.status,
        LedgerEntry.objects.count(),
    )


@pytest.mark.parametrize(
    ("start", "data", "status", "issue"),
    [
        # Illegal moves of the life cycle: 409, the services' rule.
        ("sent", ("completed", None), 409, "business-rule"),
        ("succeeded", ("accepted", None), 409, "business-rule"),
        ("succeeded", ("failed", None), 409, "business-rule"),
        ("accepted", ("requested", None), 409, "business-rule"),
        ("withdrawn", ("accepted", None), 409, "business-rule"),
        # Not a state of the table, or a reason that is missing or wrong: 422.
        ("accepted", ("cancelled", None), 422, "invalid"),
        ("accepted", ("rejected", "declined"), 422, "invalid"),
        ("accepted", ("in-progress", None), 422, "invalid"),
        ("accepted", ("draft", None), 422, "invalid"),
    ],
)
def test_a_refused_update_writes_nothing(staff, world, refer, start, data, status, issue):
    referral = refer()
    if start != "sent":
        referral = services.accept(referral, user=world.staff)
    if start == "succeeded":
        referral = services.report_outcome(referral, user=world.staff, succeeded=True)
    if start == "withdrawn":
        referral = services.withdraw(referral, user=world.staff, method="verbal")
    before = snapshot(referral)
    response = put(staff, referral, body(referral, *data))
    outcome = assert_outcome(response, status, issue)
    assert outcome["issue"][0]["expression"] if status == 422 else True
    assert snapshot(referral) == before


def test_a_withdrawal_without_its_method_writes_nothing(staff, refer):
    referral = refer()
    before = snapshot(referral)
    response = put(staff, referral, body(referral, "cancelled", "consent_withdrawn"))
    outcome = assert_outcome(response, 422, "invalid")
    assert outcome["issue"][0]["expression"] == ["Task.input"]
    assert snapshot(referral) == before


def test_a_note_too_long_writes_nothing(staff, world, refer):
    referral = services.accept(refer(), user=world.staff)
    before = snapshot(referral)
    response = put(staff, referral, body(referral, "completed", note=[{"text": "x" * 501}]))
    outcome = assert_outcome(response, 422, "invalid")
    assert outcome["issue"][0]["expression"] == ["Task.note"]
    assert snapshot(referral) == before


def test_the_same_state_again_changes_nothing(staff, world, refer):
    referral = services.accept(refer(), user=world.staff)
    before = snapshot(referral)
    assert_task(put(staff, referral, body(referral, "accepted")), "accepted")
    assert snapshot(referral) == before


def test_a_cut_partner_cannot_accept(staff, world, refer):
    referral = refer()
    world.partner.active = False
    world.partner.save()
    before = snapshot(referral)
    body_ = assert_outcome(put(staff, referral, body(referral, "accepted")), 403, "forbidden")
    assert body_["issue"][0]["details"]["text"]  # why, in words
    assert snapshot(referral) == before


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("not json", "application/fhir+json", 400),
        ([], "application/json", 400),
        ({"resourceType": "ServiceRequest", "status": "accepted"}, "application/fhir+json", 400),
        ({"resourceType": "Task", "id": "other", "status": "accepted"}, "application/json", 400),
        ({"resourceType": "Task", "status": 5}, "application/fhir+json", 422),
        ("status=accepted", "text/plain", 415),
    ],
)
def test_a_body_that_is_not_this_task_is_refused(staff, refer, data, content_type, status):
    referral = refer()
    before = snapshot(referral)
    response = put(staff, referral, data, content_type)
    assert_outcome(response, status)
    assert snapshot(referral) == before
    assert not has_client_data(response.content.decode())


def test_plain_json_and_no_id_are_accepted(staff, refer):
    referral = refer()
    data = {"resourceType": "Task", "status": "accepted"}
    assert_task(put(staff, referral, data, "application/json"), "accepted")
