"""What is stored about an activity but derived from it, and the one place that writes it.

Derived from an ``ActivityPage`` (its content, its taxonomy terms and the calendar):

* ``next_date`` and ``last_date`` (``schedule.next_and_last``);
* ``listing_labels``, the municipality and theme names on listing cards;
* its ``ActivityFacet`` rows, which filters and counts use (``facets.compute_facets``);
* its search index entry (``search.index_activity``), with its themes, target
  groups and municipalities;

and with every change the catalogue version (``cache.bump``, same transaction).

Who calls it:

* ``receivers.refresh_on_save``: every full save of an activity page (creation,
  ``add_child``, publishing, ``page.save()``, copying, imports). Draft-only
  saves pass ``update_fields`` and write none of this content;
* ``manage.py hyte_refresh_activities`` (daily through ``hyte_daily``) and
  ``tasks.refresh_activities_task``: dates move with the calendar;
* the taxonomy receivers: a term renamed, re-sorted, re-slugged or deleted
  (``relabel_term``, ``forget_term``).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from . import schedule
from .cache import bump
from .facets import CARD_FACETS, compute_facets, facet_rows, listing_labels
from .models import ActivityFacet, ActivityPage
from .search import INDEXED_TERM_FACETS, index_activity


def refresh_activity(page, *, today: date | None = None, facets: bool = True) -> bool:
    """Recompute and store what is derived from ``page``: its dates and, with
    ``facets``, its facet rows, card labels and search index entry.

    Reads the page as it is in memory: right after a save, the content just
    written, inline rows and terms not yet committed included. Updates the
    row without a page save (no revision, no signals). Returns whether the
    next or last date changed.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        changed = {}
        dates = schedule.next_and_last(page, today)
        dates_changed = dates != (page.next_date, page.last_date)
        if dates_changed:
            changed["next_date"], changed["last_date"] = dates
        if facets:
            values = compute_facets(page)
            labels = listing_labels(values)
            if labels != page.listing_labels:
                changed["listing_labels"] = labels
            ActivityFacet.objects.filter(page_id=page.pk).delete()
            ActivityFacet.objects.bulk_create(facet_rows(page, values))
            index_activity(page)
        if changed:
            ActivityPage.objects.filter(pk=page.pk).update(**changed)
            for name, value in changed.items():
                setattr(page, name, value)
        if changed or facets:
            bump()  # cached listings sort, hide and count by these
    return dates_changed


def refresh_activities(pages=None, *, today: date | None = None, facets: bool = False) -> int:
    """``refresh_activity`` for each of ``pages`` (default: every activity page),
    one transaction each; returns how many had new dates.

    Dates move with the calendar and are refreshed daily; facet rows change
    only with content (saved pages are already current), so ``facets`` rebuilds
    them only when asked.
    """
    today = today or timezone.localdate()
    pages = ActivityPage.objects.all() if pages is None else pages
    changed = 0
    for page in pages.prefetch_related("meetings", "weekly_times").iterator(chunk_size=500):
        changed += refresh_activity(page, today=today, facets=facets)
    return changed


def relabel_term(facet: str, term) -> int:
    """A taxonomy term was renamed or re-sorted: update the copied labels."""
    labels = term.labels()
    # One transaction, the version changed after the rows: a listing computed
    # meanwhile is stored under the old version, never the new one.
    with transaction.atomic():
        count = ActivityFacet.objects.filter(facet=facet, value=term.slug).update(
            label_fi=labels["fi"],
            label_sv=labels["sv"],
            label_en=labels["en"],
            sort_key=term.sort_order,
        )
        bump()
        if facet in CARD_FACETS or facet in INDEXED_TERM_FACETS:
            pages = ActivityPage.objects.filter(facets__facet=facet, facets__value=term.slug)
            refresh_activities(pages.distinct(), facets=True)
    return count


def forget_term(facet: str, slug: str) -> None:
    """A taxonomy term was deleted: its facet rows go with it."""
    with transaction.atomic():
        ActivityFacet.objects.filter(facet=facet, value=slug).delete()
        bump()
