"""The monthly rollup of activity page views, split by "referral on offer".

A page offered a referral on a day when an agreement in force that day covered
it, read from the agreement's history (django-simple-history), not from
today's state: the status, validity, ``covers_all_activities`` and covered
activities of each version count on the days that version was in effect (a
day counts when any version in effect during it says so). The quota and
intake pauses are not considered: they decide whether a slot was free, not
whether the page advertised referrals. Pages are matched to agreements by
their current organiser.

``rebuild(start_month, end_month)`` recomputes ``ViewMonth`` for those months
with a few queries: the agreement history and the pages (small), then per
month one grouped sum over that month's ``ActivityViewDay`` rows (the table
holds millions), with the "on offer" condition in SQL. The measures read only
``ViewMonth``.

Comparable: a row not on offer is marked ``comparable`` when its page offered
no referral on any day of the month but shares a theme and a municipality
(the pages' present ones) with a page that did, whichever its partner.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.apps import apps
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Q, Sum, Value, When

from wagtail_hyte.core.periods import add_months, local_date, month_start

from .models import ViewMonth

ONE_DAY = timedelta(days=1)
BATCH = 2000


@dataclass(frozen=True)
class Offer:
    """One agreement version's days in force: all the partner's pages, or some."""

    first: date
    last: date
    partner_id: int
    page_ids: frozenset[int] | None  # None: all the partner's activities


def _day_before(moment: datetime) -> date:
    """The last local day a version that ends at ``moment`` was in effect."""
    return local_date(moment - timedelta(microseconds=1))


HISTORY_FIELDS = (
    "history_id",
    "id",
    "history_date",
    "history_type",
    "partner_id",
    "reference_number",
    "title",
    "status",
    "valid_from",
    "valid_to",
    "covers_all_activities",
    "quota",
    "quota_period",
)


def history_records(agreements=None) -> list[dict]:
    """Every version of the agreements (``agreements``: a PartnerAgreement
    queryset to narrow to), oldest first per agreement (one query)."""
    from wagtail_hyte.agreements.models import PartnerAgreement

    records = PartnerAgreement.history.model.objects.all()
    if agreements is not None:
        records = records.filter(id__in=agreements.values("pk"))
    return list(records.order_by("id", "history_date", "history_id").values(*HISTORY_FIELDS))


def in_force_spans(records: list[dict], until: date):
    """``(record, first day, last day)`` for every version that was in force:
    active, on the days it was in effect (from the local day it was saved to
    the day the next version was saved) within its own validity, up to
    ``until``. ``records`` as ``history_records`` returns them."""
    from wagtail_hyte.agreements.models import AgreementStatus

    for index, record in enumerate(records):
        following = records[index + 1] if index + 1 < len(records) else None
        if following is not None and following["id"] != record["id"]:
            following = None
        if record["history_type"] == "-" or record["status"] != AgreementStatus.ACTIVE:
            continue
        effective_from = local_date(record["history_date"])
        effective_to = _day_before(following["history_date"]) if following else until
        first = max(effective_from, record["valid_from"])
        last = min(effective_to, record["valid_to"] or effective_to, until)
        if first <= last:
            yield record, first, last


def agreement_offers(until: date) -> list[Offer]:
    """Every stretch of days on which some agreement version was in force (two queries)."""
    chosen_model = apps.get_model(
        "wagtail_hyte_agreements", "HistoricalPartnerAgreement_activities"
    )
    records = history_records()
    chosen: dict[int, set[int]] = defaultdict(set)
    rows = chosen_model.objects.filter(activitypage_id__isnull=False).values_list(
        "history_id", "activitypage_id"
    )
    for history_id, page_id in rows:
        chosen[history_id].add(page_id)
    offers = []
    for record, first, last in in_force_spans(records, until):
        pages = None
        if not record["covers_all_activities"]:
            pages = frozenset(chosen.get(record["history_id"], ()))
            if not pages:
                continue
        offers.append(Offer(first, last, record["partner_id"], pages))
    return offers


def offered_days(pages: dict[int, int], offers: list[Offer]) -> dict[int, list[tuple[date, date]]]:
    """``{page id: merged [(first, last)] of days on offer}``; ``pages`` maps
    page ids to their organiser."""
    by_partner: dict[int, list[int]] = defaultdict(list)
    for page_id, organiser_id in pages.items():
        by_partner[organiser_id].append(page_id)
    raw: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for offer in offers:
        if offer.page_ids is None:
            targets = by_partner.get(offer.partner_id, ())
        else:  # only the partner's own activities ever count (PartnerAgreement.covers)
            targets = [p for p in offer.page_ids if pages.get(p) == offer.partner_id]
        for page_id in targets:
            raw[page_id].append((offer.first, offer.last))
    merged = {}
    for page_id, spans in raw.items():
        spans.sort()
        out = [spans[0]]
        for first, last in spans[1:]:
            if first <= out[-1][1] + ONE_DAY:
                out[-1] = (out[-1][0], max(out[-1][1], last))
            else:
                out.append((first, last))
        merged[page_id] = out
    return merged


def _offer_condition(offers: list[Offer], pages: dict[int, int]) -> Q | None:
    """The SQL form of ``offered_days`` on ActivityViewDay rows."""
    condition = None
    for offer in offers:
        span = Q(date__gte=offer.first, date__lte=offer.last)
        if offer.page_ids is None:
            part = span & Q(page__organiser_id=offer.partner_id)
        else:
            ids = sorted(p for p in offer.page_ids if pages.get(p) == offer.partner_id)
            if not ids:
                continue
            part = span & Q(page_id__in=ids)
        condition = part if condition is None else condition | part
    return condition


def _overlap(first: date, last: date, spans) -> int:
    total = 0
    for a, b in spans:
        lo, hi = max(a, first), min(b, last)
        if lo <= hi:
            total += (hi - lo).days + 1
    return total


def page_pairs() -> dict[int, set[tuple[int, int]]]:
    """``{page id: {(theme id, municipality id)}}`` of every activity page (two queries)."""
    from wagtail_hyte.activities.models import ActivityPage

    themes: dict[int, set[int]] = defaultdict(set)
    for page_id, theme_id in ActivityPage.themes.through.objects.values_list(
        "activitypage_id", "theme_id"
    ):
        themes[page_id].add(theme_id)
    pairs: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for page_id, municipality_id in ActivityPage.municipalities.through.objects.values_list(
        "activitypage_id", "municipality_id"
    ):
        pairs[page_id].update((theme_id, municipality_id) for theme_id in themes.get(page_id, ()))
    return pairs


def _month_rows(month, today, page_rows, spans, offers, pages, pairs) -> list[ViewMonth]:
    """The ``ViewMonth`` rows of one month (one grouped query over its views)."""
    from wagtail_hyte.metrics.models import ActivityViewDay

    after = add_months(month, 1)
    last_day = min(after - ONE_DAY, today)
    # Only the versions in force during the month make the SQL condition.
    condition = _offer_condition([o for o in offers if o.first < after and o.last >= month], pages)
    offered = (
        Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())
        if condition is not None
        else Value(False, output_field=BooleanField())
    )
    views: dict[tuple[int, bool], int] = {}
    sums = (
        ActivityViewDay.objects.filter(date__gte=month, date__lt=after)
        .annotate(on_offer=offered)
        .values("page_id", "on_offer")
        .annotate(total=Sum("views"))
        .order_by()
        .values_list("page_id", "on_offer", "total")
    )
    for page_id, on_offer, total in sums.iterator(chunk_size=BATCH):
        views[(page_id, bool(on_offer))] = total or 0
    states = []
    for page_id, _organiser, published_at in page_rows:
        first_day = max(month, local_date(published_at)) if published_at else None
        days = (last_day - first_day).days + 1 if first_day and first_day <= last_day else 0
        days_on_offer = _overlap(first_day, last_day, spans.get(page_id, ())) if days else 0
        states.append((page_id, days, days_on_offer))
    # Pages that offered a referral on some day of the month (or were viewed on one).
    offering = {p for p, _days, on in states if on or views.get((p, True))}
    offered_pairs = set().union(*(pairs.get(p, set()) for p in offering)) if offering else set()
    rows = []
    for page_id, days, days_on_offer in states:
        comparable = page_id not in offering and not offered_pairs.isdisjoint(
            pairs.get(page_id, ())
        )
        for on_offer, n in ((True, days_on_offer), (False, days - days_on_offer)):
            total = views.get((page_id, on_offer), 0)
            if n or total:
                rows.append(
                    ViewMonth(
                        month=month,
                        page_id=page_id,
                        offered=on_offer,
                        comparable=comparable and not on_offer,
                        views=total,
                        days=n,
                    )
                )
    return rows


def rebuild(start_month: date, end_month: date, today: date | None = None) -> int:
    """Recompute ``ViewMonth`` for the months ``start_month`` .. ``end_month``
    (inclusive; any day of a month names it). Returns the rows written.

    Five small queries (agreement history, its covered activities, the pages,
    their themes and municipalities),
    then per month one grouped sum over that month's ``ActivityViewDay`` rows and
    the month's rows replaced in one transaction, so memory stays one month's."""
    from wagtail_hyte.activities.models import ActivityPage

    today = today or local_date()
    month, end_month = month_start(start_month), month_start(end_month)
    offers = agreement_offers(until=today)
    page_rows = list(ActivityPage.objects.values_list("pk", "organiser_id", "first_published_at"))
    pages = {pk: organiser_id for pk, organiser_id, _ in page_rows}
    spans = offered_days(pages, offers)
    pairs = page_pairs()
    written = 0
    while month <= end_month:
        rows = _month_rows(month, today, page_rows, spans, offers, pages, pairs)
        with transaction.atomic():
            ViewMonth.objects.filter(month=month).delete()
            ViewMonth.objects.bulk_create(rows, batch_size=BATCH)
        written += len(rows)
        month = add_months(month, 1)
    if written and connection.vendor == "postgresql":
        # Fresh planner statistics: after a backfill, a plan made for an empty
        # table turned the comparable-views query from milliseconds into seconds.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ViewMonth._meta.db_table}")
    return written


def rebuild_recent(today: date | None = None) -> int:
    """The nightly rebuild: the previous and the current month."""
    today = today or local_date()
    current = month_start(today)
    return rebuild(add_months(current, -1), current, today=today)
