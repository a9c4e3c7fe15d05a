"""The follow-up measures of the referral model (seed 004, "Muutoksen mittaaminen").

Each measure is a monthly series over a :class:`~.scope.Scope`, returned as a
:class:`~.figures.Measure` whose cells are :class:`~.figures.Figure` objects:
counts about referrals hide small cells (1 .. ``FOLLOW_UP_SMALL_CELL`` - 1),
derived values (medians, shares) hide when their base is small, and a total
never gives a hidden part away (``protect_totals``).

Months are calendar months in Europe/Helsinki: timestamps are grouped with
``TruncMonth(..., tzinfo=Europe/Helsinki)`` in SQL, so a referral sent at
00:30 on 1 February in Helsinki belongs to February even though it is still
31 January in UTC. Every measure costs one or two queries whatever the amount
of data (``all_measures``: 9 on PostgreSQL, 10 on SQLite); the referrals,
overdue and response-time measures share one grouped query by month of
sending. Only on SQLite do referral rows reach Python (two timestamps each, for
the percentiles: SQLite has no percentile_cont).

The scope's filters: ``partner_id`` (the referral's partner, the activity's
organiser, the agreement's partner), ``municipality_id`` and ``theme_id``
(the activity's municipalities and themes). Searches are not linked to
activities, so no filter applies to them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db.models import (
    Aggregate,
    Avg,
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_hyte.core.periods import HELSINKI, local_date, local_midnight, period_containing

from .figures import Figure, Measure, Row, count, derived, protect_totals, small_cell_threshold
from .scope import Scope, add_months, month_start

MEASURES: list[str] = [
    "agreements",
    "referrals",
    "recommendations",
    "searches",
    "views_offered",
    "recommendations_offered",
    "outcomes",
    "response_times",
    "overdue",
    "quota_use",
    "feedback",
]

BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "referrals": ("partner", "municipality", "theme", "target_group"),
    "outcomes": ("partner",),
}

CANCELLATION_KEYS = ("not_reached", "declined", "life_changed", "wrong_referral", "other")


# --- helpers -------------------------------------------------------------------


def local_month(field: str) -> TruncMonth:
    """The local (Europe/Helsinki) month of a timestamp, in SQL."""
    return TruncMonth(field, tzinfo=HELSINKI)


def _month_key(value) -> date:
    """A month from the database (a date, or an aware or naive datetime) as its first day."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(HELSINKI)
        return value.date().replace(day=1)
    return value.replace(day=1)


def _series(values: dict[date, int], months: list[date], protect: bool = True) -> list[Figure]:
    return [count(values.get(month, 0), protect) for month in months]


def _percent(part: int, base: int) -> float | None:
    return round(100 * part / base, 1) if base else None


def _share(part: int, base: int) -> Figure:
    """A percentage of referrals: hidden when its base is a small cell, and when
    the part or the rest is one (the share and a shown base would give it away)."""
    figure = derived(_percent(part, base), base)
    if figure.value is None or figure.hidden:
        return figure
    small = small_cell_threshold()
    if 0 < part < small or 0 < base - part < small:
        return Figure(figure.value, hidden=True)
    return figure


def _memo(cache: dict | None, key: tuple, compute: Callable[[], object]):
    """``compute()`` once per ``all_measures`` call (``cache`` is shared by its
    measures; None computes every time)."""
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _today(today: date | None) -> date:
    return today or local_date()


def _month_end(month: date, today: date) -> tuple[date, datetime]:
    """The day a month is judged on (its last day, or today in the current month)
    and the moment after it (the next local midnight, or now)."""
    last = add_months(month, 1).toordinal() - 1
    last_day = date.fromordinal(last)
    if last_day >= today:
        return today, min(timezone.now(), local_midnight(date.fromordinal(today.toordinal() + 1)))
    return last_day, local_midnight(add_months(month, 1))


def _page_condition(scope: Scope, prefix: str = "") -> Q:
    """The scope's filters on ActivityPage rows (``prefix``: the path to the page)."""
    from wagtail_hyte.activities.models import ActivityPage

    q = Q()
    if scope.partner_id:
        q &= Q(**{f"{prefix}organiser_id": scope.partner_id})
    pages = ActivityPage.objects.all()
    narrowed = False
    if scope.municipality_id:
        pages = pages.filter(municipalities=scope.municipality_id)
        narrowed = True
    if scope.theme_id:
        pages = pages.filter(themes=scope.theme_id)
        narrowed = True
    if narrowed:
        q &= Q(**{f"{prefix}pk__in": pages.values("pk")})
    return q


def _activity_condition(scope: Scope, field: str = "activity") -> Q:
    """The scope's filters on rows with a foreign key ``field`` to ActivityPage."""
    from wagtail_hyte.activities.models import ActivityPage

    if not scope.filtered:
        return Q()
    pages = ActivityPage.objects.filter(_page_condition(scope))
    return Q(**{f"{field}_id__in": pages.values("pk")})


def _referrals(scope: Scope):
    from wagtail_hyte.referrals.models import Referral

    referrals = Referral.objects.order_by()
    if scope.partner_id:
        referrals = referrals.filter(partner_id=scope.partner_id)
    if scope.municipality_id or scope.theme_id:
        narrowed = Scope(scope.start, scope.end, None, scope.municipality_id, scope.theme_id)
        referrals = referrals.filter(_activity_condition(narrowed))
    return referrals


def _sent_in(scope: Scope):
    return _referrals(scope).filter(sent_at__gte=scope.starts_at, sent_at__lt=scope.ends_at)


# --- 1. agreements ---------------------------------------------------------------


def _agreement_records(scope: Scope) -> list[dict]:
    from wagtail_hyte.activities.models import ActivityPage
    from wagtail_hyte.agreements.models import PartnerAgreement

    from .rollups import history_records

    agreements = PartnerAgreement.objects.all()
    if scope.partner_id:
        agreements = agreements.filter(partner_id=scope.partner_id)
    if scope.municipality_id or scope.theme_id:
        narrowed = Scope(scope.start, scope.end, None, scope.municipality_id, scope.theme_id)
        organisers = ActivityPage.objects.filter(_page_condition(narrowed)).values("organiser_id")
        agreements = agreements.filter(partner_id__in=organisers)
    if not scope.filtered:
        agreements = None
    return history_records(agreements)


def _by_agreement(records: list[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for record in records:
        grouped[record["id"]].append(record)
    return grouped


def agreements_measure(
    scope: Scope, today: date | None = None, cache: dict | None = None
) -> Measure:
    from wagtail_hyte.agreements.models import AgreementStatus

    from .rollups import in_force_spans

    today = _today(today)
    months = scope.months()
    records = _memo(cache, ("agreements", scope), lambda: _agreement_records(scope))
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for record, first, last in in_force_spans(records, today):
        spans[record["id"]].append((first, last))
    in_force, new, ended = [], {}, {}
    for month in months:
        day, _moment = _month_end(month, today)
        if month > today:
            in_force.append(Figure(None))
            continue
        n = sum(
            any(first <= day <= last for first, last in agreement_spans)
            for agreement_spans in spans.values()
        )
        in_force.append(count(n, protect=False))
    for versions in _by_agreement(records).values():
        latest = versions[-1]
        if latest["history_type"] == "-" or not any(
            v["status"] == AgreementStatus.ACTIVE for v in versions
        ):
            continue  # never in force (a draft, or ended without activation) or deleted
        start = month_start(latest["valid_from"])
        new[start] = new.get(start, 0) + 1
        end_days = []
        if latest["valid_to"] is not None:
            end_days.append(latest["valid_to"])
        ended_versions = [v for v in versions if v["status"] == AgreementStatus.ENDED]
        if ended_versions:
            end_days.append(local_date(ended_versions[0]["history_date"]))
        if end_days and min(end_days) <= today:
            end = month_start(min(end_days))
            ended[end] = ended.get(end, 0) + 1
    return Measure(
        slug="agreements",
        title=_("Partner agreements"),
        definition=_(
            "In force: agreements that were active and within their validity on the last "
            "day of the month (today for the current month), as their version history "
            "recorded them then. New: agreements whose validity starts in the month and "
            "that have been activated (drafts are not counted). Ended: agreements whose "
            "validity ended in the month, or that were ended in the month (the earlier of "
            "the two). Dates are Europe/Helsinki. With a municipality or theme chosen: the "
            "agreements of partners that organise an activity there."
        ),
        months=months,
        rows=[
            Row("in_force", _("In force"), in_force),
            Row("new", _("New"), _series(new, months, protect=False)),
            Row("ended", _("Ended"), _series(ended, months, protect=False)),
        ],
        protected=False,
    )


# --- 2. referrals ----------------------------------------------------------------


def _count_by_month(queryset, field: str) -> dict[date, int]:
    rows = (
        queryset.annotate(month=local_month(field))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return {_month_key(month): n for month, n in rows}


def _referrals_definition() -> str:
    return _(
        "Referrals made on the catalogue, by the month they were sent (Europe/Helsinki), "
        "whatever happened to them later (withdrawn ones included)."
    )


def _referral_breakdown(scope: Scope, by: str) -> Measure:
    from wagtail_hyte.activities.models import TargetGroup, Theme
    from wagtail_hyte.core.models import Municipality
    from wagtail_hyte.partners.models import Partner

    months = scope.months()
    sent = _sent_in(scope)
    field, model, note = {
        "partner": ("partner_id", Partner, ""),
        "municipality": (
            "activity__municipalities",
            Municipality,
            _(
                "By the activity's municipalities: an activity in two municipalities "
                "counts in both, so the rows add up to more than the total."
            ),
        ),
        "theme": (
            "activity__themes",
            Theme,
            _(
                "By the activity's themes: an activity with two themes counts in both, so "
                "the rows add up to more than the total."
            ),
        ),
        "target_group": (
            "activity__target_groups",
            TargetGroup,
            _(
                "By the activity's target groups: an activity for two target groups counts "
                "in both, so the rows add up to more than the total; activities without a "
                "target group are counted under “No target group”."
            ),
        ),
    }[by]
    total = _count_by_month(sent, "sent_at")
    rows = (
        sent.annotate(month=local_month("sent_at"))
        .values("month", field)
        .annotate(n=Count("pk"))
        .values_list("month", field, "n")
    )
    parts: dict[int | None, dict[date, int]] = defaultdict(dict)
    for month, key, n in rows:
        parts[key][_month_key(month)] = n
    names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[k for k in parts if k])}
    labelled = []
    for key, values in parts.items():
        label = names.get(key, "") if key is not None else _("No target group")
        labelled.append((key is None, label, key, values))
    labelled.sort(key=lambda item: (item[0], item[1].lower()))
    table = [Row("total", _("Referrals"), _series(total, months), is_total=True)]
    for _none, label, key, values in labelled:
        table.append(Row(f"{by}-{key or 'none'}", label, _series(values, months)))
    # Partners add up to the total; municipalities, themes and target groups
    # overlap, but may add up to it too (every activity in one), so all are protected.
    protect_totals(table)
    definition = _referrals_definition()
    if note:
        definition = f"{definition} {note}"
    return Measure(
        slug="referrals",
        title=_("Referrals made"),
        definition=definition,
        months=months,
        rows=table,
    )


# --- 3. and 6. recommendations ---------------------------------------------------


def _recommendations(scope: Scope):
    from wagtail_hyte.recommendations.models import RecommendationCount

    return RecommendationCount.objects.filter(
        _activity_condition(scope),
        date__gte=scope.start,
        date__lt=scope.after_end,
    ).order_by()


def _recommendation_rows(scope: Scope, cache: dict | None) -> list[tuple[date, str, bool, int]]:
    """(month, channel, referral offered, recommendations): one grouped query,
    shared by the two recommendation measures."""

    def compute():
        rows = (
            _recommendations(scope)
            .annotate(month=TruncMonth("date"))
            .values("month", "channel", "referral_offered")
            .annotate(n=Sum("count"))
            .values_list("month", "channel", "referral_offered", "n")
        )
        return [(_month_key(m), channel, offered, n or 0) for m, channel, offered, n in rows]

    return _memo(cache, ("recommendations", scope), compute)


def recommendations_measure(
    scope: Scope, today: date | None = None, cache: dict | None = None
) -> Measure:
    from wagtail_hyte.recommendations.choices import Channel

    months = scope.months()
    by_channel: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[date, int] = defaultdict(int)
    for month, channel, _offered, n in _recommendation_rows(scope, cache):
        by_channel[channel][month] += n
        total[month] += n
    table = [Row("total", _("Recommendations"), _series(total, months, False), is_total=True)]
    for channel in Channel:
        table.append(
            Row(channel.value, str(channel.label), _series(by_channel[channel], months, False))
        )
    return Measure(
        slug="recommendations",
        title=_("Recommendations"),
        definition=_(
            "Activities recommended to clients by professionals signed in to the catalogue, "
            "by text message, email or printout, by the day they were recommended "
            "(Europe/Helsinki); a message recommending three activities counts three times. "
            "Daily totals, not linked to clients or professionals, so small numbers are shown."
        ),
        months=months,
        rows=table,
        protected=False,
    )


def recommendations_offered_measure(
    scope: Scope, today: date | None = None, cache: dict | None = None
) -> Measure:
    months = scope.months()
    offered: dict[date, int] = defaultdict(int)
    other: dict[date, int] = defaultdict(int)
    for month, _channel, is_offered, n in _recommendation_rows(scope, cache):
        (offered if is_offered else other)[month] += n
    total = {m: offered.get(m, 0) + other.get(m, 0) for m in months}
    share = [derived(_percent(offered.get(m, 0), total[m]), total[m], False) for m in months]
    return Measure(
        slug="recommendations_offered",
        title=_("Recommendations of activities with and without a referral option"),
        definition=_(
            "Recommendations made by signed-in professionals, split by whether the "
            "recommended activity could take a referral at the moment of recommending, by "
            "month (Europe/Helsinki). The share is the percentage of recommendations that "
            "were for activities with a referral option."
        ),
        months=months,
        rows=[
            Row("total", _("Recommendations"), _series(total, months, False), is_total=True),
            Row("offered", _("With a referral option"), _series(offered, months, False)),
            Row("not_offered", _("Without a referral option"), _series(other, months, False)),
            Row("offered_share", _("With a referral option (%)"), share),
        ],
        protected=False,
    )


# --- 4. searches -----------------------------------------------------------------


def searches_measure(scope: Scope, today: date | None = None) -> Measure:
    from wagtail_hyte.metrics.models import Audience, SearchDay

    months = scope.months()
    rows = (
        SearchDay.objects.filter(
            audience=Audience.PROFESSIONAL, date__gte=scope.start, date__lt=scope.after_end
        )
        .order_by()
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Sum("searches"), referral=Sum("referral_filter"))
        .values_list("month", "n", "referral")
    )
    searches, referral = {}, {}
    for month, n, with_filter in rows:
        searches[_month_key(month)] = n or 0
        referral[_month_key(month)] = with_filter or 0
    share = [
        derived(_percent(referral.get(m, 0), searches.get(m, 0)), searches.get(m, 0), False)
        for m in months
    ]
    return Measure(
        slug="searches",
        title=_("Professionals' searches"),
        definition=_(
            "Catalogue listings with a search word or a filter served to signed-in "
            "professionals (superusers excluded), by day (Europe/Helsinki), and how many "
            "of them had the “Referral possible” filter on. Daily totals, never linked to "
            "a person. Searches are not linked to activities: the partner, municipality "
            "and theme filters do not apply."
        ),
        months=months,
        rows=[
            Row("total", _("Searches"), _series(searches, months, False), is_total=True),
            Row(
                "referral_filter",
                _("With the “Referral possible” filter"),
                _series(referral, months, False),
            ),
            Row("referral_filter_share", _("With the “Referral possible” filter (%)"), share),
        ],
        protected=False,
    )


# --- 5. page views: referral on offer vs comparable --------------------------------


def views_offered_measure(scope: Scope, today: date | None = None) -> Measure:

    from .models import ViewMonth

    months = scope.months()
    in_scope = ViewMonth.objects.filter(
        _page_condition(scope, "page__"), month__gte=scope.start, month__lte=scope.end
    ).order_by()
    rows = (
        in_scope.filter(Q(offered=True) | Q(comparable=True))
        .values("month", "offered")
        .annotate(views=Sum("views"), days=Sum("days"), pages=Count("page_id", distinct=True))
        .values_list("month", "offered", "views", "days", "pages")
    )
    offered: dict[date, tuple[int, int, int]] = {}
    comparable: dict[date, tuple[int, int, int]] = {}
    for month, is_offered, views, days, pages in rows:  # offered, or not and comparable
        (offered if is_offered else comparable)[_month_key(month)] = (views or 0, days or 0, pages)

    def row(key, label, values, index):
        return Row(key, label, [count(values.get(m, (0, 0, 0))[index], False) for m in months])

    def rate(key, label, values):
        figures = []
        for month in months:
            views, days, _pages = values.get(month, (0, 0, 0))
            figures.append(derived(round(30 * views / days, 1) if days else None, days, False))
        return Row(key, label, figures)

    return Measure(
        slug="views_offered",
        title=_("Page views of activities with and without a referral option"),
        definition=_(
            "Views of activity pages on the days the activity offered a referral (an "
            "agreement in force that day covered it, as the agreement's version history "
            "recorded it then; a full quota does not matter), compared with the views of "
            "comparable activities that offered none in the month: activities sharing a "
            "theme and a municipality with an activity that offered a referral in the same "
            "month (any partner's). Themes and municipalities are the activities' present "
            "ones. “Per page per 30 days” divides the views by the days the pages had "
            "been published in that state, so part months compare fairly. Local days "
            "(Europe/Helsinki); recomputed every night for the current and the previous "
            "month."
        ),
        months=months,
        rows=[
            row("offered_views", _("Views, referral offered"), offered, 0),
            row("comparable_views", _("Views, comparable without referral"), comparable, 0),
            row("offered_pages", _("Activities offering a referral"), offered, 2),
            row("comparable_pages", _("Comparable activities without referral"), comparable, 2),
            rate("offered_rate", _("Views per page per 30 days, referral offered"), offered),
            rate(
                "comparable_rate",
                _("Views per page per 30 days, comparable without referral"),
                comparable,
            ),
        ],
        protected=False,
    )


# --- outcomes --------------------------------------------------------------------


def _outcome_rows(scope: Scope, extra: tuple[str, ...] = ()):
    closed = Coalesce("succeeded_at", "cancelled_at", "withdrawn_at")
    kind = Case(
        When(succeeded_at__isnull=False, then=Value("succeeded")),
        When(cancelled_at__isnull=False, then=F("cancellation_reason")),
        default=Value("withdrawn"),
        output_field=CharField(),
    )
    queryset = (
        _referrals(scope)
        .filter(
            Q(succeeded_at__isnull=False)
            | Q(cancelled_at__isnull=False)
            | Q(withdrawn_at__isnull=False)
        )
        .annotate(closed_at=closed, outcome=kind)
        .filter(closed_at__gte=scope.starts_at, closed_at__lt=scope.ends_at)
        .annotate(month=local_month("closed_at"))
        .values("month", "outcome", *extra)
        .annotate(n=Count("pk"))
        .values_list("month", "outcome", *extra, "n")
    )
    return queryset


def _outcome_labels() -> list[tuple[str, str]]:
    from wagtail_hyte.referrals.models import CancellationReason

    labels = [("succeeded", _("Succeeded"))]
    for key in CANCELLATION_KEYS:
        labels.append(
            (
                key,
                _("Cancelled: %(reason)s") % {"reason": str(CancellationReason(key).label)},
            )
        )
    labels.append(("withdrawn", _("Consent withdrawn")))
    return labels


def _outcomes_definition() -> str:
    return _(
        "Referrals closed in the month (Europe/Helsinki), by outcome: succeeded, cancelled "
        "(by the partner's reason) or the client's consent withdrawn before an outcome was "
        "reported. A referral counts once, in the month of its first outcome: consent "
        "withdrawn after an outcome leaves the outcome counted."
    )


def _outcome_table(prefix: str, label: str, counts, months) -> list[Row]:
    total: dict[date, int] = defaultdict(int)
    for (month, _key), n in counts.items():
        total[month] += n
    rows = [Row(prefix or "total", label, _series(total, months), is_total=True)]
    for key, key_label in _outcome_labels():
        values = {month: n for (month, k), n in counts.items() if k == key}
        rows.append(Row(f"{prefix}-{key}" if prefix else key, key_label, _series(values, months)))
    return rows


def outcomes_measure(scope: Scope, today: date | None = None) -> Measure:
    months = scope.months()
    counts = {(_month_key(month), key): n for month, key, n in _outcome_rows(scope)}
    rows = protect_totals(_outcome_table("", _("Closed referrals"), counts, months))
    return Measure(
        slug="outcomes",
        title=_("Outcomes of referrals"),
        definition=_outcomes_definition(),
        months=months,
        rows=rows,
    )


def _outcomes_by_partner(scope: Scope) -> Measure:
    from wagtail_hyte.partners.models import Partner

    months = scope.months()
    counts: dict[int, dict] = defaultdict(dict)
    for month, key, partner_id, n in _outcome_rows(scope, ("partner_id",)):
        counts[partner_id][(_month_key(month), key)] = n
    partners = sorted(Partner.objects.filter(pk__in=counts), key=lambda p: p.name.lower())
    rows = []
    for partner in partners:
        rows.extend(
            _outcome_table(f"partner-{partner.pk}", partner.name, counts[partner.pk], months)
        )
    protect_totals(rows)
    return Measure(
        slug="outcomes",
        title=_("Outcomes of referrals"),
        definition=_("%(definition)s Per partner: each partner's total, then its outcomes.")
        % {"definition": _outcomes_definition()},
        months=months,
        rows=rows,
    )


# --- referrals by month of sending: counts, overdue, response times ------------


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks (PostgreSQL's
    ``percentile_cont``); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def _overdue_condition(months: list[date], today: date) -> Q:
    """Referrals overdue at the end of their month of sending (today in the
    current one): no partner action and not withdrawn by then, due date passed
    (``referrals.models.is_overdue`` judged on that day)."""
    condition = Q(pk__isnull=True)  # never true: no month judged yet
    for month in months:
        if month > today:
            continue
        day, moment = _month_end(month, today)
        start, end = local_midnight(month), local_midnight(add_months(month, 1))
        condition |= (
            Q(sent_at__gte=start, sent_at__lt=end, due_date__lt=day)
            & (Q(first_action_at__isnull=True) | Q(first_action_at__gte=moment))
            & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=moment))
        )
    return condition


STATS = ("sent", "overdue", "acted", "kept", "judged_unacted", "closed")
FRACTIONS = {"median": 0.5, "p90": 0.9}


def sent_stats(scope: Scope, today: date | None = None, cache: dict | None = None) -> dict:
    """Per month of sending: the counts in ``STATS`` and the response-time
    percentiles (``{month: {...}}``), for the referrals, overdue and
    response-time measures. One grouped query on PostgreSQL (percentile_cont);
    elsewhere a second one reads the timestamps for the percentiles in Python.
    ``cache``: a dict shared by the measures of one ``all_measures`` call."""
    from django.db import connections, router

    from wagtail_hyte.referrals.models import Referral

    key = ("sent_stats", scope, today)
    if cache is not None and key in cache:
        return cache[key]
    today = _today(today)
    months = scope.months()
    in_sql = connections[router.db_for_read(Referral)].vendor == "postgresql"
    acted_day = TruncDate("first_action_at", tzinfo=HELSINKI)
    withdrawn_day = TruncDate("withdrawn_at", tzinfo=HELSINKI)
    aggregates = {
        "sent": Count("pk"),
        "overdue": Count("pk", filter=_overdue_condition(months, today)),
        "acted": Count("first_action_at"),
        "kept": Count("pk", filter=Q(acted_on__lte=F("due_date"))),
        # Never acted on, due date passed, not withdrawn by then: the promise was broken.
        "judged_unacted": Count(
            "pk",
            filter=Q(first_action_at__isnull=True, due_date__lt=today)
            & (Q(withdrawn_at__isnull=True) | Q(withdrawn_on__gt=F("due_date"))),
        ),
        "closed": Count(Coalesce("succeeded_at", "cancelled_at")),
    }
    to_action = ExpressionWrapper(F("first_action_at") - F("sent_at"), DurationField())
    to_outcome = ExpressionWrapper(
        Coalesce("succeeded_at", "cancelled_at") - F("sent_at"), DurationField()
    )
    if in_sql:
        for name, fraction in FRACTIONS.items():
            aggregates[f"action_{name}"] = PercentileCont(
                to_action, fraction, output_field=DurationField()
            )
            aggregates[f"outcome_{name}"] = PercentileCont(
                to_outcome, fraction, output_field=DurationField()
            )
    rows = (
        _sent_in(scope)
        .annotate(month=local_month("sent_at"), acted_on=acted_day, withdrawn_on=withdrawn_day)
        .values("month")
        .annotate(**aggregates)
    )
    stats: dict[date, dict] = {}
    for row in rows:
        month = _month_key(row.pop("month"))
        for name, value in row.items():
            if isinstance(value, timedelta):
                row[name] = value.total_seconds() / 86400
        stats[month] = row
    if not in_sql:
        # SQLite has no percentile_cont: the one place referral rows reach Python.
        durations: dict[tuple[date, str], list[float]] = defaultdict(list)
        timestamps = _sent_in(scope).values_list(
            "sent_at", "first_action_at", "succeeded_at", "cancelled_at"
        )
        for sent_at, acted_at, succeeded_at, cancelled_at in timestamps:
            month = month_start(local_date(sent_at))
            if acted_at:
                durations[(month, "action")].append(_days(sent_at, acted_at))
            if succeeded_at or cancelled_at:
                durations[(month, "outcome")].append(_days(sent_at, succeeded_at or cancelled_at))
        for month, row in stats.items():
            for what in ("action", "outcome"):
                for name, fraction in FRACTIONS.items():
                    row[f"{what}_{name}"] = percentile(durations[(month, what)], fraction)
    if cache is not None:
        cache[key] = stats
    return stats


def _stat(stats: dict, months: list[date], name: str) -> dict[date, int]:
    return {month: stats[month][name] for month in months if month in stats}


def referrals_measure(scope: Scope, today: date | None = None, cache: dict | None = None):
    months = scope.months()
    made = _stat(sent_stats(scope, today, cache), months, "sent")
    return Measure(
        slug="referrals",
        title=_("Referrals made"),
        definition=_referrals_definition(),
        months=months,
        rows=[Row("total", _("Referrals"), _series(made, months), is_total=True)],
    )


def response_times_measure(
    scope: Scope, today: date | None = None, cache: dict | None = None
) -> Measure:
    months = scope.months()
    stats = sent_stats(scope, today, cache)
    empty = dict.fromkeys(STATS, 0)

    def stat(what: str, name: str) -> list[Figure]:
        figures = []
        for month in months:
            row = stats.get(month, empty)
            value = row.get(f"{what}_{name}")
            base = row["acted"] if what == "action" else row["closed"]
            figures.append(derived(None if value is None else round(value, 1), base))
        return figures

    within = []
    for month in months:
        row = stats.get(month, empty)
        within.append(_share(row["kept"], row["acted"] + row["judged_unacted"]))
    return Measure(
        slug="response_times",
        title=_("Response times"),
        definition=_(
            "For referrals sent in the month (Europe/Helsinki): days (24-hour periods) "
            "from sending to the partner's first action (accepting, logging a contact "
            "attempt or reporting the outcome) and to the reported outcome (succeeded or "
            "cancelled), as the median and the 90th percentile (interpolated). Within the "
            "promise: the percentage of referrals whose first action came on or before "
            "their due date (the agreement's contact promise in Finnish working days), "
            "of those acted on or past their due date; a referral withdrawn by its due "
            "date without action is left out. A median or percentile is hidden when fewer "
            "referrals than the small-cell threshold are behind it; a percentage also when "
            "the referrals within or outside the promise are that few."
        ),
        months=months,
        rows=[
            Row("first_action_median", _("First action, median (days)"), stat("action", "median")),
            Row(
                "first_action_p90",
                _("First action, 90th percentile (days)"),
                stat("action", "p90"),
            ),
            Row("outcome_median", _("Outcome, median (days)"), stat("outcome", "median")),
            Row("outcome_p90", _("Outcome, 90th percentile (days)"), stat("outcome", "p90")),
            Row("within_promise", _("First action within the contact promise (%)"), within),
        ],
        unit="days",
    )


def overdue_measure(scope: Scope, today: date | None = None, cache: dict | None = None):
    months = scope.months()
    stats = sent_stats(scope, today, cache)
    sent, late = _stat(stats, months, "sent"), _stat(stats, months, "overdue")
    share = [_share(late.get(m, 0), sent.get(m, 0)) for m in months]
    return Measure(
        slug="overdue",
        title=_("Overdue referrals"),
        definition=_(
            "Of the referrals sent in the month (Europe/Helsinki): how many were overdue "
            "at the end of the month (today for the current month), i.e. still without "
            "any action by the partner and not withdrawn, with their due date (the "
            "contact promise in working days) passed; and their percentage of those sent "
            "(hidden when the overdue or the other referrals are a small cell)."
        ),
        months=months,
        rows=[
            Row("sent", _("Referrals sent"), _series(sent, months), is_total=True),
            Row("overdue", _("Overdue at the end of the month"), _series(late, months)),
            Row("overdue_share", _("Overdue at the end of the month (%)"), share),
        ],
    )


# --- quota use -------------------------------------------------------------------


def quota_use_measure(
    scope: Scope, today: date | None = None, cache: dict | None = None
) -> Measure:
    from wagtail_hyte.agreements.models import QuotaReservation

    from .rollups import in_force_spans

    today = _today(today)
    months = scope.months()
    records = _memo(cache, ("agreements", scope), lambda: _agreement_records(scope))
    spans: dict[int, list[tuple[dict, date, date]]] = defaultdict(list)
    for record, first, last in in_force_spans(records, today):
        if first < scope.after_end and last >= scope.start:
            spans[record["id"]].append((record, first, last))
    reserved: dict[tuple[int, datetime], int] = {}
    if spans:
        rows = (
            QuotaReservation.objects.filter(
                agreement_id__in=list(spans),
                released_at__isnull=True,
                period_start__lt=scope.ends_at,
            )
            .filter(Q(period_end__isnull=True) | Q(period_end__gt=scope.starts_at))
            .order_by()
            .values("agreement_id", "period_start")
            .annotate(n=Count("pk"))
            .values_list("agreement_id", "period_start", "n")
        )
        reserved = {(a, p): n for a, p, n in rows}
    table = []
    ordered = sorted(spans.items(), key=lambda item: item[1][-1][0]["reference_number"])
    for agreement_id, agreement_spans in ordered:
        latest = agreement_spans[-1][0]
        name = f"{latest['reference_number']} – {latest['title']}"
        used, quota = [], []
        for month in months:
            last_day = date.fromordinal(add_months(month, 1).toordinal() - 1)
            in_month = [
                (record, first, last)
                for record, first, last in agreement_spans
                if first <= last_day and last >= month
            ]
            if not in_month:
                used.append(Figure(None))
                quota.append(Figure(None))
                continue
            record, first, _last = in_month[-1]
            period = period_containing(
                record["quota_period"],
                local_midnight(max(month, first)),
                term_start=record["valid_from"],
                term_end=record["valid_to"],
            )
            n = sum(
                value
                for (a, start), value in reserved.items()
                if a == agreement_id and abs((start - period.start).total_seconds()) < 1
            )
            used.append(count(n))
            quota.append(count(record["quota"], protect=False))
        table.append(
            Row(
                f"agreement-{agreement_id}-reserved",
                _("%(agreement)s: reserved") % {"agreement": name},
                used,
            )
        )
        table.append(
            Row(
                f"agreement-{agreement_id}-quota",
                _("%(agreement)s: quota") % {"agreement": name},
                quota,
            )
        )
    return Measure(
        slug="quota_use",
        title=_("Quota use"),
        definition=_(
            "Per agreement in force during the scope: the quota slots reserved in the "
            "quota period that contains the month (referrals made, less slots given back "
            "when consent was withdrawn from an open referral) and the quota of that "
            "period (of the agreement version in force in the month). A quarterly, yearly "
            "or whole-term quota shows the same period's figures in each of its months. "
            "Periods are Europe/Helsinki."
        ),
        months=months,
        rows=table,
    )


# --- the API ---------------------------------------------------------------------

# --- client feedback (asiakaskokemus) ----------------------------------------------


def feedback_measure(scope: Scope, today: date | None = None) -> Measure:
    """Feedback requests sent (and failed) and the anonymous answers, by month:
    two queries. Answers carry partner, activity and month only; sends are daily
    totals and follow no filter."""
    from wagtail_hyte.referrals.feedback_models import FeedbackAnswer, FeedbackSendDay

    months = scope.months()
    sent: dict[date, int] = defaultdict(int)
    failed: dict[date, int] = defaultdict(int)
    sends = (
        FeedbackSendDay.objects.filter(date__gte=scope.start, date__lt=scope.after_end)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(sent=Sum("sent"), failed=Sum("failed"))
        .values_list("month", "sent", "failed")
        .order_by()
    )
    for month, n_sent, n_failed in sends:
        sent[_month_key(month)] += n_sent or 0
        failed[_month_key(month)] += n_failed or 0
    answers = FeedbackAnswer.objects.filter(month__gte=scope.start, month__lt=scope.after_end)
    if scope.partner_id:
        answers = answers.filter(partner_id=scope.partner_id)
    answers = answers.filter(_activity_condition(scope))
    stats = {
        _month_key(row["month"]): row
        for row in answers.values("month")
        .annotate(
            n=Count("pk"),
            contacted=Count("pk", filter=Q(contacted="yes")),
            took_part=Count("pk", filter=Q(took_part="yes")),
            rated=Count("usefulness"),
            usefulness=Avg("usefulness"),
        )
        .order_by()
    }

    def column(name: str) -> dict[date, int]:
        return {month: row[name] for month, row in stats.items()}

    def share(name: str) -> list[Figure]:
        return [
            _share(stats[m][name], stats[m]["n"]) if m in stats else Figure(None) for m in months
        ]

    usefulness = [
        derived(round(stats[m]["usefulness"], 1), stats[m]["rated"])
        if m in stats and stats[m]["rated"]
        else Figure(None)
        for m in months
    ]
    return Measure(
        slug="feedback",
        title=_("Client feedback"),
        definition=_(
            "Feedback requests sent to clients who agreed to one when the referral was made, "
            "by the day they were sent (a failed send is counted apart), and the anonymous "
            "answers by the month the referral closed (Europe/Helsinki). An answer holds "
            "only the partner, the activity and the month; usefulness is the average of the "
            "answers that rated it from 1 to 5. Requests follow no filter."
        ),
        months=months,
        rows=[
            Row("sent", _("Feedback requests sent"), _series(sent, months)),
            Row("failed", _("Feedback requests that could not be sent"), _series(failed, months)),
            Row("answers", _("Answers"), _series(column("n"), months), is_total=True),
            Row("contacted_share", _("Were contacted by the organiser (%)"), share("contacted")),
            Row("took_part_share", _("Took part in the activity (%)"), share("took_part")),
            Row("usefulness", _("Usefulness, average of 1–5"), usefulness),
        ],
        unit="count",
    )


BUILDERS: dict[str, Callable[..., Measure]] = {
    "agreements": agreements_measure,
    "referrals": referrals_measure,
    "recommendations": recommendations_measure,
    "searches": searches_measure,
    "views_offered": views_offered_measure,
    "recommendations_offered": recommendations_offered_measure,
    "outcomes": outcomes_measure,
    "response_times": response_times_measure,
    "overdue": overdue_measure,
    "quota_use": quota_use_measure,
    "feedback": feedback_measure,
}


# Measures that share queries within one all_measures call (the ``cache``):
# sent_stats, the agreement history, the recommendation rows.
SHARED = {
    "referrals",
    "response_times",
    "overdue",
    "agreements",
    "quota_use",
    "recommendations",
    "recommendations_offered",
}


def measure(slug: str, scope: Scope, *, today: date | None = None) -> Measure:
    """One measure (``slug`` from ``MEASURES``) over ``scope``; KeyError for another slug."""
    builder = BUILDERS[slug]
    return builder(scope, today=today, cache={}) if slug in SHARED else builder(scope, today=today)


def all_measures(scope: Scope, *, today: date | None = None) -> list[Measure]:
    """Every measure in ``MEASURES`` order: 9 queries on PostgreSQL, 10 on
    SQLite, whatever the amount of data."""
    cache: dict = {}
    return [
        BUILDERS[slug](scope, today=today, cache=cache)
        if slug in SHARED
        else BUILDERS[slug](scope, today=today)
        for slug in MEASURES
    ]


def breakdown(slug: str, scope: Scope, by: str, *, today: date | None = None) -> Measure:
    """``referrals`` by ``partner``, ``municipality``, ``theme`` or ``target_group``;
    ``outcomes`` by ``partner``. ValueError for any other combination."""
    if by not in BREAKDOWNS.get(slug, ()):
        raise ValueError(f"no breakdown of {slug!r} by {by!r}")
    if slug == "referrals":
        return _referral_breakdown(scope, by)
    return _outcomes_by_partner(scope)
