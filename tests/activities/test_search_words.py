"""Catalogue search: plain words, a complete index however a page is saved, synonyms,
typo correction, and query syntax that never reaches the backend.

The demo is loaded once for this module (``demo``); tests that make their own
activities use the ``catalogue`` fixtures instead.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from tests.factories import default_organiser
from tests.helpers import module_data
from wagtail_hyte.activities import search
from wagtail_hyte.activities.catalogue import build_listing, candidates
from wagtail_hyte.activities.denormalise import refresh_activities
from wagtail_hyte.activities.models import (
    ActivityIndexPage,
    ActivityPage,
    SearchSynonym,
    TargetGroup,
    Theme,
)
from wagtail_hyte.activities.models.synonyms import seed_synonyms

pytestmark = pytest.mark.django_db

SYNTAX_QUERIES = ['"liikunta', "'\"<script>", "(", "AND OR", "*", 'liikunta" OR (', "-", "'"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """``hyte_load_demo`` once for the module (rolled back after its last test)."""
    with module_data(django_db_blocker):
        with django_db_blocker.unblock():
            with override_settings(DEBUG=True):
                call_command("hyte_load_demo", stdout=StringIO())
            seed_synonyms(SearchSynonym)  # a flushing test elsewhere removes the migrated rows
        yield


@pytest.fixture
def index_page(demo, db):
    return ActivityIndexPage.objects.get(slug="hyvinvointitarjotin")


def listing(index_page, query, **params):
    today = timezone.localdate()
    return build_listing(
        index_page, QueryDict(urlencode({"q": query, **params})), today=today, page_size=500
    )


def found(index_page, query, **params) -> set[int]:
    return {page.pk for page in listing(index_page, query, **params).results}


def current(index_page):
    return candidates(index_page, timezone.localdate())


# --- words -------------------------------------------------------------------------


def test_words_are_plain_lower_case_words_without_query_syntax():
    assert search.words('"Liikunta" AND (Jyväskylä OR -kuntosali)*') == [
        "liikunta",
        "jyväskylä",
        "kuntosali",
    ]
    assert search.words("Digi-tuki, 70+ ikäihmiset; Åbo–Turku") == [
        "digi-tuki",
        "70",
        "ikäihmiset",
        "åbo",
        "turku",
    ]
    assert search.words("--  ' \" ( ) * AND OR NOT") == []
    assert search.words("and or") == ["and", "or"]  # in lower case they are words
    assert search.words("kuntosali Kuntosali KUNTOSALI") == ["kuntosali"]
    assert len(search.words(" ".join(f"sana{n}" for n in range(20)))) == search.MAX_WORDS


def test_query_joins_words_with_and_and_synonyms_with_or():
    query = search.build_query(
        ["jumppa", "digi-tuki"], {"jumppa": ["liikunta", "mielen hyvinvointi"]}
    )
    assert repr(query) == (
        "<And <Or <PlainText 'jumppa' operator='and' boost=1> "
        "<PlainText 'liikunta' operator='and' boost=1> "
        "<PlainText 'mielen hyvinvointi' operator='and' boost=1>> "
        "<Or <PlainText 'digi tuki' operator='and' boost=1> "
        "<PlainText 'digituki' operator='and' boost=1>>>"
    )


# --- the demo ------------------------------------------------------------------------


def test_every_theme_name_finds_every_activity_with_that_theme(index_page):
    themes = list(Theme.objects.all())
    assert themes
    for theme in themes:
        expected = set(current(index_page).filter(themes=theme).values_list("pk", flat=True))
        assert expected, theme.slug
        for name in (theme.name_fi, theme.name_fi.lower(), theme.name_sv):
            assert expected <= found(index_page, name), name


def test_liikunta_and_luonto_find_every_activity_with_the_theme(index_page):
    """The issue's examples: the demo loader's pages are indexed with their themes."""
    for slug, word in (("physical-activity", "liikunta"), ("nature", "luonto")):
        expected = set(current(index_page).filter(themes__slug=slug).values_list("pk", flat=True))
        assert len(expected) >= 4
        assert expected <= found(index_page, word)


def test_target_groups_and_municipalities_are_indexed(index_page):
    group = TargetGroup.objects.get(slug="carers")
    expected = set(current(index_page).filter(target_groups=group).values_list("pk", flat=True))
    assert expected and expected <= found(index_page, group.name_fi)
    in_keuruu = set(
        current(index_page).filter(municipalities__code="249").values_list("pk", flat=True)
    )
    assert in_keuruu and in_keuruu <= found(index_page, "Keuruu")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_example_words_under_the_search_box_each_find_something(index_page, client, language):
    with translation.override(language):
        help_text = translation.gettext("For example: walking, memory, digital help.")
    examples = [part.strip(" .") for part in help_text.split(":", 1)[1].split(",")]
    assert len(examples) == 3
    for example in examples:
        result = listing(index_page, example)
        assert result.total > 0, example
        assert result.corrected_query == "", example


def test_synonyms_expand_a_word_and_words_are_still_and_ed(index_page):
    exercise = set(
        current(index_page).filter(themes__slug="physical-activity").values_list("pk", flat=True)
    )
    assert SearchSynonym.objects.get(word="jumppa").equivalent_list()[0] == "liikunta"
    assert exercise <= found(index_page, "jumppa")
    in_jyvaskyla = set(
        current(index_page).filter(municipalities__code="179").values_list("pk", flat=True)
    )
    both = found(index_page, "jumppa Jyväskylä")
    assert both and both <= in_jyvaskyla
    assert (exercise & in_jyvaskyla) <= both


def test_a_synonym_an_editor_adds_is_used_at_once(index_page):
    assert found(index_page, "salitreeni") == set()
    SearchSynonym.objects.create(word="Salitreeni", equivalents="kuntosali,\nkuntosaliryhmä")
    gyms = current(index_page).filter(title__icontains="kuntosali")
    gyms = set(gyms.values_list("pk", flat=True))
    assert gyms and found(index_page, "salitreeni") == gyms
    assert SearchSynonym.objects.get(word="salitreeni").equivalents == "kuntosali, kuntosaliryhmä"


def test_a_typo_of_a_synonym_uses_the_synonym_saved_just_now(index_page):
    search.vocabulary()  # cached
    SearchSynonym.objects.create(word="hölkkä", equivalents="kuntosaliryhmä")
    gyms = current(index_page).filter(title__icontains="kuntosali")
    gyms = set(gyms.values_list("pk", flat=True))
    result = listing(index_page, "hölkä")
    assert result.corrected_query == "hölkkä"
    assert {page.pk for page in result.results} == gyms
    SearchSynonym.objects.get(word="hölkkä").delete()
    assert listing(index_page, "hölkä").corrected_query != "hölkkä"


def test_a_typo_is_corrected_to_the_closest_known_word(index_page, client):
    exact = found(index_page, "liikunta")
    result = listing(index_page, "liikutna")
    assert result.corrected_query == "liikunta"
    assert {page.pk for page in result.results} == exact
    both = listing(index_page, "liikutna Jyväskylä")
    assert both.corrected_query == "liikunta jyväskylä"
    assert both.total > 0
    response = client.get(index_page.url, {"q": "liikutna"})
    notice = "Näytetään tulokset haulle ”liikunta”: haulla ”liikutna” ei löytynyt mitään."
    assert notice in response.content.decode()
    assert listing(index_page, "liikunta").corrected_query == ""
    nothing = listing(index_page, "qwxzvbnm")
    assert (nothing.total, nothing.corrected_query) == (0, "")


@pytest.mark.parametrize("query", SYNTAX_QUERIES)
def test_query_syntax_answers_200(index_page, client, query):
    response = client.get(index_page.url, {"q": query})
    assert response.status_code == 200


def test_a_query_of_nothing_but_syntax_is_no_search(index_page):
    everything = listing(index_page, "")
    for query in ("(", "*", "\" '", "AND OR"):
        result = listing(index_page, query)
        assert (result.query, result.total) == ("", everything.total)
    quoted = listing(index_page, '"liikunta')
    assert quoted.query == '"liikunta'
    assert {p.pk for p in quoted.results} == found(index_page, "liikunta")


def test_search_query_counts(index_page, django_assert_num_queries):
    pages = ActivityPage.objects.live()
    with django_assert_num_queries(2):  # the words' synonyms, the search
        hits = search.search(pages, "liikunta", limit=500)
    assert hits.ids
    search.vocabulary()  # cached under the catalogue version
    # synonyms, search; the catalogue version (the vocabulary); the corrected search
    with django_assert_num_queries(4):
        hits = search.search(pages, "liikutna", limit=500)
    assert hits.corrected == "liikunta"
    # two words, nothing found: each word alone is searched once more
    with django_assert_num_queries(6):
        hits = search.search(pages, "liikutna jyväskylä", limit=500)
    assert hits.corrected == "liikunta jyväskylä"


# --- the index, however a page is saved ---------------------------------------------------


def test_the_index_follows_every_way_of_saving(catalogue):
    def hits(query):
        return set(search.search(ActivityPage.objects.live(), query, limit=50).ids)

    # As the demo loader does: add_child only, terms set on the unsaved page.
    page = ActivityPage(
        title="Lauantain ryhmä",
        slug="lauantain-ryhma",
        organiser=default_organiser(),
        summary="Yhteistä tekemistä.",
        schedule_type="weekly",
    )
    page.themes = list(Theme.objects.filter(slug="culture"))
    page.target_groups = list(TargetGroup.objects.filter(slug="carers"))
    catalogue.add_child(instance=page)
    assert page.pk in hits("Kulttuuri") and page.pk in hits("Omaishoitajat")

    # An edit published as in the admin: the new theme only.
    page.themes = list(Theme.objects.filter(slug="nature"))
    page.save_revision().publish()
    assert page.pk in hits("Luonto") and page.pk not in hits("Kulttuuri")

    # A term renamed (theme and target group): its activities are re-indexed.
    nature = Theme.objects.get(slug="nature")
    nature.name_fi = "Metsäluonto"
    nature.save()
    carers = TargetGroup.objects.get(slug="carers")
    carers.name_fi = "Läheishoitajat"
    carers.save()
    assert page.pk in hits("Metsäluonto") and page.pk in hits("Läheishoitajat")

    # A bulk change in SQL, then the refresh command's facet rebuild.
    ActivityPage.objects.filter(pk=page.pk).update(summary="Kuorolaulua ja kahvia.")
    assert page.pk not in hits("Kuorolaulua")
    refresh_activities(ActivityPage.objects.filter(pk=page.pk), facets=True)
    assert page.pk in hits("Kuorolaulua")
    call_command("hyte_refresh_activities", "--facets", stdout=StringIO())
    assert page.pk in hits("Metsäluonto")

    # Deleted: out of the index.
    page_pk = page.pk
    ActivityPage.objects.get(pk=page_pk).delete()
    assert not ActivityPage.objects.filter(pk=page_pk).exists()
    assert page_pk not in set(
        search.search(ActivityPage.objects.all(), "Metsäluonto", limit=50).ids
    )


# --- editors ---------------------------------------------------------------------------


def test_editors_manage_synonyms_in_the_hyte_menu(client, make_user):
    client.force_login(make_user("editor"))
    response = client.post(
        reverse("wagtailsnippets_wagtail_hyte_activities_searchsynonym:add"),
        {"word": "Sauvakävely", "equivalents": "kävely, liikunta"},
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.get(word="sauvakävely").equivalent_list() == [
        "kävely",
        "liikunta",
    ]
    response = client.post(
        reverse("wagtailsnippets_wagtail_hyte_activities_searchsynonym:add"),
        {"word": "kaksi sanaa", "equivalents": ", ,"},
    )
    assert response.status_code == 200
    assert not SearchSynonym.objects.filter(word="kaksi sanaa").exists()
    response = client.get(reverse("wagtailsnippets_wagtail_hyte_activities_searchsynonym:list"))
    assert "sauvakävely" in response.content.decode()
    client.force_login(make_user("professional"))
    response = client.get(reverse("wagtailsnippets_wagtail_hyte_activities_searchsynonym:list"))
    assert response.status_code in (302, 403)


# --- PostgreSQL ------------------------------------------------------------------------


@pytest.mark.postgres
def test_plain_words_synonyms_and_typos_on_postgresql(client, catalogue, make_activity, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "finnish"}
    }
    seed_synonyms(SearchSynonym)
    gym = make_activity("Kuntosaliryhmä", themes=["physical-activity"])
    walk = make_activity("Metsäretki", themes=["nature"])
    for query in SYNTAX_QUERIES:
        assert client.get(catalogue.url, {"q": query}).status_code == 200, query
    # (The demo, when an earlier test loaded it, is in another catalogue.)
    pages = ActivityPage.objects.live().descendant_of(catalogue)
    assert set(search.search(pages, '"liikunta', limit=50).ids) == {gym.pk}
    assert set(search.search(pages, "jumppa", limit=50).ids) == {gym.pk}
    assert set(search.search(pages, "luonto", limit=50).ids) == {walk.pk}
    typo = search.search(pages, "liikutna", limit=50)
    assert (typo.ids, typo.corrected) == ([gym.pk], "liikunta")
    assert search.search(pages, "(", limit=50) is None
