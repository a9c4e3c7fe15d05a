"""Taxonomies and search synonyms as snippets in the HYTE admin menu group."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail_hyte.core.adminviews import MENU_HOOK, admin_urls, register_menu_item
from wagtail_hyte.core.paginator import CountLabelViewSetMixin

from .models import AccessibilityFeature, SearchSynonym, TargetGroup, Theme
from .own_pages_views import OwnActivityPagesView
from .page_permissions import activity_page_viewset, register_organiser_policy

# Before anything asks Wagtail for ActivityPage's policy (it would create a fallback).
register_organiser_policy()


class TaxonomyViewSet(CountLabelViewSetMixin, SnippetViewSet):
    menu_hook = MENU_HOOK
    list_display = ["name_fi", "name_sv", "name_en", "slug", "sort_order"]
    search_fields = ["name_fi", "name_sv", "name_en", "slug"]
    ordering = ["sort_order", "name_fi"]
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("name_fi"), FieldPanel("name_sv"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("sort_order")]),
    ]


class ThemeViewSet(TaxonomyViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 200
    url_prefix = "hyte/themes"


class TargetGroupViewSet(TaxonomyViewSet):
    model = TargetGroup
    icon = "group"
    menu_label = _("Target groups")
    menu_order = 210
    url_prefix = "hyte/target-groups"


class AccessibilityFeatureViewSet(TaxonomyViewSet):
    model = AccessibilityFeature
    icon = "pick"
    menu_label = _("Accessibility features")
    menu_order = 220
    url_prefix = "hyte/accessibility-features"


class SearchSynonymViewSet(CountLabelViewSetMixin, SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 230
    menu_hook = MENU_HOOK
    url_prefix = "hyte/search-synonyms"
    list_display = ["word", "equivalents"]
    search_fields = ["word", "equivalents"]
    ordering = ["word"]
    copy_view_enabled = False
    panels = [FieldPanel("word"), FieldPanel("equivalents")]


register_snippet(ThemeViewSet)
register_snippet(TargetGroupViewSet)
register_snippet(AccessibilityFeatureViewSet)
register_snippet(SearchSynonymViewSet)


@hooks.register("register_admin_urls")
def register_own_pages_urls():
    return [
        admin_urls(
            "hyte/activity-pages/",
            "hyte_activity_pages",
            [path("", OwnActivityPagesView.as_view(), name="index")],
        )
    ]


register_menu_item(
    _("Our activity pages"),
    "hyte_activity_pages:index",
    view=OwnActivityPagesView,
    name="hyte-own-activity-pages",
    icon_name="doc-full",
    order=310,
)


@hooks.register("register_admin_urls")
def register_geocode_urls():
    """The editor's "Find coordinates from the address" endpoint (geocode_views.py)."""
    from django.urls import path as url_path

    from wagtail_hyte.core.adminviews import admin_urls as hyte_admin_urls

    from .geocode_views import GeocodeView

    return [
        hyte_admin_urls(
            "hyte/geocode/",
            "hyte_geocode",
            [url_path("", GeocodeView.as_view(), name="locate")],
        )
    ]


@hooks.register("register_admin_viewset")
def register_activity_page_viewset():
    return activity_page_viewset() or []
