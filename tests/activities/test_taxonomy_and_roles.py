"""Taxonomies (seeded, editable, labels followed by the facets), extension hooks
and the editors' permissions."""

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from wagtail_hyte.activities.catalogue import build_listing
from wagtail_hyte.activities.extensions import Action, Badge
from wagtail_hyte.activities.facets import FacetValue
from wagtail_hyte.activities.filters import FacetFilter
from wagtail_hyte.activities.models import (
    AccessibilityFeature,
    ActivityFacet,
    ActivityPage,
    TargetGroup,
    Theme,
)
from wagtail_hyte.activities.taxonomy_seed import ACCESSIBILITY_FEATURES, TARGET_GROUPS, THEMES

pytestmark = pytest.mark.django_db


def test_taxonomies_are_seeded_in_three_languages(taxonomies):
    assert Theme.objects.count() >= len(THEMES)
    assert TargetGroup.objects.count() >= len(TARGET_GROUPS)
    assert AccessibilityFeature.objects.count() >= len(ACCESSIBILITY_FEATURES)
    nature = Theme.objects.get(slug="nature")
    for language, name in (("fi", "Luonto"), ("sv", "Natur"), ("en", "Nature")):
        with translation.override(language):
            assert str(nature) == name


def test_renaming_a_term_updates_listing_labels(make_activity, catalogue, today):
    page = make_activity(themes=["nature"])
    theme = Theme.objects.get(slug="nature")
    theme.name_fi = "Luonto ja ulkoilu"
    theme.save()
    assert ActivityFacet.objects.get(page=page, facet="theme").label_fi == "Luonto ja ulkoilu"
    with translation.override("fi"):
        assert ActivityPage.objects.get(pk=page.pk).card_labels["theme"] == ["Luonto ja ulkoilu"]
    theme.slug = "outdoors"
    theme.save()
    listing = build_listing(catalogue, QueryDict("theme=outdoors"), today=today)
    assert listing.total == 1
    theme.delete()
    assert not ActivityFacet.objects.filter(facet="theme", value="outdoors").exists()


def test_editors_manage_taxonomies_in_the_hyte_menu(client, make_user, taxonomies):
    editor = make_user("editor")
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_wagtail_hyte_activities_theme:list"))
    assert response.status_code == 200
    assert "Luonto" in response.content.decode()
    response = client.post(
        reverse("wagtailsnippets_wagtail_hyte_activities_theme:add"),
        {
            "name_fi": "Musiikki",
            "name_sv": "Musik",
            "name_en": "Music",
            "slug": "music",
            "sort_order": 200,
        },
    )
    assert response.status_code == 302
    assert Theme.objects.get(slug="music").name_sv == "Musik"
    professional = make_user("professional")
    client.force_login(professional)
    response = client.get(reverse("wagtailsnippets_wagtail_hyte_activities_theme:list"))
    assert response.status_code in (302, 403)


def test_editors_get_page_permissions_on_catalogues(client, make_user, catalogue, make_activity):
    from django.contrib.auth.models import Group

    from wagtail_hyte.activities import roles
    from wagtail_hyte.core.roles import GROUP_NAMES

    roles.configure({role: Group.objects.get(name=name) for role, name in GROUP_NAMES.items()})
    activity = make_activity()
    editor = make_user("editor")
    permissions = activity.permissions_for_user(editor)
    assert permissions.can_edit() and permissions.can_publish()
    assert catalogue.permissions_for_user(editor).can_add_subpage()
    professional = make_user("professional")
    assert not activity.permissions_for_user(professional).can_edit()
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[activity.pk])).status_code == 200


def test_usage_report_for_editors_only(client, make_user, make_activity):
    activity = make_activity("Katsottu")
    client.get(activity.url)
    client.force_login(make_user("editor"))
    response = client.get(reverse("hyte_metrics:usage"))
    assert response.status_code == 200 and "Katsottu" in response.content.decode()
    client.force_login(make_user("partner_staff"))
    assert client.get(reverse("hyte_metrics:usage")).status_code in (302, 403)


def test_extension_hooks_add_filters_facets_badges_and_actions(
    client, catalogue, make_activity, today
):
    chosen = make_activity("Lähetteellä")
    make_activity("Ilman")

    def facets(page):
        if page.title == "Lähetteellä":
            return [FacetValue("offers_x", "1", "Tarjoaa X", "Erbjuder X", "Offers X")]
        return []

    with (
        hooks.register_temporarily("hyte_activity_facets", facets),
        hooks.register_temporarily(
            "hyte_activity_filters",
            lambda: FacetFilter("offers_x", "Offers X", widget="checkbox", order=75),
        ),
        hooks.register_temporarily(
            "hyte_activity_badges",
            lambda pages, request: {p.pk: [Badge("X-merkki", key="x")] for p in pages},
        ),
        hooks.register_temporarily(
            "hyte_activity_actions",
            lambda page, request: [Action("Suosittele", "/suosittele/", key="recommend")],
        ),
    ):
        chosen.save_revision().publish()
        listing = build_listing(catalogue, QueryDict("offers_x=1"), today=today)
        assert [p.title for p in listing.results] == ["Lähetteellä"]
        html = client.get(catalogue.url, {"offers_x": "1"}).content.decode()
        assert 'name="offers_x"' in html and "X-merkki" in html
        html = client.get(chosen.url).content.decode()
        assert 'href="/suosittele/"' in html and "X-merkki" in html
