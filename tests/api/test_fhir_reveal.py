"""The client as a contained Patient: only through ``$reveal``, only for the
receiving partner's staff, ledgered exactly as the admin's "Show contact
details" is; the client's details (the canary) appear in no other answer,
error or log line."""

import logging

import pytest
from django.urls import reverse

from wagtail_hyte.agreements import services as agreement_services
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.referrals import services

from .fhir_support import (
    CLIENT,
    FHIR,
    PHONE,
    assert_outcome,
    assert_valid,
    fhir_json,
    has_client_data,
)

pytestmark = pytest.mark.django_db


def reveal(client, referral):
    return client.post(f"{FHIR}ServiceRequest/{referral.reference}/$reveal")


def entries(kind):
    return LedgerEntry.objects.filter(kind=kind).order_by("seq")


def refused_reasons():
    return [e.payload_data["reason"] for e in entries("personal_data.read_refused")]


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return client


def test_reveal_gives_the_client_as_a_contained_patient(staff, world, refer):
    referral = refer()
    response = reveal(staff, referral)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    request = assert_valid(fhir_json(response), staff)
    patients = [r for r in request["contained"] if r["resourceType"] == "Patient"]
    assert len(patients) == 1
    patient = patients[0]
    assert request["subject"] == {"reference": f"#{patient['id']}", "type": "Patient"}
    assert patient["name"] == [{"text": CLIENT["name"]}]
    telecom = {point["system"]: point for point in patient["telecom"]}
    assert telecom["phone"]["value"] == PHONE
    assert telecom["phone"]["rank"] == 1  # the client prefers a phone call
    assert telecom["email"]["value"] == CLIENT["email"]
    assert patient["communication"][0]["language"]["coding"][0]["code"] == CLIENT["language"]
    notes = " ".join(note["text"] for note in request["note"])
    assert CLIENT["contact_time"] in notes and CLIENT["note"] in notes
    # Minimal: nothing but what the partner needs to contact the client.
    assert set(patient) == {"resourceType", "id", "name", "telecom", "communication"}


def test_each_reveal_is_one_ledgered_read_as_in_the_admin(client, staff, world, refer):
    api_referral, admin_referral = refer(), refer()
    response = reveal(staff, api_referral)
    assert response.status_code == 200
    (api_read,) = entries("personal_data.read")

    # The admin's "Show contact details" (post, redirect, the page view reads).
    page = staff.post(reverse("hyte_referrals:reveal", args=[admin_referral.pk]), follow=True)
    assert CLIENT["name"] in page.content.decode()
    admin_read = entries("personal_data.read").last()
    assert admin_read.pk != api_read.pk

    assert api_read.actor == admin_read.actor == f"user:{world.staff.pk}"
    assert api_read.payload_data["purpose"] == services.CONTACT_PURPOSE
    assert api_read.payload_data["referral"] == str(api_referral.reference)
    assert set(api_read.payload_data) == set(admin_read.payload_data)
    for key in ("purpose", "recipient"):
        assert api_read.payload_data[key] == admin_read.payload_data[key]
    assert api_read.subject_ids == [str(api_referral.subject_id)]

    before = entries("personal_data.read").count()
    assert reveal(staff, api_referral).status_code == 200
    assert entries("personal_data.read").count() == before + 1  # again is another read


def test_a_superuser_is_refused_and_the_refusal_ledgered(client, refer, make_user):
    referral = refer()
    client.force_login(make_user("superuser"))
    assert_outcome(reveal(client, referral), 403, "forbidden")
    assert refused_reasons() == ["not_partner_member"]
    assert not entries("personal_data.read").exists()


@pytest.mark.parametrize("close", ["succeed", "withdraw"])
def test_a_closed_referral_reveals_nothing(staff, world, refer, close):
    referral = refer()
    if close == "succeed":
        referral = services.accept(referral, user=world.staff)
        services.report_outcome(referral, user=world.staff, succeeded=True)
    else:
        services.withdraw(referral, user=world.professional, method="verbal")
    body = assert_outcome(reveal(staff, referral), 403, "forbidden")
    assert body["issue"][0]["details"]["text"]  # the service's reason, in words
    assert refused_reasons() == ["referral_closed"]
    assert not entries("personal_data.read").exists()


def test_a_suspended_agreement_cuts_the_reveal(staff, world, refer):
    referral = refer()
    agreement_services.suspend(world.agreement, user=world.coordinator, reason="test")
    assert_outcome(reveal(staff, referral), 403, "forbidden")
    assert refused_reasons() == ["agreement_suspended"]
    assert not entries("personal_data.read").exists()


def test_the_canary_is_nowhere_but_in_the_reveal(client, world, refer, caplog):
    """Every other answer of every role, errors included, and the log."""
    referral = refer()
    services.accept(refer(), user=world.staff)
    caplog.set_level(logging.DEBUG)
    paths = [
        "metadata",
        "ServiceRequest",
        f"ServiceRequest/{referral.reference}",
        "Task",
        f"Task/{referral.reference}",
        f"Consent/{referral.consent_id}",
        "ServiceRequest?status=active&authored=ge2000-01-01",
        "Task?status=requested,accepted",
        "ServiceRequest?authored=not-a-date",
        "Patient",
    ]
    users = [world.professional, world.staff, world.other_staff, world.coordinator, world.auditor]
    for user in [None, *users]:
        client.logout()
        if user:
            client.force_login(user)
        for path in paths:
            response = client.get(f"{FHIR}{path}")
            assert not has_client_data(response.content.decode()), (user, path)
        for body in ({"resourceType": "Task", "status": "completed"}, {"status": 1}, "x"):
            response = client.put(
                f"{FHIR}Task/{referral.reference}", data=body, content_type="application/json"
            )
            assert not has_client_data(response.content.decode()), (user, body)
        if user is not world.staff:
            response = reveal(client, referral)
            assert response.status_code in (401, 403, 404)
            assert not has_client_data(response.content.decode())
    assert not has_client_data(caplog.text)

    client.force_login(world.staff)
    revealed = reveal(client, referral).content.decode()
    assert CLIENT["name"] in revealed and PHONE in revealed  # the needles do match
    assert not has_client_data(caplog.text)
