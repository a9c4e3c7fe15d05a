"""Listing counts that read right in every language.

Wagtail's paginator writes "<n> <verbose_name_plural>" under each listing.
That is wrong in Finnish, where a noun after a number is in the partitive
singular ("8 yhteistyösopimusta", not "8 yhteistyösopimukset"), and needs
real plural forms elsewhere. A model with a ``count_label(n)`` classmethod
(an ``ngettext`` pair) gives its own count; other models keep Wagtail's text.
"""

from __future__ import annotations

from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator


class CountLabelPaginator(WagtailPaginator):
    @cached_property
    def items_count_label(self):
        label = getattr(self.model, "count_label", None)
        return label(self.count) if callable(label) else super().items_count_label


class CountLabelViewSetMixin:
    """For a Wagtail ``ModelViewSet``/``SnippetViewSet``: its listing counts use
    ``CountLabelPaginator``."""

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(paginator_class=CountLabelPaginator, **kwargs)
