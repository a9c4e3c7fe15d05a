"""Searching "My referrals" and the inbox by referral number, activity and status
(run on SQLite and, in the PostgreSQL pass, on PostgreSQL's native UUIDs)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr(?: class="hyte-overdue-row")?>\s*<td class="title">')


def rows(response) -> int:
    assert response.status_code == 200
    return len(ROW.findall(response.content.decode()))


@pytest.fixture
def referrals(world, refer, make_activity):
    swim = make_activity("Uintiryhmä", organiser=world.partner)
    walk = [refer(), refer()]
    swims = [refer(activity=swim)]
    return {"walk": walk, "swim": swims, "swim_activity": swim}


@pytest.mark.parametrize("url_name", ["hyte_referrals:mine", "hyte_referrals:inbox"])
def test_search_by_referral_number(client, world, referrals, url_name):
    client.force_login(world.professional if url_name.endswith("mine") else world.staff)
    target = referrals["walk"][1]
    for typed in (target.short_reference, target.short_reference.lower()):
        response = client.get(reverse(url_name), {"q": typed, "status": "all"})
        assert rows(response) == 1, typed
        assert target.short_reference in response.content.decode()


@pytest.mark.parametrize("url_name", ["hyte_referrals:mine", "hyte_referrals:inbox"])
def test_search_by_activity_words(client, world, referrals, url_name):
    client.force_login(world.professional if url_name.endswith("mine") else world.staff)
    assert rows(client.get(reverse(url_name), {"q": "uinti"})) == 1
    assert rows(client.get(reverse(url_name), {"q": "kävely"})) == 2
    assert rows(client.get(reverse(url_name), {"q": "kävely uinti"})) == 0
    for hostile in ('"', "'\"<script>", "%", "_", "(", "\\"):
        assert rows(client.get(reverse(url_name), {"q": hostile})) == 0, hostile


def test_my_referrals_filter_by_activity_and_status(client, world, referrals, refer):
    from wagtail_hyte.referrals import services

    services.accept(referrals["walk"][0], user=world.staff)
    client.force_login(world.professional)
    url = reverse("hyte_referrals:mine")
    swim = referrals["swim_activity"]
    html = client.get(url).content.decode()
    assert f'<option value="{swim.pk}">Uintiryhmä</option>' in html
    assert rows(client.get(url, {"activity": swim.pk})) == 1
    assert rows(client.get(url, {"status": "accepted"})) == 1
    assert rows(client.get(url, {"status": "accepted", "activity": swim.pk})) == 0


def test_the_activity_filter_offers_only_ones_own_activities(
    client, world, referrals, make_activity
):
    from wagtail_hyte.referrals import services

    foreign = make_activity("Toisen kerho", organiser=world.partner)
    services.create_referral(
        activity=foreign,
        professional=world.professional2,
        details={"name": "Toinen", "phone": "040 555 0199"},
        notice=world.notices["fi"],
        collection_method="verbal",
    )
    client.force_login(world.professional)
    html = client.get(reverse("hyte_referrals:mine")).content.decode()
    assert "Toisen kerho" not in html
    # Naming another professional's activity by hand shows nothing of it.
    assert rows(client.get(reverse("hyte_referrals:mine"), {"activity": foreign.pk})) == 3
