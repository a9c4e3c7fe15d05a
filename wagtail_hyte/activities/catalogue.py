"""The catalogue listing: search, filters, counts per option, sorting and paging.

Everything the index page shows comes from a fixed number of queries whatever
the catalogue and page size: the candidate set, the filters and the search hits
stay inside SQL subqueries; counts per option are one grouped query over
``ActivityFacet`` (including the total, from one "_all" row per activity).
The counts and the ids of each page of results are cached, keyed by the
catalogue version kept in the database (see cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction

from wagtail_hyte.core.conf import hyte_settings

from . import cache as listing_cache
from . import search
from .facets import ALL_FACET
from .filters import ActivityFilter, all_filters, clean_text
from .models import ActivityFacet, ActivityPage
from .models.facets import label_for
from .schedule import next_occurrence

SORTS = {
    "relevance": _("Relevance"),
    "soonest": _("Soonest first"),
    "newest": _("Newest first"),
}
MAX_QUERY_LENGTH = 200
PAGE_LINK_NEIGHBOURS = 1  # numbered page links either side of the current page
BASE = object()  # narrowed(skip=BASE): the candidates and search hits, no filter


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
    corrected_query: str = ""  # the results are for this query instead (a word corrected)

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

    @property
    def page_links(self) -> list[int | None]:
        """Page numbers for the pagination, ``None`` where numbers are left out."""
        return page_links(self.page_number, self.num_pages)


def public_q() -> Q:
    """Not under a view restriction, as a subquery (Wagtail's public() costs a query)."""
    restricted = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(prefix=F("page__path"))
    return ~Exists(restricted)


def candidates(index_page, today: date):
    return ActivityPage.objects.live().descendant_of(index_page).current(today).filter(public_q())


def search_ids(query: str) -> search.Hits | None:
    """The best hits for ``query`` among live activities, best first (``search.search``:
    plain words, synonyms, typo correction); None when it has no words to search for.

    The search backend sees only live pages; the other conditions apply in SQL
    afterwards (``pk IN hits``), so any Wagtail search backend works.
    """
    limit = hyte_settings.CATALOGUE_SEARCH_LIMIT
    return search.search(ActivityPage.objects.live(), query, limit=limit)


def parse_page_number(raw) -> int:
    """The requested page number: 1 for anything that is not a positive whole number."""
    try:
        return max(1, int(clean_text(raw)))
    except (TypeError, ValueError):
        return 1


def clamp_page_number(page_number: int, total: int, page_size: int) -> int:
    """``page_number`` within 1 .. the last page (``?page=99`` of 4 pages is page 4)."""
    return min(max(1, page_number), max(1, -(-total // page_size)))


def page_links(current: int, num_pages: int) -> list[int | None]:
    """The first and last page, the current one and its neighbours; ``None`` for
    a gap of two or more pages (a gap of one page shows that page instead)."""
    shown = {1, num_pages}
    shown.update(
        range(
            max(1, current - PAGE_LINK_NEIGHBOURS),
            min(num_pages, current + PAGE_LINK_NEIGHBOURS) + 1,
        )
    )
    links: list[int | None] = []
    previous = 0
    for number in sorted(shown):
        if number - previous == 2:
            links.append(number - 1)
        elif number - previous > 2:
            links.append(None)
        links.append(number)
        previous = number
    return links


def _cache_keys(index_page, today, query, ranking, states, sort, page_number, page_size):
    """(cache, counts key, page key), or (None, None, None) when not cached."""
    if any(s.value is not None and not s.filter.cacheable for s in states):
        return None, None, None
    backend = listing_cache.listing_cache()
    if backend is None:
        return None, None, None
    version = listing_cache.current_version()
    if not version:
        return None, None, None
    criteria = (
        today.isoformat(),
        index_page.pk,
        index_page.path,
        # The hits themselves: the search index may change on its own schedule.
        tuple(ranking) if query else None,
        tuple((s.filter.name, s.filter.facet, s.value) for s in states),
    )
    counts_key = listing_cache.make_key(version, "counts", *criteria)
    page_key = listing_cache.make_key(version, "page", *criteria, sort, page_number, page_size)
    return backend, counts_key, page_key


def ranked(queryset, ranking: list[int] | None, *, field: str = "pk", then=("pk",)):
    """``queryset`` in the search order (``ranking``: ids best first, at most
    CATALOGUE_SEARCH_LIMIT of them, as a CASE), else in ``then`` order. The
    catalogue's listing and the HSDS interface both order search hits with it."""
    if not ranking:
        return queryset.order_by(*then)
    position = Case(
        *[When(**{field: pk}, then=Value(n)) for n, pk in enumerate(ranking)],
        output_field=IntegerField(),
    )
    return queryset.order_by(position, *then)


def build_listing(
    index_page, params, *, today: date, page_size: int | None = None, now: datetime | None = None
) -> Listing:
    """The listing for ``params``.

    Counts per option (with the total) and the ids of the requested page are
    cached (see cache.py); only the result pages themselves are always loaded.
    A page number past the last page shows the last page. Each result gets
    ``next_occurrence`` (date, start time or None) after ``now`` (default: now),
    for its card.
    """
    page_size = page_size or hyte_settings.CATALOGUE_PAGE_SIZE
    query = " ".join(clean_text(params.get("q")).split())[:MAX_QUERY_LENGTH]
    hits = search_ids(query) if query else None
    query = query if hits is not None else ""  # nothing but query syntax: no search
    sort = clean_text(params.get("sort"))
    if sort not in SORTS or (sort == "relevance" and not query):
        sort = "relevance" if query else "soonest"
    page_number = parse_page_number(params.get("page"))

    states = [FilterState(f, f.parse(params.get(f.name))) for f in all_filters()]
    ranking: list[int] = hits.ids if hits else []
    facet_states = [s for s in states if s.filter.facet]

    backend, counts_key, page_key = _cache_keys(
        index_page, today, query, ranking, states, sort, page_number, page_size
    )
    cached = backend.get_many([counts_key, page_key]) if backend else {}

    # The querysets are only built (and run) for what the cache did not have.
    def narrowed(skip=None):
        qs = candidates(index_page, today)
        if query:
            qs = qs.filter(pk__in=ranking)
        for state in states:
            if state.value is not None and state is not skip and skip is not BASE:
                qs = qs.filter(state.filter.q(state.value))
        return qs

    counts = cached.get(counts_key)
    if counts is None:
        counts = _count_rows(narrowed, states, facet_states, query)
    rows, total = counts

    by_facet: dict[str, list[Option]] = {}
    for row in rows:
        by_facet.setdefault(row[0], []).append((row[2], label_for(row[3], row[4], row[5]), row))
    for state in facet_states:
        entries = sorted(by_facet.get(state.filter.facet, []), key=lambda e: (e[0], e[1]))
        state.options = [
            Option(row[1], label, row[6], row[1] == state.value) for _key, label, row in entries
        ]

    clamped = clamp_page_number(page_number, total, page_size)
    if clamped != page_number:
        page_number = clamped
        backend, counts_key, page_key = _cache_keys(
            index_page, today, query, ranking, states, sort, page_number, page_size
        )
        if backend:
            cached = {**cached, **backend.get_many([page_key])}
    offset = (page_number - 1) * page_size
    page_ids = cached.get(page_key)
    if page_ids is not None:
        # Load the pages themselves every time: cards always show saved content.
        pages = ActivityPage.objects.select_related("organiser").in_bulk(page_ids)
        results = [pages[pk] for pk in page_ids if pk in pages]
    else:
        ordered = narrowed().select_related("organiser")
        if sort == "relevance" and ranking:
            ordered = ranked(ordered, ranking)
        elif sort == "soonest":
            ordered = ordered.order_by(F("next_date").asc(nulls_last=True), "title", "pk")
        else:
            ordered = ordered.order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        results = list(ordered[offset : offset + page_size]) if offset < total else []
    # The schedules of this page's results only: the next meeting's time on each card.
    prefetch_related_objects(results, "meetings", "weekly_times")
    now = now or timezone.localtime()
    for result in results:
        result.next_occurrence = next_occurrence(result, now)

    if backend:
        missing = {}
        if counts_key not in cached:
            missing[counts_key] = counts
        if page_key not in cached:
            missing[page_key] = [page.pk for page in results]
        if missing:
            backend.set_many(missing, listing_cache.timeout())
    return Listing(
        query=query,
        sort=sort,
        filters=states,
        results=results,
        total=total,
        page_number=page_number,
        page_size=page_size,
        corrected_query=hits.corrected if hits else "",
    )


def _count_rows(narrowed, states, facet_states, query):
    """([(facet, value, sort_key, fi, sv, en, count), ...], total) in one grouped query.

    An option's count is the number of results if it were chosen, the other
    filters kept (the facet's own choice is left out).
    """
    matching = narrowed()
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
            page__in=narrowed(skip=BASE).values("pk"),
        )
        .values("facet", "value", "sort_key", "label_fi", "label_sv", "label_en")
        # (facet, value, page) is unique: no DISTINCT needed.
        .annotate(n=Count("page", filter=condition))
        .order_by()
    )
    options, total = [], 0
    for row in rows:
        if row["facet"] == ALL_FACET:
            total = row["n"]
        else:
            options.append(
                (
                    row["facet"],
                    row["value"],
                    row["sort_key"],
                    row["label_fi"],
                    row["label_sv"],
                    row["label_en"],
                    row["n"],
                )
            )
    return options, total
