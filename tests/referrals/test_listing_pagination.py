"""Issue 10 item 21: the inbox and "My referrals" are paginated and filtered, not cut at 200."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import clone_referrals as clone
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.referrals.models import Referral

from .conftest import CLIENT_NEEDLES

# A row of Wagtail's listing table: the first cell is the (linked) reference.
ROW = re.compile(r'<tr(?: class="hyte-overdue-row")?>\s*<td class="title">')


@pytest.fixture
def many(world, refer):
    first = refer()
    clone(first, 249)  # 250 open referrals for the partner, made by world.professional
    clone(first, 5, status="succeeded")
    clone(first, 3, due_date=local_date() - timedelta(days=30))  # overdue
    others = clone(
        first, 7, partner_id=world.other_partner.pk, professional_id=world.professional2.pk
    )
    assert Referral.objects.filter(partner=world.other_partner).count() == 7
    return {"first": first, "others": others}


def rows(response):
    assert response.status_code == 200
    listing = response.content.decode().split('id="listing-results"', 1)[1]
    return len(ROW.findall(listing))


@pytest.mark.parametrize("url_name", ["hyte_referrals:inbox", "hyte_referrals:mine"])
def test_listing_is_paginated(client, world, many, url_name):
    client.force_login(world.staff if url_name == "hyte_referrals:inbox" else world.professional)
    url = reverse(url_name)
    assert rows(client.get(url)) == 50
    page2 = client.get(url, {"p": 2})
    assert rows(page2) == 50
    assert '<nav class="pagination"' in page2.content.decode()
    assert "?p=3" in page2.content.decode()  # the next page is linked
    # 258 referrals for the partner / the professional; the last page holds the rest.
    everything = client.get(url, {"status": "all", "p": 6})
    assert rows(everything) == 8
    assert not any(n in everything.content.decode().lower() for n in CLIENT_NEEDLES)


def test_inbox_status_filters(client, world, many):
    client.force_login(world.staff)
    url = reverse("hyte_referrals:inbox")
    assert rows(client.get(url, {"status": "succeeded"})) == 5
    overdue = client.get(url, {"status": "overdue"})
    assert rows(overdue) == 3
    assert overdue.content.decode().count('class="hyte-overdue-row"') == 3
    open_last = client.get(url, {"p": 6})  # default: open only, 253 of them
    assert rows(open_last) == 3
    assert rows(client.get(url, {"status": "nonsense", "p": 6})) == 3  # falls back to open


def test_mine_status_filter(client, world, many):
    client.force_login(world.professional)
    url = reverse("hyte_referrals:mine")
    assert rows(client.get(url, {"status": "succeeded"})) == 5
    assert rows(client.get(url, {"status": "withdrawn"})) == 0
    # The withdraw link stays for referrals that are not withdrawn.
    page = client.get(url, {"status": "succeeded"}).content.decode()
    assert page.count("/withdraw/") == 5


@pytest.mark.parametrize(
    ("user", "url_name"),
    [("other_staff", "hyte_referrals:inbox"), ("professional2", "hyte_referrals:mine")],
)
def test_others_never_listed(client, world, many, user, url_name):
    client.force_login(getattr(world, user))
    url = reverse(url_name)
    own = {r.short_reference for r in many["others"]}
    seen = ""
    for status in ("all", "sent", "succeeded", "open", "overdue"):
        for p in (1, 2, 6):
            seen += client.get(url, {"status": status, "p": p}).content.decode()
    assert many["first"].short_reference not in seen
    assert world.activity.title in seen  # the other rows do show
    listed = {ref for ref in own if ref in seen}
    assert listed == own
    assert rows(client.get(url, {"status": "all"})) == 7


@pytest.mark.parametrize("url_name", ["hyte_referrals:inbox", "hyte_referrals:mine"])
def test_query_count_does_not_grow_with_rows(
    client, world, refer, django_assert_max_num_queries, url_name
):
    user = world.staff if url_name == "hyte_referrals:inbox" else world.professional
    client.force_login(user)
    url = reverse(url_name)
    first = refer()
    clone(first, 4)
    client.get(url)  # warm up caches (site, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert rows(client.get(url)) == 5
    clone(first, 245)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert rows(client.get(url, {"p": 2})) == 50


@pytest.mark.parametrize("url_name", ["hyte_referrals:inbox", "hyte_referrals:mine"])
def test_a_page_past_the_end_shows_the_last_page(client, world, many, url_name):
    client.force_login(world.staff if url_name == "hyte_referrals:inbox" else world.professional)
    response = client.get(reverse(url_name), {"status": "all", "p": 99})
    assert response.status_code == 200
    assert rows(response) == 8
