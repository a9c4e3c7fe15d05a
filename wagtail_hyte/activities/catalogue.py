"""The catalogue listing: search, filters, counts per option, sorting and paging.

Everything the index page shows comes from a fixed number of queries whatever
the catalogue and page size: the candidate set, the filters and the search hits
stay inside SQL subqueries; counts per option are one grouped query over
``ActivityFacet`` (including the total, from one "_all" row per activity).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.conf import hyte_settings

from .choices import ActivityStatus
from .facets import ALL_FACET
from .filters import ActivityFilter, all_filters
from .models.facets import label_for

SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "soonest": _("Soonest first"),
}
MAX_QUERY_LENGTH = 200


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FilterState:
    filter: ActivityFilter
    value: object = None
    options: list[Option] = field(default_factory=list)

    @property
    def name(self):
        return self.filter.name

    @property
    def label(self):
        return self.filter.label

    @property
    def widget(self):
        return self.filter.widget

    @property
    def any_label(self):
        return getattr(self.filter, "any_label", "")

    @property
    def count(self) -> int:
        """For checkbox filters: the count of the single option."""
        return self.options[0].count if self.options else 0


@dataclass
class Listing:
    query: str
    sort: str
    filters: list[FilterState]
    results: list
    total: int
    page_number: int
    page_size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_criteria(self) -> bool:
        return bool(self.query) or any(f.value is not None for f in self.filters)

    @property
    def active_filters(self):
        return [f for f in self.filters if f.value is not None]

    @property
    def first_index(self) -> int:
        return (self.page_number - 1) * self.page_size + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.page_number * self.page_size)


def current_q(today: date) -> Q:
    """Active, inside the validity period, and not past the last meeting."""
    return (
        Q(status=ActivityStatus.ACTIVE)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        & (Q(last_date__isnull=True) | Q(last_date__gte=today))
    )


def public_q() -> Q:
    """Not under a view restriction, as a subquery (Wagtail's public() costs a query)."""
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Length, Substr
    from wagtail.models import PageViewRestriction

    restricted = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(prefix=F("page__path"))
    return ~Exists(restricted)


def candidates(index_page, today: date):
    from .models import ActivityPage

    return (
        ActivityPage.objects.live()
        .descendant_of(index_page)
        .filter(current_q(today))
        .filter(public_q())
    )


def search_ids(query: str) -> list[int]:
    """The best hits for ``query`` among live activities, best first.

    The search backend sees only live pages; the other conditions apply in SQL
    afterwards (``pk IN hits``), so any Wagtail search backend works.
    """
    from .models import ActivityPage

    limit = hyte_settings.CATALOGUE_SEARCH_LIMIT
    # Only the ids are needed: load no page content for the hits.
    hits = ActivityPage.objects.live().only("pk")
    results = hits.search(query, operator="and", order_by_relevance=True)
    return [page.pk for page in results[:limit]]


def parse_page_number(raw) -> int:
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def build_listing(index_page, params, *, today: date, page_size: int | None = None) -> Listing:
    from .models import ActivityFacet

    page_size = page_size or hyte_settings.CATALOGUE_PAGE_SIZE
    query = " ".join((params.get("q") or "").split())[:MAX_QUERY_LENGTH]
    sort = params.get("sort") or ""
    if sort not in SORTS or (sort == "relevance" and not query):
        sort = "relevance" if query else "newest"
    page_number = parse_page_number(params.get("page"))

    states = [FilterState(f, f.parse(params.get(f.name))) for f in all_filters()]
    base = candidates(index_page, today)
    ranking: list[int] = []
    if query:
        ranking = search_ids(query)
        base = base.filter(pk__in=ranking)

    def narrowed(skip=None):
        qs = base
        for state in states:
            if state.value is not None and state is not skip:
                qs = qs.filter(state.filter.q(state.value))
        return qs

    matching = narrowed()

    # Counts per option: an option's count is the number of results if it were
    # chosen, the other filters kept (the facet's own choice is left out).
    facet_states = [s for s in states if s.filter.facet]
    active = [s for s in facet_states if s.value is not None]
    narrowing = query or any(s.value is not None for s in states)
    if not active:
        # Every facet counts within the matching set; without any criterion
        # that is the candidate set itself, which the rows are already limited to.
        condition = Q(page__in=matching.values("pk")) if narrowing else None
    else:
        condition = Q(
            facet__in=[ALL_FACET] + [s.filter.facet for s in facet_states if s.value is None],
            page__in=matching.values("pk"),
        )
        for state in active:
            condition |= Q(facet=state.filter.facet, page__in=narrowed(skip=state).values("pk"))
    rows = (
        ActivityFacet.objects.filter(
            facet__in=[ALL_FACET] + [s.filter.facet for s in facet_states],
            page__in=base.values("pk"),
        )
        .values("facet", "value", "sort_key", "label_fi", "label_sv", "label_en")
        # (facet, value, page) is unique: no DISTINCT needed.
        .annotate(n=Count("page", filter=condition))
        .order_by()
    )
    by_facet: dict[str, list[Option]] = {}
    total = 0
    for row in rows:
        if row["facet"] == ALL_FACET:
            total = row["n"]
            continue
        by_facet.setdefault(row["facet"], []).append(
            (row["sort_key"], label_for(row["label_fi"], row["label_sv"], row["label_en"]), row)
        )
    for state in facet_states:
        entries = sorted(by_facet.get(state.filter.facet, []), key=lambda e: (e[0], e[1]))
        state.options = [
            Option(row["value"], label, row["n"], row["value"] == state.value)
            for _key, label, row in entries
        ]

    offset = (page_number - 1) * page_size
    ordered = matching.select_related("organiser")
    if sort == "relevance" and ranking:
        # Rank in Python: the hits are at most CATALOGUE_SEARCH_LIMIT ids.
        matched = set(matching.values_list("pk", flat=True)) if offset < total else set()
        wanted = [pk for pk in ranking if pk in matched][offset : offset + page_size]
        pages = ordered.in_bulk(wanted) if wanted else {}
        results = [pages[pk] for pk in wanted if pk in pages]
    else:
        if sort == "soonest":
            ordered = ordered.order_by(F("next_date").asc(nulls_last=True), "title", "pk")
        else:
            ordered = ordered.order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        results = list(ordered[offset : offset + page_size]) if offset < total else []
    return Listing(
        query=query,
        sort=sort,
        filters=states,
        results=results,
        total=total,
        page_number=page_number,
        page_size=page_size,
    )
