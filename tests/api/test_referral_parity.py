"""A referral made through the API is the same, in the ledger, as one made in the
admin: the same entries, of the same kinds, in the same order, with the same
payload keys and values, apart from what is new for each referral (ids of the
new rows, times, digests of freshly encrypted data) and the actor (two
professionals, so that neither finds the other's client in the lookup).

The admin referral is made by posting the form as the browser does
(``tests/referrals/test_flow.py``); the API one with the same input.
"""

import re

import pytest
from django.urls import reverse

from tests.referrals.conftest import CLIENT
from tests.referrals.test_flow import shown
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.referrals.models import Referral

# What is new for every referral: the ids of the rows made for it, the digest of
# its freshly encrypted contact details, the time consent was given. Every
# other value (the notice's hash, the activity, partner, agreement, version,
# due date, categories, method, purposes, counts) must be the same.
NEW_IDS = {"contact", "consent", "referral"}
DIGESTS = {"ciphertext_sha256"}
TIMES = {"given_at"}


def normalised(payload: dict) -> dict:
    out = {}
    for key, value in payload.items():
        if key in NEW_IDS:
            assert UUID.match(value), (key, value)
            value = "<new id>"
        elif key in DIGESTS:
            assert DIGEST.match(value), (key, value)
            value = "<digest>"
        elif key in TIMES:
            assert MOMENT.match(value), (key, value)
            value = "<time>"
        out[key] = value
    return out


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DIGEST = re.compile(r"^[0-9a-f]{64}$")
MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def entries_after(seq):
    return [
        {
            "kind": entry.kind,
            "actor": re.sub(r"^user:\d+$", "user:<professional>", entry.actor),
            "subjects": len(entry.subject_ids),
            "payload": normalised(entry.payload_data),
        }
        for entry in LedgerEntry.objects.filter(seq__gt=seq).order_by("seq")
    ]


def last_seq():
    entry = LedgerEntry.objects.order_by("-seq").first()
    return entry.seq if entry else 0


def admin_referral(client, world):
    """The admin's referral form posted as the browser posts it (details, then consent)."""
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    assert client.get(url).status_code == 200
    page = client.post(url, {**CLIENT, "step": "details"})
    assert 'name="step" value="consent"' in page.content.decode()
    response = client.post(
        url,
        {
            **CLIENT,
            **shown(world),
            "step": "consent",
            "collection_method": "written",
            "confirmed": "on",
            "send_confirmation": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Referral.objects.get(professional=world.professional)


def api_referral(client, world):
    client.force_login(world.professional2)
    response = client.post(
        reverse("hyte_api_v1:referral-list"),
        {
            "activity": world.activity.pk,
            **CLIENT,
            **shown(world),
            "collection_method": "written",
            "confirmed": True,
            "send_confirmation": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Referral.objects.get(professional=world.professional2)


@pytest.fixture
def made(client, world, django_capture_on_commit_callbacks):
    """The admin referral and the API referral, each with the ledger entries its
    request wrote, the notifications after commit included."""
    made = {}
    for name, make in (("admin", admin_referral), ("api", api_referral)):
        start = last_seq()
        with django_capture_on_commit_callbacks(execute=True):
            referral = make(client, world)
        made[name] = (referral, entries_after(start))
    return made


def test_the_same_entries_in_the_same_order(made):
    (_admin, admin_entries), (_api, api_entries) = made["admin"], made["api"]
    assert [e["kind"] for e in admin_entries] == [e["kind"] for e in api_entries]
    assert "referral.created" in [e["kind"] for e in api_entries]
    assert "consent.given" in [e["kind"] for e in api_entries]
    assert "referral.client_lookup" in [e["kind"] for e in api_entries]


def test_the_same_payloads_apart_from_new_ids(made):
    (_admin, admin_entries), (_api, api_entries) = made["admin"], made["api"]
    assert admin_entries == api_entries


def test_the_same_referral_and_consent(made):
    (admin, _), (api, _) = made["admin"], made["api"]
    fields = ["activity_id", "partner_id", "agreement_id", "agreement_version", "status"]
    fields += ["due_date", "feedback_requested"]
    assert [getattr(admin, f) for f in fields] == [getattr(api, f) for f in fields]
    consent_fields = ["recipient_id", "purpose", "data_categories", "notice_id"]
    consent_fields += ["collection_method", "lawful_basis", "status"]
    assert [getattr(admin.consent, f) for f in consent_fields] == [
        getattr(api.consent, f) for f in consent_fields
    ]


def test_a_reveal_is_ledgered_as_the_admin_ledgers_it(client, world, made):
    (admin, _), (api, _) = made["admin"], made["api"]
    client.force_login(world.staff)
    start = last_seq()
    page = client.post(reverse("hyte_referrals:reveal", args=[admin.pk]), follow=True)
    assert CLIENT["name"] in page.content.decode()
    middle = last_seq()
    response = client.post(
        reverse("hyte_api_v1:referral-reveal", args=[api.reference]),
        content_type="application/json",
    )
    assert response.json()["name"] == CLIENT["name"]
    by_admin = entries_after(start)[: middle - start]
    by_api = entries_after(middle)
    assert [e["kind"] for e in by_api] == ["personal_data.read"]
    assert by_admin == by_api
