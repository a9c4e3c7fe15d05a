"""The catalogue listing: each filter alone and combined, counts, search, sorting,
hidden activities, empty state and a fixed number of queries."""

from datetime import time, timedelta

import pytest
from django.http import QueryDict

from wagtail_hyte.activities.catalogue import build_listing

pytestmark = pytest.mark.django_db


def listing(catalogue, today, query=""):
    return build_listing(catalogue, QueryDict(query), today=today, page_size=50)


def titles(result):
    return sorted(page.title for page in result.results)


def options(result, name):
    state = next(f for f in result.filters if f.name == name)
    return {o.value: o.count for o in state.options}


@pytest.fixture
def sample(make_activity, make_partner, future, today):
    """Five activities that differ in every facet."""
    return {
        "walk": make_activity(
            "Luontokävely",
            themes=["nature", "physical-activity"],
            target_groups=["older-people"],
            municipalities=["179"],
            weekly=[(0, time(10))],
            min_age=65,
            cost_type="free",
            languages=["fi"],
            accessibility=["step-free"],
            format="in_person",
        ),
        "gym": make_activity(
            "Kuntosali",
            themes=["physical-activity"],
            target_groups=["working-age"],
            municipalities=["992"],
            weekly=[(2, time(18))],
            min_age=18,
            max_age=64,
            cost_type="paid",
            languages=["fi", "sv"],
            format="in_person",
        ),
        "digi": make_activity(
            "Digituki",
            themes=["digital-skills"],
            target_groups=["older-people"],
            municipalities=["179", "410"],
            weekly=[(1, time(13))],
            cost_type="free",
            languages=["fi", "en"],
            accessibility=["step-free", "induction-loop"],
            format="hybrid",
        ),
        "culture": make_activity(
            "Teatteri-ilta",
            themes=["culture"],
            target_groups=["everyone"],
            municipalities=["410"],
            # A Saturday at least a week ahead: the weekday filters never match it.
            meetings=[future(7 + (5 - today.weekday()) % 7)],
            cost_type="paid",
            languages=["fi"],
            format="in_person",
        ),
        "online": make_activity(
            "Etävertaisryhmä",
            themes=["peer-support", "mental-wellbeing"],
            target_groups=["young-people"],
            municipalities=["179"],
            weekly=[(0, time(19))],
            min_age=13,
            max_age=29,
            cost_type="free",
            languages=["fi"],
            format="online",
        ),
    }


def test_without_filters_lists_every_current_activity(catalogue, sample, today):
    result = listing(catalogue, today)
    assert result.total == 5
    assert options(result, "municipality") == {"179": 3, "992": 1, "410": 2}
    assert options(result, "free") == {"1": 3}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("municipality=179", ["Digituki", "Etävertaisryhmä", "Luontokävely"]),
        ("theme=physical-activity", ["Kuntosali", "Luontokävely"]),
        ("target_group=older-people", ["Digituki", "Luontokävely"]),
        ("age=70", ["Digituki", "Luontokävely", "Teatteri-ilta"]),
        ("age=20", ["Digituki", "Etävertaisryhmä", "Kuntosali", "Teatteri-ilta"]),
        ("free=1", ["Digituki", "Etävertaisryhmä", "Luontokävely"]),
        ("language=sv", ["Kuntosali"]),
        ("format=online", ["Digituki", "Etävertaisryhmä"]),
        ("format=in_person", ["Digituki", "Kuntosali", "Luontokävely", "Teatteri-ilta"]),
        ("accessibility=induction-loop", ["Digituki"]),
        ("day=mon", ["Etävertaisryhmä", "Luontokävely"]),
        ("time=evening", ["Etävertaisryhmä", "Kuntosali", "Teatteri-ilta"]),
        ("time=morning", ["Luontokävely"]),
    ],
)
def test_each_filter_alone(catalogue, sample, today, query, expected):
    result = listing(catalogue, today, query)
    assert titles(result) == expected
    assert result.total == len(expected)


def test_filters_combine_with_and(catalogue, sample, today):
    result = listing(catalogue, today, "municipality=179&free=1&day=mon&age=70")
    assert titles(result) == ["Luontokävely"]


def test_counts_leave_out_the_facets_own_choice(catalogue, sample, today):
    result = listing(catalogue, today, "municipality=179&free=1")
    # Municipality counts apply the other filter (free) but not the municipality itself.
    assert options(result, "municipality") == {"179": 3, "992": 0, "410": 1}
    # Theme counts apply both filters.
    themes = options(result, "theme")
    assert themes["nature"] == 1 and themes["digital-skills"] == 1 and themes["culture"] == 0
    assert options(result, "free") == {"1": 3}
    selected = [o.value for f in result.filters for o in f.options if o.selected]
    assert selected == ["179", "1"]


def test_unknown_or_malformed_values_give_no_results_not_errors(catalogue, sample, today):
    assert listing(catalogue, today, "theme=no-such-theme").total == 0
    assert listing(catalogue, today, "age=abc").total == 5  # ignored
    assert listing(catalogue, today, "municipality=%27%3B--").total == 5  # ignored


def test_search_finds_by_words_and_combines_with_filters(catalogue, sample, today):
    assert titles(listing(catalogue, today, "q=Kuntosali")) == ["Kuntosali"]
    assert titles(listing(catalogue, today, "q=Digituki&municipality=992")) == []
    result = listing(catalogue, today, "q=Digituki&municipality=410")
    assert titles(result) == ["Digituki"]
    assert result.sort == "relevance"


def test_sorting(catalogue, sample, today):
    newest = listing(catalogue, today, "sort=newest").results
    assert newest[0].title == "Etävertaisryhmä"
    soonest = [p.title for p in listing(catalogue, today, "sort=soonest").results]
    assert soonest.index("Teatteri-ilta") > soonest.index("Kuntosali")  # 10 days away
    assert listing(catalogue, today, "sort=relevance").sort == "soonest"  # no query: the default


def test_hidden_activities(catalogue, make_activity, today, future):
    visible = make_activity("Näkyvä")
    make_activity("Päättynyt", status="ended")
    make_activity("Tauolla", status="paused")
    make_activity("Vanhentunut", valid_until=today - timedelta(days=1))
    make_activity("Tulossa", valid_from=future(5))
    make_activity("Ohi mennyt", meetings=[today - timedelta(days=3)])
    draft = make_activity("Luonnos")
    draft.unpublish()
    other_catalogue = catalogue.get_parent().add_child(
        instance=type(catalogue)(title="Muu", slug="muu")
    )
    make_activity("Muualla", parent=other_catalogue)
    result = listing(catalogue, today)
    assert titles(result) == [visible.title]


def test_restricted_pages_are_hidden(catalogue, make_activity, today):
    from wagtail.models import PageViewRestriction

    make_activity("Julkinen")
    secret = make_activity("Salainen")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    assert titles(listing(catalogue, today)) == ["Julkinen"]


def test_pagination(catalogue, make_activity, today):
    for n in range(7):
        make_activity(f"T{n}")
    first = build_listing(catalogue, QueryDict(""), today=today, page_size=3)
    third = build_listing(catalogue, QueryDict("page=3"), today=today, page_size=3)
    beyond = build_listing(catalogue, QueryDict("page=9"), today=today, page_size=3)
    assert (first.total, first.num_pages, len(first.results)) == (7, 3, 3)
    assert (third.total, len(third.results), third.first_index) == (7, 1, 7)
    # Past the last page: the last page (test_catalogue_display.py).
    assert (beyond.total, beyond.page_number, beyond.results) == (7, 3, third.results)


def test_index_page_renders_filters_counts_and_results(client, catalogue, sample):
    response = client.get(catalogue.url, {"municipality": "179", "free": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Luontokävely" in html and "Kuntosali" not in html
    assert 'name="municipality"' in html and 'value="179" selected' in html
    assert 'name="q"' in html and 'name="age"' in html and 'name="day"' in html
    assert "(3)" in html


def test_empty_state(client, catalogue, sample):
    response = client.get(catalogue.url, {"q": "olematonhakusana"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="hyte-empty"' in html
    assert "Luontokävely" not in html


def test_ended_activity_stays_reachable_with_notice(client, make_activity):
    ended = make_activity("Kevään kurssi", status="ended")
    response = client.get(ended.url)
    assert response.status_code == 200
    assert "hyte-notice--ended" in response.content.decode()


@pytest.mark.parametrize("page_size", [2, 25])
@pytest.mark.parametrize("count", [3, 30])
def test_listing_query_count_is_fixed(
    client, catalogue, make_activity, settings, django_assert_max_num_queries, page_size, count
):
    for n in range(count):
        make_activity(
            f"Ryhmä {n}",
            themes=["nature", "culture"][: 1 + n % 2],
            municipalities=["179", "992"][: 1 + n % 2],
            accessibility=["step-free"],
            languages=["fi", "sv"],
            cost_type="free" if n % 2 else "paid",
        )
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "CATALOGUE_PAGE_SIZE": page_size}
    # 12 for the listing, +2: the results' meetings and weekly times (the next
    # time on cards), +1: whether referrals can be made (once per request).
    # A search adds the synonyms of its words (+1); a search that finds nothing
    # adds the typo correction (+5: the known words on a cold cache, one more search).
    for params, budget in (
        ({}, 15),
        ({"q": "Ryhmä", "municipality": "179", "theme": "nature", "free": "1", "age": "40"}, 16),
        ({"language": "sv", "day": "mon", "time": "morning", "sort": "soonest", "page": "2"}, 15),
        ({"q": "olematon", "accessibility": "step-free"}, 21),
    ):
        with django_assert_max_num_queries(budget):
            response = client.get(catalogue.url, params)
        assert response.status_code == 200


@pytest.mark.postgres
def test_finnish_stemming_on_postgresql(catalogue, make_activity, today, settings):
    """With the database backend's "finnish" configuration, inflected forms match."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "finnish"}
    }
    make_activity("Metsäretki", summary="Kävelemme rauhassa metsässä ja keitämme kahvit.")
    make_activity("Kuntosali", summary="Lihasvoimaa ohjaajan kanssa.")
    assert titles(listing(catalogue, today, "q=metsä")) == ["Metsäretki"]
    assert titles(listing(catalogue, today, "q=kahvi")) == ["Metsäretki"]
