"""The agreements API (``/api/hyte/v1/agreements/``) for every role: exactly the
agreements the agreement admin shows (``AGREEMENT_POLICY``), no other partner's."""

import pytest
from django.urls import reverse

from tests.referrals.test_views import ROLES  # the same callers as the admin's tests
from wagtail_hyte.agreements.services import quota_status

# role -> the agreements it reads: "all", "own" (its partner's) or None (403)
READS = {
    "anonymous": None,
    "professional": None,
    "professional2": None,
    "staff": "own",
    "other_staff": "own",
    "coordinator": "all",
    "auditor": "all",
    "editor": None,
}


@pytest.fixture
def agreements(world, make_agreement):
    """The world's active agreement and a draft of the other partner."""
    world.other_agreement = make_agreement(
        world.other_partner, status="draft", reference_number="OTHER-1"
    )
    return world


def api(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def own_partner(world, role):
    return {"staff": world.partner, "other_staff": world.other_partner}.get(role)


def assert_refused(response, role):
    body = response.json()
    if role == "anonymous":
        assert response.status_code in (401, 403)
        assert body["error"]["code"] == "not_authenticated"
    else:
        assert response.status_code == 403
        assert body["error"]["code"] == "permission_denied"


@pytest.mark.parametrize("role", ROLES)
def test_list_per_role(client, agreements, role):
    world = agreements
    response = api(client, world, role).get(reverse("hyte_api_v1:agreement-list"))
    reads = READS[role]
    if reads is None:
        assert_refused(response, role)
        return
    assert response.status_code == 200
    listed = {row["reference_number"] for row in response.json()["results"]}
    if reads == "all":
        assert listed == {world.agreement.reference_number, "OTHER-1"}
    else:
        partner = own_partner(world, role)
        assert {row["partner"]["id"] for row in response.json()["results"]} <= {partner.pk}
        mine = world.agreement if partner == world.partner else world.other_agreement
        assert listed == {mine.reference_number}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["agreement", "other_agreement"])
def test_retrieve_per_role(client, agreements, role, which):
    world = agreements
    agreement = getattr(world, which)
    url = reverse("hyte_api_v1:agreement-detail", args=[agreement.pk])
    response = api(client, world, role).get(url)
    reads = READS[role]
    visible = reads == "all" or (reads == "own" and agreement.partner == own_partner(world, role))
    if not visible:
        # as the admin's scoped views: 403 for an agreement outside the scope
        assert_refused(response, role)
        assert agreement.reference_number not in response.content.decode()
        return
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == agreement.pk
    assert body["reference_number"] == agreement.reference_number
    assert body["version"] == agreement.history.latest().history_id


def test_quota_this_period(client, world, refer):
    refer()
    client.force_login(world.staff)
    row = client.get(reverse("hyte_api_v1:agreement-list")).json()["results"][0]
    status = quota_status(world.agreement)
    assert row["quota_this_period"] == {
        "period_start": status.period.first_day.isoformat(),
        "period_end": status.period.last_day.isoformat(),
        "quota": 5,
        "used": 1,
        "remaining": 4,
        "full": False,
        "percent_used": 20,
    }
    detail = client.get(reverse("hyte_api_v1:agreement-detail", args=[world.agreement.pk])).json()
    assert detail["quota_this_period"] == row["quota_this_period"]


def test_a_draft_has_no_quota_use(client, agreements):
    client.force_login(agreements.coordinator)
    rows = client.get(reverse("hyte_api_v1:agreement-list")).json()["results"]
    draft = next(row for row in rows if row["reference_number"] == "OTHER-1")
    assert draft["status"] == "draft"
    assert draft["quota_this_period"] is None


def test_filters_are_the_admin_listings(client, agreements):
    client.force_login(agreements.coordinator)
    url = reverse("hyte_api_v1:agreement-list")
    rows = client.get(url, {"status": "draft"}).json()["results"]
    assert [row["reference_number"] for row in rows] == ["OTHER-1"]
    rows = client.get(url, {"partner": agreements.partner.pk}).json()["results"]
    assert [row["reference_number"] for row in rows] == [agreements.agreement.reference_number]
    response = client.get(url, {"status": "nonsense"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status"}


def test_staff_cannot_filter_their_way_to_another_partner(client, agreements):
    client.force_login(agreements.staff)
    url = reverse("hyte_api_v1:agreement-list")
    rows = client.get(url, {"partner": agreements.other_partner.pk}).json()["results"]
    assert rows == []


def test_chosen_activities_are_listed(client, world, make_agreement, make_activity):
    partner = world.other_partner
    activity = make_activity("Valittu toiminta", organiser=partner)
    agreement = make_agreement(partner, covers_all_activities=False)
    agreement.activities.set([activity])
    client.force_login(world.other_staff)
    body = client.get(reverse("hyte_api_v1:agreement-detail", args=[agreement.pk])).json()
    assert body["covers_all_activities"] is False
    assert body["activities"] == [{"id": activity.pk, "title": "Valittu toiminta"}]


def test_read_only(client, agreements):
    client.force_login(agreements.coordinator)
    url = reverse("hyte_api_v1:agreement-detail", args=[agreements.agreement.pk])
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("name", ["list", "detail"])
def test_a_token_needs_agreements_read(client, agreements, bearer, name):
    from wagtail_hyte.api.scopes import SCOPES

    world = agreements
    path = (
        reverse("hyte_api_v1:agreement-list")
        if name == "list"
        else reverse("hyte_api_v1:agreement-detail", args=[world.agreement.pk])
    )
    others = [scope for scope in SCOPES if scope != "agreements:read"]
    response = client.get(path, **bearer(world.staff, *others))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    response = client.get(path, **bearer(world.staff, "agreements:read"))
    assert response.status_code == 200
    # the token is its user's: the other partner's agreement stays out of reach
    other = reverse("hyte_api_v1:agreement-detail", args=[world.other_agreement.pk])
    assert client.get(other, **bearer(world.staff, "agreements:read")).status_code == 403
