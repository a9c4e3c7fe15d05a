"""The listing cache: hits reuse counts and result ids, every change that can
alter a listing shows at once (the catalogue version in the database), filters
declared non-cacheable are always computed, and a warm request is cheap."""

from datetime import time, timedelta
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from wagtail import hooks
from wagtail.models import PageViewRestriction

from wagtail_hyte.activities import cache as listing_cache
from wagtail_hyte.activities import catalogue as catalogue_module
from wagtail_hyte.activities.catalogue import build_listing
from wagtail_hyte.activities.filters import FILTERS_HOOK, ActivityFilter
from wagtail_hyte.activities.models import ActivityPage, CatalogueVersion, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def listing(catalogue, today, query=""):
    return build_listing(catalogue, QueryDict(query), today=today, page_size=50)


def titles(result):
    return sorted(page.title for page in result.results)


def options(result, name):
    state = next(f for f in result.filters if f.name == name)
    return {o.value: o.count for o in state.options if o.count}


@pytest.fixture
def counted(monkeypatch):
    """How many times the counts were computed (not read from the cache)."""
    calls = []
    original = catalogue_module._count_rows

    def spy(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(catalogue_module, "_count_rows", spy)
    return calls


@pytest.fixture
def two(make_activity):
    return (
        make_activity("Luontokävely", themes=["nature"], municipalities=["179"]),
        make_activity("Kuntosali", themes=["physical-activity"], municipalities=["992"]),
    )


def test_cache_hit_reuses_counts_and_result_ids(
    catalogue, two, today, counted, django_assert_num_queries
):
    first = listing(catalogue, today, "municipality=179")
    assert len(counted) == 1
    # Warm: the version, then the result pages themselves with their meetings
    # and weekly times (the next time on cards), and whether referrals can be
    # made (the referral filter is only offered then); nothing else.
    with django_assert_num_queries(5):
        second = listing(catalogue, today, "municipality=179")
    assert len(counted) == 1
    assert titles(second) == titles(first) == ["Luontokävely"]
    assert second.total == first.total == 1
    assert options(second, "theme") == options(first, "theme") == {"nature": 1}
    assert options(second, "municipality") == {"179": 1, "992": 1}
    # Other criteria, sort or page are other entries.
    listing(catalogue, today, "municipality=992")
    assert len(counted) == 2
    assert titles(listing(catalogue, today, "sort=soonest")) == ["Kuntosali", "Luontokävely"]


def test_cached_results_show_the_saved_content(catalogue, two, today):
    listing(catalogue, today)
    ActivityPage.objects.filter(pk=two[0].pk).update(summary="Uusi kuvaus")
    result = listing(catalogue, today)
    assert {p.title: p.summary for p in result.results}["Luontokävely"] == "Uusi kuvaus"


def test_publishing_a_new_activity_shows_at_once(catalogue, two, make_activity, today):
    assert listing(catalogue, today).total == 2
    make_activity("Digituki", themes=["nature"])
    result = listing(catalogue, today)
    assert result.total == 3
    assert options(result, "theme")["nature"] == 2


def test_unpublishing_shows_at_once(catalogue, two, today):
    assert listing(catalogue, today, "theme=nature").total == 1
    two[0].unpublish()
    result = listing(catalogue, today, "theme=nature")
    assert result.total == 0
    assert "nature" not in options(listing(catalogue, today), "theme")


def test_publishing_an_edit_that_changes_a_facet_shows_at_once(catalogue, two, today):
    before = listing(catalogue, today)
    assert options(before, "theme") == {"nature": 1, "physical-activity": 1}
    page = ActivityPage.objects.get(pk=two[0].pk)
    page.themes = list(Theme.objects.filter(slug="culture"))
    page.save_revision().publish()
    after = listing(catalogue, today)
    assert options(after, "theme") == {"culture": 1, "physical-activity": 1}
    assert titles(listing(catalogue, today, "theme=culture")) == ["Luontokävely"]


def test_a_draft_keeps_the_live_listing(catalogue, two, today):
    page = ActivityPage.objects.get(pk=two[0].pk)
    page.themes = list(Theme.objects.filter(slug="culture"))
    page.save_revision()
    assert options(listing(catalogue, today), "theme") == {"nature": 1, "physical-activity": 1}


def test_deleting_shows_at_once(catalogue, two, today):
    assert listing(catalogue, today, "municipality=992").total == 1
    two[1].delete()
    assert listing(catalogue, today, "municipality=992").total == 0
    assert listing(catalogue, today).total == 1


def test_moving_out_of_the_catalogue_shows_at_once(catalogue, two, home_page, today):
    assert listing(catalogue, today).total == 2
    two[1].move(home_page, pos="last-child")
    assert titles(listing(catalogue, today)) == ["Luontokävely"]


def test_view_restriction_shows_at_once(catalogue, two, today):
    assert listing(catalogue, today).total == 2
    restriction = PageViewRestriction.objects.create(
        page=two[0], restriction_type="password", password="x"
    )
    assert titles(listing(catalogue, today)) == ["Kuntosali"]
    restriction.delete()
    assert listing(catalogue, today).total == 2


def test_renaming_a_term_shows_at_once(catalogue, two, today):
    assert options(listing(catalogue, today), "theme")["nature"] == 1
    theme = Theme.objects.get(slug="nature")
    theme.name_fi = "Luonto ja metsä"
    theme.save()
    state = next(f for f in listing(catalogue, today).filters if f.name == "theme")
    labels = {o.value: o.label for o in state.options}
    assert labels["nature"] in ("Luonto ja metsä", theme.name_en, theme.name_sv)
    theme.delete()
    assert "nature" not in options(listing(catalogue, today), "theme")


def test_a_new_day_shows_at_once(catalogue, make_activity, today):
    make_activity("Tänään", meetings=[today])
    make_activity("Viikoittain", weekly=[(0, time(10))])
    assert listing(catalogue, today).total == 2
    tomorrow = listing(catalogue, today + timedelta(days=1))
    assert titles(tomorrow) == ["Viikoittain"]
    assert tomorrow.total == 1


def test_refreshed_dates_show_at_once(catalogue, make_activity, today):
    page = make_activity("Kerran", meetings=[today + timedelta(days=3)])
    # Stale dates (as if computed long ago): hidden.
    ActivityPage.objects.filter(pk=page.pk).update(
        next_date=None, last_date=today - timedelta(days=1)
    )
    listing_cache.bump()
    assert listing(catalogue, today).total == 0
    # The daily refresh recomputes them and changes the version.
    call_command("hyte_refresh_activities", stdout=StringIO())
    assert listing(catalogue, today).total == 1


def test_version_changes_in_the_same_transaction(catalogue, two):
    before = listing_cache.current_version()
    with transaction.atomic():
        two[0].unpublish()
        inside = listing_cache.current_version()
    assert inside != before
    assert listing_cache.current_version() == inside


def test_no_version_row_means_no_cache(catalogue, two, today, counted):
    CatalogueVersion.objects.all().delete()
    listing(catalogue, today)
    listing(catalogue, today)
    assert len(counted) == 2
    listing_cache.bump()
    assert CatalogueVersion.objects.count() == 1


def test_cache_can_be_switched_off(catalogue, two, today, counted, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "CATALOGUE_CACHE": None}
    listing(catalogue, today)
    listing(catalogue, today)
    assert len(counted) == 2


class OutsideFilter(ActivityFilter):
    """A filter whose result changes outside the catalogue (no version change)."""

    name = "outside"
    label = "Outside"
    widget = "checkbox"
    cacheable = False
    allowed: set = set()

    def parse(self, raw):
        return "1" if raw == "1" else None

    def q(self, value):
        from django.db.models import Q

        return Q(pk__in=sorted(self.allowed))


def test_non_cacheable_filters_are_never_served_from_the_cache(catalogue, two, today, counted):
    OutsideFilter.allowed = {two[0].pk}
    with hooks.register_temporarily(FILTERS_HOOK, OutsideFilter):
        assert titles(listing(catalogue, today, "outside=1")) == ["Luontokävely"]
        OutsideFilter.allowed = {two[1].pk}
        result = listing(catalogue, today, "outside=1")
        assert titles(result) == ["Kuntosali"]
        assert options(result, "theme") == {"physical-activity": 1}
        assert len(counted) == 2
        # Without the filter chosen, the listing is cached as usual.
        listing(catalogue, today)
        listing(catalogue, today)
        assert len(counted) == 3


@pytest.mark.parametrize(
    "params", [{}, {"municipality": "179", "theme": "nature"}, {"q": "Luontokävely"}]
)
def test_warm_request_query_count(client, catalogue, two, params, django_assert_max_num_queries):
    assert client.get(catalogue.url, params).status_code == 200
    # Six framework queries (site, routing, view restrictions), the version,
    # the result pages with their meetings and weekly times, the badges, and
    # the search hits (never cached: the search index has its own schedule)
    # and usage counter, or the service paths,
    # and whether referrals can be made (one query per request, for the filter,
    # the badges and the actions together); a search also reads its words'
    # synonyms (never cached: an editor's change applies at once).
    with django_assert_max_num_queries(15 if "q" in params else 14):
        response = client.get(catalogue.url, params)
    assert response.status_code == 200
    assert response.context["listing"].total >= 1
