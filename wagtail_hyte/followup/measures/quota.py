"""Quota use: per agreement in force, the slots reserved in the quota period
of each month and that period's quota."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from wagtail_hyte.core.periods import add_months, local_midnight, period_containing

from ..figures import Figure, Measure, Row, count
from ..scope import Scope
from .agreements import _agreement_records
from .common import _memo, _today


def quota_use_measure(
    scope: Scope, today: date | None = None, cache: dict | None = None
) -> Measure:
    from wagtail_hyte.agreements.models import QuotaReservation

    from ..rollups import in_force_spans

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
