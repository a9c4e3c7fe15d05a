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

This package holds the registry and the entry points (``measure``,
``all_measures``, ``breakdown``); the measures are in modules named after what
they hold: ``agreements``, ``referrals`` (referrals made, overdue, response
times), ``usage`` (recommendations, searches, page views), ``outcomes``,
``quota`` and ``feedback``, over the shared helpers of ``common``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..figures import Measure
from ..scope import Scope
from .agreements import agreements_measure
from .common import PercentileCont, local_month, percentile
from .feedback import feedback_measure
from .outcomes import CANCELLATION_KEYS, _outcomes_by_partner, outcomes_measure
from .quota import quota_use_measure
from .referrals import (
    FRACTIONS,
    STATS,
    _referral_breakdown,
    overdue_measure,
    referrals_measure,
    response_times_measure,
    sent_stats,
)
from .usage import (
    recommendations_measure,
    recommendations_offered_measure,
    searches_measure,
    views_offered_measure,
)

__all__ = [
    "BREAKDOWNS",
    "BUILDERS",
    "CANCELLATION_KEYS",
    "FRACTIONS",
    "MEASURES",
    "SHARED",
    "STATS",
    "PercentileCont",
    "agreements_measure",
    "all_measures",
    "breakdown",
    "feedback_measure",
    "local_month",
    "measure",
    "outcomes_measure",
    "overdue_measure",
    "percentile",
    "quota_use_measure",
    "recommendations_measure",
    "recommendations_offered_measure",
    "referrals_measure",
    "response_times_measure",
    "searches_measure",
    "sent_stats",
    "views_offered_measure",
]

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
