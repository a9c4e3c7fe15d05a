"""Measure 2 and the measures by month of sending: referrals made (and their
breakdowns by partner, municipality, theme and target group), overdue
referrals and response times, from one grouped query (``sent_stats``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from wagtail_hyte.core.periods import HELSINKI, add_months, local_date, local_midnight, month_start

from ..figures import Figure, Measure, Row, derived, protect_totals
from ..scope import Scope
from .common import (
    PercentileCont,
    _days,
    _month_end,
    _month_key,
    _sent_in,
    _series,
    _share,
    _today,
    local_month,
    percentile,
)


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
