"""The activity list's pages: ``HytePagination`` over the catalogue's own listing.

``build_listing`` searches, filters, counts and loads one page of results in a
fixed number of queries (and caches them); the API must not page a queryset of
its own beside it. ``ListingResults`` gives Django's paginator what it asks
for, the total (``len``) and one page (a slice), both from a single listing,
so ``?page=`` and ``?page_size=`` behave as on every other list of the API
(``last``, 404 past the last page) and the results are the catalogue's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.activities.catalogue import Listing, parse_page_number
from wagtail_hyte.api.pagination import HytePagination


class ListingResults:
    """The results of ``build(page_number)`` as a sequence Django's paginator slices."""

    def __init__(self, build: Callable[[int], Listing], page_size: int, requested):
        self.build = build
        self.page_size = page_size
        self.requested = requested
        self.listing: Listing | None = None

    def _page(self, number: int) -> Listing:
        if self.listing is None or self.listing.page_number != number:
            self.listing = self.build(number)
        return self.listing

    def __len__(self) -> int:
        if self.listing is None:
            self.listing = self.build(self.requested)
        return self.listing.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("ListingResults is sliced a page at a time")
        return self._page((index.start or 0) // self.page_size + 1).results


def _facet_schema() -> dict:
    return {
        "type": "object",
        "required": ["name", "label", "options"],
        "properties": {
            "name": {"type": "string", "description": _("The filter's query parameter.")},
            "label": {"type": "string"},
            "options": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["value", "label", "count", "selected"],
                    "properties": {
                        "value": {
                            "type": "string",
                            "description": _("The value to give the filter's parameter."),
                        },
                        "label": {"type": "string"},
                        "count": {
                            "type": "integer",
                            "description": _(
                                "The results there would be with this option, the other "
                                "filters kept."
                            ),
                        },
                        "selected": {"type": "boolean"},
                    },
                },
            },
        },
    }


def facets(listing: Listing) -> list[dict]:
    """The listing's facet filters with their options and counts, as the catalogue shows them."""
    return [
        {
            "name": state.name,
            "label": str(state.label),
            "options": [
                {
                    "value": option.value,
                    "label": str(option.label),
                    "count": option.count,
                    "selected": option.selected,
                }
                for option in state.options
            ],
        }
        for state in listing.filters
        if state.filter.facet
    ]


class ActivityPagination(HytePagination):
    """``HytePagination``'s page plus the catalogue's ``query``, ``corrected_query``
    and ``facets`` (each filter's options with their counts)."""

    def paginate_listing(self, build: Callable[[int], Listing], request, view=None) -> list:
        """One page of ``build(page_number)``'s results (``self.listing`` keeps it)."""
        raw = request.query_params.get(self.page_query_param) or "1"
        # "last" asks for a page past the end: build_listing gives the last one.
        requested = 2**31 if raw in self.last_page_strings else parse_page_number(raw)
        self.results = ListingResults(build, self.get_page_size(request), requested)
        return self.paginate_queryset(self.results, request, view)

    @property
    def listing(self) -> Listing:
        return self.results.listing

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["query"] = self.listing.query
        response.data["corrected_query"] = self.listing.corrected_query
        response.data["facets"] = facets(self.listing)
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"].update(
            {
                "query": {
                    "type": "string",
                    "description": _("The search words used, without any query syntax."),
                },
                "corrected_query": {
                    "type": "string",
                    "description": _(
                        "The words the results are for when a misspelt word was corrected; "
                        "empty otherwise."
                    ),
                },
                "facets": {"type": "array", "items": _facet_schema()},
            }
        )
        paginated["required"] = [*paginated["required"], "query", "corrected_query", "facets"]
        return paginated
