"""The outcomes of referrals by the month they closed, and their breakdown by
partner."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ..figures import Measure, Row, protect_totals
from ..scope import Scope
from .common import _month_key, _referrals, _series, local_month

CANCELLATION_KEYS = ("not_reached", "declined", "life_changed", "wrong_referral", "other")


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
