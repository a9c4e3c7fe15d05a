"""Measure 5: page views on days a referral was offered, from the monthly rollup
built over the agreements' version history (not their present state)."""

from datetime import date

import pytest
from django.core.management import call_command

from tests.followup import data
from wagtail_hyte.followup.measures import measure
from wagtail_hyte.followup.models import ViewMonth
from wagtail_hyte.followup.rollups import rebuild, rebuild_recent
from wagtail_hyte.followup.scope import Scope

pytestmark = pytest.mark.django_db

# The data set's fixtures and helpers (tests/followup/data.py).
notices, world = data.notices, data.world
TODAY = data.TODAY

FEB_MAR = Scope(date(2025, 2, 1), date(2025, 3, 1))


@pytest.fixture
def views(world):
    from wagtail_hyte.metrics.models import ActivityViewDay

    for page, day, n in [
        (world.a, date(2025, 2, 5), 3),  # before X's validity: not offered
        (world.a, date(2025, 2, 15), 10),  # offered (X covers A)
        (world.a, date(2025, 3, 10), 4),  # offered
        (world.a, date(2025, 3, 13), 1),  # X suspended all day: not offered
        (world.a, date(2025, 3, 25), 2),  # after X's validity: not offered
        (world.d, date(2025, 2, 20), 5),  # D covered only from 1 March
        (world.d, date(2025, 3, 5), 7),  # offered
        (world.b, date(2025, 2, 15), 6),  # comparable (nature, Jyväskylä)
        (world.b, date(2025, 3, 15), 8),
        (world.c, date(2025, 2, 15), 100),  # another theme: not comparable
    ]:
        ActivityViewDay.objects.create(date=day, page=page, views=n)
    return world


def rollup():
    return {(r.month, r.page_id, r.offered): (r.views, r.days) for r in ViewMonth.objects.all()}


def test_the_rollup_follows_the_agreement_on_each_day(views):
    w = views
    rebuild(date(2025, 2, 1), date(2025, 3, 1), today=TODAY)
    feb, mar = date(2025, 2, 1), date(2025, 3, 1)
    assert rollup() == {
        # A: offered 10-28 February (19 days) and 1-20 March but 13 March (19 days).
        (feb, w.a.pk, True): (10, 19),
        (feb, w.a.pk, False): (3, 9),
        (mar, w.a.pk, True): (4, 19),
        (mar, w.a.pk, False): (3, 12),
        # D: added to the agreement on 1 March; today's coverage does not go back.
        (feb, w.d.pk, False): (5, 28),
        (mar, w.d.pk, True): (7, 19),
        (mar, w.d.pk, False): (0, 12),
        (feb, w.b.pk, False): (6, 28),
        (mar, w.b.pk, False): (8, 31),
        (feb, w.c.pk, False): (100, 28),
        (mar, w.c.pk, False): (0, 31),
    }
    # Comparable: no offer in the month, a theme and a municipality shared with a
    # page that had one (C's theme is another; A and D offered in March).
    comparable = set(ViewMonth.objects.filter(comparable=True).values_list("month", "page_id"))
    assert comparable == {(feb, w.d.pk), (feb, w.b.pk), (mar, w.b.pk)}
    assert not ViewMonth.objects.filter(offered=True, comparable=True).exists()


def test_the_measure_compares_offering_pages_with_comparable_ones(views):
    rebuild(date(2025, 2, 1), date(2025, 3, 1), today=TODAY)
    m = measure("views_offered", FEB_MAR, today=TODAY)
    row = {r.key: [cell.value for cell in r.values] for r in m.rows}
    assert not m.protected
    assert row["offered_views"] == [10, 11]
    assert row["offered_pages"] == [1, 2]
    # February: D and B (C has another theme, A offered); March: B only.
    assert row["comparable_views"] == [11, 8]
    assert row["comparable_pages"] == [2, 1]
    assert row["offered_rate"] == [round(30 * 10 / 19, 1), round(30 * 11 / 38, 1)]
    assert row["comparable_rate"] == [round(30 * 11 / 56, 1), round(30 * 8 / 31, 1)]


def test_the_measure_filters_through_the_page(views):
    w = views
    rebuild(date(2025, 2, 1), date(2025, 3, 1), today=TODAY)

    def rows(**filters):
        m = measure("views_offered", Scope(FEB_MAR.start, FEB_MAR.end, **filters), today=TODAY)
        return {r.key: [cell.value for cell in r.values] for r in m.rows}

    by_partner = rows(partner_id=w.p.pk)
    assert by_partner["offered_views"] == [10, 11]
    assert by_partner["comparable_views"] == [5, 0]  # D in February
    culture = rows(theme_id=w.c.themes.get().pk)
    assert culture["offered_views"] == [0, 0] and culture["comparable_views"] == [0, 0]
    assert rows(municipality_id=w.jkl.pk)["comparable_views"] == [11, 8]
    assert rows(municipality_id=w.keuruu.pk)["offered_views"] == [0, 0]


def test_rebuilding_replaces_the_months_and_the_command_backfills(views, settings):
    rebuild(date(2025, 2, 1), date(2025, 2, 1), today=TODAY)
    assert {month for month, _page, _offered in rollup()} == {date(2025, 2, 1)}
    first = rollup()
    rebuild(date(2025, 2, 1), date(2025, 2, 1), today=TODAY)
    assert rollup() == first
    call_command("hyte_followup_rollup", "--since", "2025-02")
    months = {month for month, _page, _offered in rollup()}
    assert min(months) == date(2025, 2, 1) and date(2025, 3, 1) in months


def test_the_daily_job_rebuilds_this_and_last_month(views):
    from wagtail_hyte.core.daily import get_jobs

    assert "followup.views" in [job.name for job in get_jobs()]
    rebuild_recent(today=date(2025, 3, 31))
    assert {month for month, _page, _offered in rollup()} == {date(2025, 2, 1), date(2025, 3, 1)}
