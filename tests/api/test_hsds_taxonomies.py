"""HSDS /taxonomies and /taxonomy_terms: themes, target groups and accessibility features."""

import pytest

from tests.api.hsds_schema import fetch, fetch_error
from wagtail_hyte.activities.models import AccessibilityFeature, TargetGroup, Theme
from wagtail_hyte.api.hsds import ids
from wagtail_hyte.api.hsds.taxonomies import TAXONOMIES

pytestmark = pytest.mark.django_db


def test_taxonomies(client, taxonomies, english):
    body = fetch(client, "taxonomies")
    assert body["total_items"] == 3 and body["total_pages"] == 1
    assert [t["name"] for t in body["contents"]] == [
        "Wellbeing themes",
        "Target groups",
        "Accessibility features",
    ]
    themes = TAXONOMIES[0]
    assert fetch(client, "taxonomy", themes.id) == body["contents"][0]
    assert fetch(client, "taxonomies", search="target")["total_items"] == 1
    assert fetch_error(client, "taxonomy", 404, ids.make("taxonomy", 99))["code"] == "not_found"


def test_terms_of_every_taxonomy(client, taxonomies, english):
    total = Theme.objects.count() + TargetGroup.objects.count()
    total += AccessibilityFeature.objects.count()
    body = fetch(client, "taxonomy_terms", per_page=100)
    assert body["total_items"] == total == len(body["contents"])
    nature = next(t for t in body["contents"] if t["code"] == "nature")
    assert nature["name"] == "Nature"
    assert nature["language"] == "en"
    assert nature["description"] == "Luonto / Natur / Nature"
    assert nature["taxonomy_id"] == TAXONOMIES[0].id
    assert nature["taxonomy_detail"]["name"] == "Wellbeing themes"
    assert fetch(client, "taxonomy_term", nature["id"]) == nature


def test_term_filters_combine(client, taxonomies):
    groups = TAXONOMIES[1]
    body = fetch(client, "taxonomy_terms", taxonomy_id=groups.id, per_page=100)
    assert body["total_items"] == TargetGroup.objects.count()
    assert {t["taxonomy_id"] for t in body["contents"]} == {groups.id}
    # Finnish, Swedish or English name, within the chosen taxonomy only.
    assert [
        t["code"] for t in fetch(client, "taxonomy_terms", search="ikäihmiset")["contents"]
    ] == ["older-people"]
    assert (
        fetch(client, "taxonomy_terms", taxonomy_id=TAXONOMIES[0].id, search="äldre")["contents"]
        == []
    )
    # The terms are flat: none is a child, all are top-level.
    some_term = ids.of(Theme.objects.first())
    assert fetch(client, "taxonomy_terms", parent_id=some_term)["total_items"] == 0
    every = fetch(client, "taxonomy_terms")["total_items"]
    assert fetch(client, "taxonomy_terms", top_only="true")["total_items"] == every


def test_unknown_term_is_404(client, taxonomies):
    theme = Theme.objects.first()
    missing = ids.make(ids.kind_of(Theme), 10**6)
    assert fetch_error(client, "taxonomy_term", 404, missing)["code"] == "not_found"
    theme_id = ids.of(theme)
    theme.delete()
    assert fetch_error(client, "taxonomy_term", 404, theme_id)["code"] == "not_found"


def test_names_follow_accept_language(client, taxonomies):
    nature = ids.of(Theme.objects.get(slug="nature"))
    response = client.get(f"/api/hsds/taxonomy_terms/{nature}", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.json()["name"] == "Natur" and response.json()["language"] == "sv"
    assert response["Content-Language"] == "sv"
