"""Searching ServiceRequests and Tasks: status, performer/owner by business
ID, the date sent (a day in Finnish time), ids, paging; every answer a valid
searchset Bundle of the user's own referrals only."""

from datetime import UTC, datetime

import pytest

from tests.factories import clone_referrals
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.models import Referral

from .fhir_support import BASE, FHIR, assert_outcome, assert_valid, fhir_json, has_client_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return client


@pytest.fixture
def referrals(world, refer):
    """One referral in each of five states, keyed by a name."""
    made = {name: refer() for name in ("sent", "accepted", "succeeded", "declined", "withdrawn")}
    for name in ("accepted", "succeeded", "declined"):
        made[name] = services.accept(made[name], user=world.staff)
    services.report_outcome(made["succeeded"], user=world.staff, succeeded=True)
    services.report_outcome(made["declined"], user=world.staff, succeeded=False, reason="declined")
    services.withdraw(made["withdrawn"], user=world.professional, method="verbal")
    return made


def found(client, query: str) -> set[str]:
    response = client.get(f"{FHIR}{query}")
    assert response.status_code == 200, response.content[:300]
    bundle = assert_valid(fhir_json(response))
    assert bundle["type"] == "searchset"
    assert not has_client_data(response.content.decode())
    ids = {entry["resource"]["id"] for entry in bundle.get("entry", [])}
    assert bundle["total"] == len(ids)
    for entry in bundle.get("entry", []):
        kind = entry["resource"]["resourceType"]
        assert entry["fullUrl"] == f"{BASE}{kind}/{entry['resource']['id']}"
    return ids


def ids(referrals, *names):
    return {str(referrals[name].reference) for name in names}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("ServiceRequest", ("sent", "accepted", "succeeded", "declined", "withdrawn")),
        ("ServiceRequest?status=active", ("sent", "accepted")),
        ("ServiceRequest?status=completed", ("succeeded",)),
        ("ServiceRequest?status=revoked", ("declined", "withdrawn")),
        ("ServiceRequest?status=active,completed", ("sent", "accepted", "succeeded")),
        ("ServiceRequest?status=draft", ()),
        ("Task?status=requested", ("sent",)),
        ("Task?status=accepted", ("accepted",)),
        ("Task?status=completed", ("succeeded",)),
        ("Task?status=cancelled", ("declined", "withdrawn")),
        ("Task?status=failed,rejected", ()),
        ("Task?status=requested,completed", ("sent", "succeeded")),
    ],
)
def test_status(staff, referrals, query, names):
    assert found(staff, query) == ids(referrals, *names)


def test_performer_and_owner_by_business_id(staff, world, referrals):
    world.partner.business_id = "1234567-1"
    world.partner.save()
    every = ids(referrals, *referrals)
    for query in (
        "ServiceRequest?performer:identifier=1234567-1",
        "ServiceRequest?performer:identifier=any-system|1234567-1",
        "Task?owner:identifier=1234567-1",
    ):
        assert found(staff, query) == every
    assert found(staff, "ServiceRequest?performer:identifier=9876543-2") == set()
    assert found(staff, "Task?owner:identifier=9876543-2") == set()


@pytest.fixture
def dated(refer):
    """Sent at 00:30 on 2 March 2025 in Helsinki (still 1 March in UTC), and in June."""
    march, june = refer(), refer()
    Referral.objects.filter(pk=march.pk).update(sent_at=datetime(2025, 3, 1, 22, 30, tzinfo=UTC))
    Referral.objects.filter(pk=june.pk).update(sent_at=datetime(2025, 6, 15, 9, 0, tzinfo=UTC))
    return {"march": str(march.reference), "june": str(june.reference)}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("authored=2025-03-02", ("march",)),
        ("authored=eq2025-03-01", ()),
        ("authored=2025-03", ("march",)),
        ("authored=2025", ("march", "june")),
        ("authored=ge2025-03-02&authored=lt2025-06-15", ("march",)),
        ("authored=gt2025-03-02", ("june",)),
        ("authored=le2025-03-02", ("march",)),
        ("authored=ne2025-03", ("june",)),
        ("authored=ge2025-03-01T22:30:00%2B00:00", ("march", "june")),
        ("authored=gt2025-03-01T22:30:00Z", ("june",)),
    ],
)
def test_authored(staff, dated, query, names):
    expected = {dated[name] for name in names}
    assert found(staff, f"ServiceRequest?{query}") == expected
    assert found(staff, f"Task?{query.replace('authored', 'authored-on')}") == expected


@pytest.mark.parametrize(
    "query",
    [
        "authored=2025-13-01",
        "authored=yesterday",
        "authored=ge2025-03-01T10:00:00",  # a time needs its time zone
        "_count=0",
        "_count=ten",
        "page=-1",
    ],
)
def test_bad_values_are_refused(staff, query):
    assert_outcome(staff.get(f"{FHIR}ServiceRequest?{query}"), 400)


def test_id_and_focus(staff, referrals):
    wanted = str(referrals["accepted"].reference)
    assert found(staff, f"ServiceRequest?_id={wanted}") == {wanted}
    assert found(staff, f"Task?_id={wanted},not-an-id") == {wanted}
    assert found(staff, f"Task?focus=ServiceRequest/{wanted}") == {wanted}
    assert found(staff, "Task?focus=ServiceRequest/nothing") == set()


def test_unknown_parameters_are_ignored(staff, referrals):
    assert found(staff, "ServiceRequest?_sort=-authored&whatever=1") == ids(referrals, *referrals)


def test_a_professional_finds_only_their_own(client, world, refer):
    mine = refer()
    refer(professional=world.professional2)
    client.force_login(world.professional)
    assert found(client, "ServiceRequest") == {str(mine.reference)}
    assert found(client, "Task") == {str(mine.reference)}


def test_paging(staff, refer):
    clone_referrals(refer(), 24)
    first = fhir_json(staff.get(f"{FHIR}Task?_count=10"))
    assert first["total"] == 25 and len(first["entry"]) == 10
    links = {link["relation"]: link["url"] for link in first["link"]}
    assert "previous" not in links
    seen = {entry["resource"]["id"] for entry in first["entry"]}
    url = links["next"]
    while url:
        page = assert_valid(fhir_json(staff.get(url.replace("http://testserver", ""))))
        seen |= {entry["resource"]["id"] for entry in page["entry"]}
        links = {link["relation"]: link["url"] for link in page["link"]}
        assert "previous" in links
        url = links.get("next")
    assert len(seen) == 25
    assert len(fhir_json(staff.get(f"{FHIR}Task?_count=1000"))["entry"]) == 25  # at most 100
    beyond = fhir_json(staff.get(f"{FHIR}Task?_count=10&page=9"))
    assert beyond["total"] == 25 and "entry" not in beyond  # FHIR JSON has no empty arrays
