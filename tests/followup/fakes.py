"""Fake follow-up measures for the views', charts' and exports' tests.

``install(monkeypatch)`` puts a fake ``wagtail_hyte.followup.measures`` in place
(whether the real one exists or not), so that the presentation is tested with
known figures: small cells (hidden) and zeros in every measure.
"""

import sys
import types
from datetime import date

from wagtail_hyte.followup.figures import Figure, Measure, Row, count, derived
from wagtail_hyte.followup.measures import MEASURES

# The real measures' slugs, in their order (the fakes stand in for each).
SLUGS = list(MEASURES)
# A hidden cell's value: tests check it never reaches a page, chart or export.
HIDDEN_VALUE = 3


def _series(months, values):
    return [count(values[i % len(values)]) for i in range(len(months))]


def fake_measure(slug, scope):
    months = scope.months()
    title = f"Measure {slug}"
    definition = f"What {slug} counts, in words."
    if slug == "outcomes":
        rows = [
            Row("succeeded", "The client joined", _series(months, [12, HIDDEN_VALUE, 0])),
            Row("not_reached", "=Not reached", _series(months, [7, 5, HIDDEN_VALUE])),
            Row("total", "Total", [Figure(None, hidden=True) for _m in months], is_total=True),
        ]
    elif slug == "response_times":
        rows = [Row("median", "Median days", [derived(2.5, 12), derived(9.0, 2)] * len(months))]
        rows[0].values = rows[0].values[: len(months)]
        return Measure(slug, title, definition, months, rows, unit="days")
    elif slug == "quota_use":
        rows = [Row("used", "Used", [Figure(40.0)] * len(months))]
        return Measure(slug, title, definition, months, rows, unit="percent", protected=False)
    elif slug == "agreements":
        rows = [
            Row("active", "Active agreements", [Figure(2, False)] * len(months), is_total=True),
            Row("new", "New agreements", [Figure(1, False)] * len(months)),
        ]
        return Measure(slug, title, definition, months, rows, protected=False)
    else:
        rows = [
            Row("total", "Total", _series(months, [20, HIDDEN_VALUE, 0, 11]), is_total=True),
        ]
    return Measure(slug, title, definition, months, rows)


def fake_breakdown(slug, scope, by):
    months = scope.months()
    measure = fake_measure(slug, scope)
    measure.rows = [
        Row(f"{by}-1", f"First {by}", _series(months, [9, HIDDEN_VALUE])),
        Row(f"{by}-2", f"Second {by}", _series(months, [6])),
    ]
    return measure


def fake_module(slugs=SLUGS):
    module = types.ModuleType("wagtail_hyte.followup.measures")
    module.MEASURES = list(slugs)
    module.calls = []

    def measure(slug, scope):
        module.calls.append(("measure", slug, scope))
        return fake_measure(slug, scope)

    def all_measures(scope):
        module.calls.append(("all", None, scope))
        return [fake_measure(slug, scope) for slug in module.MEASURES]

    def breakdown(slug, scope, by):
        module.calls.append(("breakdown", slug, scope, by))
        return fake_breakdown(slug, scope, by)

    module.measure, module.all_measures, module.breakdown = measure, all_measures, breakdown
    return module


def install(monkeypatch, slugs=SLUGS):
    import wagtail_hyte.followup as package

    module = fake_module(slugs)
    monkeypatch.setitem(sys.modules, "wagtail_hyte.followup.measures", module)
    monkeypatch.setattr(package, "measures", module, raising=False)
    return module


def scope(start=date(2025, 1, 1), end=date(2025, 3, 1), **filters):
    from wagtail_hyte.followup.scope import Scope

    return Scope(start=start, end=end, **filters)
