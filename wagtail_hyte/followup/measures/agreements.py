"""Measure 1, partner agreements (in force, new, ended), and the agreements'
version history it shares with quota use."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from wagtail_hyte.core.periods import local_date, month_start

from ..figures import Figure, Measure, Row, count
from ..scope import Scope
from .common import _memo, _month_end, _page_condition, _series, _today


def _agreement_records(scope: Scope) -> list[dict]:
    from wagtail_hyte.activities.models import ActivityPage
    from wagtail_hyte.agreements.models import PartnerAgreement

    from ..rollups import history_records

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

    from ..rollups import in_force_spans

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
