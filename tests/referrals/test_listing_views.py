"""The inbox, "My referrals" and the figures as Wagtail listing views: filters,
ordering, the AJAX results URLs and the spreadsheet exports, without ever a row
of another partner (or another professional) and without the client's details."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import clone_referrals as clone
from tests.helpers import body
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.partners.models import PartnerMembership

from .conftest import CLIENT_NEEDLES

EXPORT_HEADINGS = [
    "Referral",
    "Activity",
    "Partner",
    "Status",
    "Sent",
    "Contact due",
    "Accepted",
    "Closed",
]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def two_partners(world, refer, make_activity):
    """Partner A's referral (world.professional) and three of the other partner's
    (world.professional2), one of them for an activity of the other partner."""
    own = refer()
    other_activity = make_activity("Toisen toiminta", organiser=world.other_partner)
    theirs = {"partner_id": world.other_partner.pk, "professional_id": world.professional2.pk}
    others = clone(own, 2, **theirs) + clone(own, 1, activity_id=other_activity.pk, **theirs)
    return {"own": own, "others": others, "other_activity": other_activity}


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body(response).decode())))


def xlsx_rows(response):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body(response))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize(
    ("user", "url_name"),
    [("other_staff", "hyte_referrals:inbox"), ("professional2", "hyte_referrals:mine")],
)
def test_export_and_results_hold_no_foreign_referral(client, world, two_partners, user, url_name):
    client.force_login(getattr(world, user))
    own = two_partners["own"]
    theirs = {r.short_reference for r in two_partners["others"]}
    results = reverse(url_name + "_results")
    seen = []
    for params in ({}, {"status": "all"}, {"status": "sent"}, {"status": "overdue"}):
        seen.append(body(client.get(results, params)).decode())
        seen.append(body(client.get(results, {**params, "_w_filter_fragment": "1"})).decode())
    # Another partner's ids in the filters are no way in either.
    seen.append(body(client.get(results, {"partner": world.partner.pk})).decode())
    seen.append(body(client.get(results, {"activity": world.activity.pk})).decode())
    for export in ("csv", "xlsx"):
        for url in (reverse(url_name), results):
            response = client.get(url, {"status": "all", "export": export})
            rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
            assert rows[0] == EXPORT_HEADINGS
            assert {row[0] for row in rows[1:]} == theirs
            assert all(row[2] == world.other_partner.name for row in rows[1:])
            seen.append(repr(rows))
    text = "\n".join(seen)
    assert own.short_reference not in text
    assert world.partner.name not in text
    assert all(ref in text for ref in theirs)
    assert not any(needle in text.lower() for needle in CLIENT_NEEDLES)


def test_export_is_the_filtered_listing_without_personal_data(client, world, refer):
    first = refer()
    clone(first, 2, status="succeeded")
    client.force_login(world.staff)
    url = reverse("hyte_referrals:inbox")
    rows = csv_rows(client.get(url, {"export": "csv"}))  # default: open only
    assert rows[0] == EXPORT_HEADINGS
    assert [row[0] for row in rows[1:]] == [first.short_reference]
    assert rows[1][1:6] == [
        world.activity.title,
        world.partner.name,
        "Sent",
        local_date(first.sent_at).isoformat(),
        first.due_date.isoformat(),
    ]
    assert len(csv_rows(client.get(url, {"export": "csv", "status": "succeeded"}))) == 3
    everything = body(client.get(url, {"export": "csv", "status": "all"})).decode().lower()
    assert not any(needle in everything for needle in CLIENT_NEEDLES)
    client.force_login(world.professional)
    mine = xlsx_rows(client.get(reverse("hyte_referrals:mine"), {"export": "xlsx"}))
    assert len(mine) == 4 and mine[0] == EXPORT_HEADINGS


def test_partner_and_activity_filters_only_for_several(client, world, two_partners):
    other = world.other_partner
    client.force_login(world.other_staff)
    page = body(client.get(reverse("hyte_referrals:inbox"))).decode()
    assert 'name="status"' in page
    assert 'name="partner"' not in page  # one partner: nothing to choose
    assert 'name="activity"' in page  # two activities in this inbox
    assert world.partner.name not in page

    PartnerMembership.objects.create(partner=other, user=world.staff)
    client.force_login(world.staff)
    url = reverse("hyte_referrals:inbox_results")
    page = body(client.get(reverse("hyte_referrals:inbox"))).decode()
    assert 'name="partner"' in page and other.name in page
    assert two_partners["own"].short_reference in page
    only_other = body(client.get(url, {"partner": other.pk})).decode()
    assert two_partners["own"].short_reference not in only_other
    assert all(r.short_reference in only_other for r in two_partners["others"])
    by_activity = body(client.get(url, {"activity": two_partners["other_activity"].pk})).decode()
    assert [r.short_reference in by_activity for r in two_partners["others"]] == [
        False,
        False,
        True,
    ]


def test_inbox_orders_by_contact_due_and_can_be_reordered(client, world, refer):
    first = refer()
    sent, today = first.sent_at, local_date()
    (late,) = clone(first, 1, due_date=today - timedelta(3), sent_at=sent - timedelta(1))
    (later,) = clone(first, 1, due_date=today + timedelta(30), sent_at=sent - timedelta(2))
    client.force_login(world.staff)
    url = reverse("hyte_referrals:inbox")
    page = body(client.get(url)).decode()
    order = [page.index(r.short_reference) for r in (late, first, later)]
    assert order == sorted(order)  # the overdue first
    page = body(client.get(url, {"ordering": "-due_date"})).decode()
    order = [page.index(r.short_reference) for r in (later, first, late)]
    assert order == sorted(order)
    client.force_login(world.professional)
    page = body(client.get(reverse("hyte_referrals:mine"), {"ordering": "nonsense"})).decode()
    order = [page.index(r.short_reference) for r in (first, late, later)]
    assert order == sorted(order)  # an unknown ordering: the default, newest sent first


@pytest.mark.parametrize(
    ("role", "sees_partner"),
    [("coordinator", True), ("staff", True), ("other_staff", False)],
)
def test_figures_report_and_export(client, world, refer, role, sees_partner):
    refer()
    client.force_login(getattr(world, role))
    url = reverse("hyte_referrals:figures")
    page = body(client.get(url)).decode()
    assert (world.partner.name in page) == sees_partner
    rows = csv_rows(client.get(url, {"export": "csv"}))
    assert rows[0][:4] == ["Partner", "Referrals", "Open", "Overdue"]
    if sees_partner:
        # One referral: a small cell, "< 5" in the export too (never the number).
        assert rows[1][:4] == [world.partner.name, "< 5", "< 5", "0"]
    else:
        assert rows[1:] == []
    assert xlsx_rows(client.get(url, {"export": "xlsx"}))[0][0] == "Partner"
