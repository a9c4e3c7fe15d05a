"""Every view and action at HTTP level, for every role; no cross-partner reads."""

import pytest
from django.urls import reverse

from wagtail_hyte.ledger.models import LedgerEntry

from .conftest import CLIENT

ROLES = [
    "professional",
    "professional2",
    "staff",
    "other_staff",
    "coordinator",
    "auditor",
    "editor",
    "anonymous",
]


def client_for(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def expected(role, allowed, hidden=()):
    if role == "anonymous":
        return "login"
    if role in allowed:
        return 200
    if role in hidden:
        return 404
    return "denied"


def outcome(response):
    """200/302/404 as numbers; Wagtail turns PermissionDenied into a redirect home."""
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    ):
        return "denied"
    return response.status_code


@pytest.fixture
def referral(refer):
    return refer()


PARTNER_ACTIONS = [
    ("hyte_referrals:inbox_detail", "get", {}),
    ("hyte_referrals:reveal", "post", {}),
    ("hyte_referrals:accept", "post", {}),
    ("hyte_referrals:outcome", "post", {"outcome": "cancelled", "reason": "not_reached"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "data"), PARTNER_ACTIONS)
def test_partner_actions(client, world, referral, role, name, method, data):
    client = client_for(client, world, role)
    url = reverse(name, args=[referral.pk])
    response = getattr(client, method)(url, data)
    want = expected(role, {"staff"}, hidden={"other_staff"})
    if want == 200 and method == "post":
        want = 302  # redirect after a successful action (reveal: post, redirect, get)
    assert outcome(response) == want
    referral.refresh_from_db()
    if role != "staff":
        assert referral.status == "sent"
        assert not LedgerEntry.objects.filter(kind="personal_data.read").exists()
        assert CLIENT["name"] not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_inbox_list(client, world, referral, role):
    response = client_for(client, world, role).get(reverse("hyte_referrals:inbox"))
    assert outcome(response) == expected(role, {"staff", "other_staff"})
    if role == "staff":
        assert referral.short_reference in response.content.decode()
    if role == "other_staff":
        assert referral.short_reference not in response.content.decode()
        assert world.partner.name not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_figures(client, world, referral, role):
    response = client_for(client, world, role).get(reverse("hyte_referrals:figures"))
    assert outcome(response) == expected(role, {"staff", "other_staff", "coordinator", "auditor"})
    if role in ("staff", "coordinator", "auditor"):
        assert world.partner.name in response.content.decode()
    if role == "other_staff":
        assert world.partner.name not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_new_referral_form(client, world, role):
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    response = client_for(client, world, role).get(url)
    assert outcome(response) == expected(role, {"professional", "professional2"})


@pytest.mark.parametrize("role", ROLES)
def test_my_referrals(client, world, referral, role):
    response = client_for(client, world, role).get(reverse("hyte_referrals:mine"))
    assert outcome(response) == expected(role, {"professional", "professional2"})
    if role == "professional2":
        assert referral.short_reference not in response.content.decode()
    if role == "professional":
        assert referral.short_reference in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_receipt(client, world, referral, role):
    url = reverse("hyte_referrals:receipt", args=[referral.pk])
    response = client_for(client, world, role).get(url)
    assert outcome(response) == expected(role, {"professional"}, hidden={"professional2"})
    reads = LedgerEntry.objects.filter(kind="personal_data.read")
    if role == "professional":
        assert CLIENT["name"] in response.content.decode()
        assert reads.get().payload_data["purpose"] == "receipt"
        assert "no-store" in response["Cache-Control"]
    else:
        assert not reads.exists()


@pytest.mark.parametrize("role", ROLES)
def test_withdraw(client, world, referral, role):
    url = reverse("hyte_referrals:withdraw", args=[referral.pk])
    client = client_for(client, world, role)
    want = expected(role, {"professional"}, hidden={"professional2"})
    assert outcome(client.get(url)) == want
    response = client.post(url, {"method": "verbal"})
    assert outcome(response) == (302 if want == 200 else want)
    referral.refresh_from_db()
    assert referral.status == ("withdrawn" if role == "professional" else "sent")


def test_quota_full_form_says_so(client, world, make_agreement, make_activity, refer):
    agreement = make_agreement(status="active", quota=1)
    activity = make_activity(organiser=agreement.partner)
    refer(activity=activity)
    client.force_login(world.professional)
    response = client.get(reverse("hyte_referrals:new", args=[activity.pk]))
    assert "help-critical" in response.content.decode()


def test_activity_page_action(client, world, make_agreement, make_activity, refer):
    url = world.activity.url
    client.force_login(world.professional)
    assert reverse("hyte_referrals:new", args=[world.activity.pk]) in (
        client.get(url).content.decode()
    )
    client.force_login(world.staff)
    assert reverse("hyte_referrals:new", args=[world.activity.pk]) not in (
        client.get(url).content.decode()
    )
    full = make_agreement(status="active", quota=1)
    full_activity = make_activity(organiser=full.partner)
    refer(activity=full_activity)
    client.force_login(world.professional)
    assert reverse("hyte_referrals:new", args=[full_activity.pk]) not in (
        client.get(full_activity.url).content.decode()
    )
