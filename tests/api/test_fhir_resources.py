"""Every FHIR resource the interface produces is valid R4B, and the status
mapping is the one of the issue: sent = requested, accepted = accepted,
succeeded = completed, not reached = failed, declined and life situation
changed (and "other") = cancelled with a reason, wrong referral = rejected,
withdrawn = cancelled with the withdrawal as the reason."""

import base64
import hashlib

import pytest

from wagtail_hyte.api.fhir import statuses
from wagtail_hyte.api.fhir.codes import CODE_SYSTEMS
from wagtail_hyte.api.fhir.extensions import EXTENSIONS
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.models import CancellationReason, ReferralStatus

from .fhir_support import FHIR, assert_outcome, assert_valid, fhir_json, has_client_data

pytestmark = pytest.mark.django_db

#: (referral status, cancellation reason) -> (Task status, statusReason code, SR status)
EXPECTED = {
    ("sent", ""): ("requested", None, "active"),
    ("accepted", ""): ("accepted", None, "active"),
    ("succeeded", ""): ("completed", None, "completed"),
    ("cancelled", "not_reached"): ("failed", "not_reached", "revoked"),
    ("cancelled", "declined"): ("cancelled", "declined", "revoked"),
    ("cancelled", "life_changed"): ("cancelled", "life_changed", "revoked"),
    ("cancelled", "other"): ("cancelled", "other", "revoked"),
    ("cancelled", "wrong_referral"): ("rejected", "wrong_referral", "revoked"),
    ("withdrawn", ""): ("cancelled", "consent_withdrawn", "revoked"),
}


def test_the_table_covers_every_status_and_reason():
    states = {(s.status, s.reason) for s in statuses.TASK_STATUS}
    every = {(s, "") for s in ReferralStatus.values if s != "cancelled"} | {
        ("cancelled", r) for r in CancellationReason.values
    }
    assert states == every == set(EXPECTED)
    for state, task_status in statuses.TASK_STATUS.items():
        assert EXPECTED[(state.status, state.reason)][0] == task_status


def bring_to(referral, world, status, reason=""):
    """Take ``referral`` through the services to ``status`` (and ``reason``)."""
    if status in ("accepted", "succeeded"):
        referral = services.accept(referral, user=world.staff)
    if status == "succeeded":
        referral = services.report_outcome(referral, user=world.staff, succeeded=True)
    if status == "cancelled":
        referral = services.report_outcome(
            referral, user=world.staff, succeeded=False, reason=reason
        )
    if status == "withdrawn":
        referral = services.withdraw(referral, user=world.professional, method="written")
    return referral


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return client


@pytest.mark.parametrize(("status", "reason"), list(EXPECTED))
def test_each_state_as_task_and_service_request(staff, world, refer, status, reason):
    referral = bring_to(refer(), world, status, reason)
    task_status, reason_code, request_status = EXPECTED[(status, reason)]

    response = staff.get(f"{FHIR}Task/{referral.reference}")
    assert response.status_code == 200
    task = assert_valid(fhir_json(response), staff)
    assert task["status"] == task_status
    assert task["intent"] == "order"
    assert task["code"]["coding"] == [
        {"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}
    ]
    assert task["focus"]["reference"] == f"ServiceRequest/{referral.reference}"
    assert task["businessStatus"]["coding"][0]["code"] == status
    if task_status in statuses.REASON_REQUIRED:
        assert task["statusReason"]["text"]
        assert task["statusReason"]["coding"][0]["code"] == reason_code
    else:
        assert "statusReason" not in task
    assert not has_client_data(response.content.decode())

    response = staff.get(f"{FHIR}ServiceRequest/{referral.reference}")
    request = assert_valid(fhir_json(response), staff)
    assert request["status"] == request_status
    assert not has_client_data(response.content.decode())


def test_service_request_fields(staff, world, refer, settings):
    world.partner.business_id = "1234567-1"
    world.partner.save()
    referral = refer()
    request = assert_valid(
        fhir_json(staff.get(f"{FHIR}ServiceRequest/{referral.reference}")), staff
    )
    assert request["id"] == str(referral.reference)
    assert request["intent"] == "order"
    assert request["identifier"][0]["value"] == f"urn:uuid:{referral.reference}"
    assert request["identifier"][1]["value"] == referral.short_reference
    assert request["authoredOn"] == referral.sent_at.isoformat()
    assert request["occurrencePeriod"]["end"] == referral.due_date.isoformat()
    assert request["code"]["text"] == world.activity.title
    contained = {item["id"]: item for item in request["contained"]}
    assert contained["partner"]["resourceType"] == "Organization"
    assert contained["partner"]["name"] == world.partner.name
    assert contained["partner"]["identifier"][0]["value"] == "1234567-1"
    assert contained["activity"]["resourceType"] == "HealthcareService"
    assert contained["activity"]["name"] == world.activity.title
    assert contained["activity"]["identifier"][0]["value"] == world.activity.get_full_url()
    assert {p["reference"] for p in request["performer"]} == {"#partner", "#activity"}
    assert "patient" not in contained
    # The client: a pseudonymous identifier, never the ledger's subject id.
    assert request["subject"]["type"] == "Patient"
    assert str(referral.subject_id) not in str(request)
    assert request["supportingInfo"] == [
        {"reference": f"Consent/{referral.consent_id}", "type": "Consent"}
    ]
    assert request["requester"]["display"] == settings.WAGTAIL_HYTE["CONTROLLER"]["name"]
    assert "note" not in request


def test_task_fields(staff, world, refer):
    referral = services.accept(refer(), user=world.staff)
    task = assert_valid(fhir_json(staff.get(f"{FHIR}Task/{referral.reference}")), staff)
    assert task["authoredOn"] == referral.sent_at.isoformat()
    assert task["executionPeriod"]["start"] == referral.accepted_at.isoformat()
    assert task["restriction"]["period"]["end"] == referral.due_date.isoformat()
    assert task["owner"] == {"reference": "#partner", "type": "Organization"}
    assert task["contained"][0]["name"] == world.partner.name
    request = fhir_json(staff.get(f"{FHIR}ServiceRequest/{referral.reference}"))
    assert task["for"] == request["subject"]  # the same pseudonymous client


@pytest.mark.parametrize("withdrawn", [False, True])
def test_consent(staff, world, refer, withdrawn):
    referral = refer()
    if withdrawn:
        referral = services.withdraw(referral, user=world.staff, method="electronic")
    record = referral.consent
    record.refresh_from_db()
    response = staff.get(f"{FHIR}Consent/{record.pk}")
    assert response.status_code == 200
    consent = assert_valid(fhir_json(response), staff)
    assert not has_client_data(response.content.decode())
    assert consent["id"] == str(record.pk)
    assert consent["status"] == ("inactive" if withdrawn else "active")
    assert consent["dateTime"] == record.given_at.isoformat()
    assert consent["scope"]["coding"][0]["code"] == "patient-privacy"
    request = fhir_json(staff.get(f"{FHIR}ServiceRequest/{referral.reference}"))
    assert consent["patient"] == request["subject"]
    provision = consent["provision"]
    assert provision["type"] == "permit"
    assert provision["actor"][0]["role"]["coding"][0]["code"] == "IRCP"
    assert consent["contained"][0]["name"] == world.partner.name
    assert provision["purpose"][0]["code"] == record.purpose
    assert [c["coding"][0]["code"] for c in provision["code"]] == record.data_categories
    assert consent["policyRule"]["coding"][1]["code"] == record.lawful_basis
    methods = {e["url"].rsplit("/", 1)[1]: e["valueCoding"]["code"] for e in consent["extension"]}
    assert methods["collection-method"] == "verbal"
    # The notice the client was shown, word for word, with its version and language.
    notice = record.notice
    attachment = consent["sourceAttachment"]
    assert base64.b64decode(attachment["data"]).decode() == notice.text
    sha1 = hashlib.sha1(notice.text.encode(), usedforsecurity=False).digest()
    assert attachment["hash"] == base64.b64encode(sha1).decode()
    assert attachment["language"] == notice.language
    assert f"v{notice.version}" in attachment["title"]
    if withdrawn:
        assert provision["period"]["end"] == record.withdrawn_at.isoformat()
        assert methods["withdrawal-method"] == "electronic"
    else:
        assert "end" not in provision["period"]
        assert "withdrawal-method" not in methods


def test_capability_statement_is_public_and_valid(client):
    response = client.get(f"{FHIR}metadata")
    assert response.status_code == 200
    statement = assert_valid(fhir_json(response), client)
    assert statement["fhirVersion"] == "4.0.1"
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert {"ServiceRequest", "Task", "Consent"} <= set(resources)
    assert {i["code"] for i in resources["Task"]["interaction"]} == {
        "read",
        "search-type",
        "update",
    }
    (operation,) = resources["ServiceRequest"]["operation"]
    definition = client.get(operation["definition"].replace("http://testserver", ""))
    assert assert_valid(fhir_json(definition))["code"] == "reveal"


@pytest.mark.parametrize("name", list(CODE_SYSTEMS))
def test_code_systems_are_valid(client, name):
    code_system = assert_valid(fhir_json(client.get(f"{FHIR}CodeSystem/{name}")))
    assert code_system["count"] == len(code_system["concept"]) > 0


@pytest.mark.parametrize("name", list(EXTENSIONS))
def test_extensions_are_valid(client, name):
    definition = assert_valid(fhir_json(client.get(f"{FHIR}StructureDefinition/{name}")), client)
    assert definition["type"] == "Extension"
    assert definition["url"] == f"http://testserver{FHIR}StructureDefinition/{name}"


@pytest.mark.parametrize(
    "path",
    [
        "CodeSystem/nothing",
        "StructureDefinition/nothing",
        "OperationDefinition/nothing",
        "Patient",
        "Patient/1",
        "nothing/at/all",
    ],
)
def test_unknown_paths_are_operation_outcomes(client, path):
    assert_outcome(client.get(f"{FHIR}{path}"), 404, "not-found")
