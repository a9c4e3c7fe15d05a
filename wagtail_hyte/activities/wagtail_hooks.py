"""Taxonomies and search synonyms as snippets in the HYTE admin menu group."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail_hyte.core.adminviews import MENU_HOOK
from wagtail_hyte.core.paginator import CountLabelViewSetMixin

from .models import AccessibilityFeature, SearchSynonym, TargetGroup, Theme


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
