"""The shapes every follow-up measure is returned in, and small-cell protection.

A measure is a table: one ``Row`` per line (a total, a partner, a reason...),
one value per month. Values derived from referrals or feedback are ``Figure``
objects that already hide small cells: no view, chart or export can show a
number that the measure did not let through. The rule itself (the threshold,
"< N", zeros shown) is ``referrals.smallcells``, shared with the partners'
response figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from wagtail_hyte.referrals.smallcells import enough, hidden_label, is_small
from wagtail_hyte.referrals.smallcells import threshold as small_cell_threshold

__all__ = ["Figure", "Measure", "Row", "count", "derived", "protect_totals", "small_cell_threshold"]


@dataclass(frozen=True)
class Figure:
    """One cell. ``value`` is None when there is nothing to show (no data, or a
    median of nothing); ``hidden`` when it is a small cell (1 .. threshold-1) or
    hidden to protect one (a total would reveal it)."""

    value: int | float | None
    hidden: bool = False

    @property
    def shown(self) -> int | float | None:
        """The value a chart or export may use (None when hidden)."""
        return None if self.hidden else self.value

    def __str__(self) -> str:
        if self.hidden:
            return hidden_label()
        if self.value is None:
            return "–"
        if isinstance(self.value, float):
            return f"{self.value:.1f}"
        return str(self.value)


def count(value: int, protect: bool = True) -> Figure:
    """A count: hidden when 0 < value < threshold (zeros reveal nobody)."""
    return Figure(value, hidden=protect and is_small(value))


def derived(value: float | None, base: int, protect: bool = True) -> Figure:
    """A share, median or percentile computed from ``base`` items: hidden when
    the base is a small cell."""
    if value is None or base == 0:
        return Figure(None)
    return Figure(value, hidden=protect and not enough(base))


@dataclass
class Row:
    key: str
    label: str
    values: list[Figure]
    is_total: bool = False


@dataclass
class Measure:
    """A monthly series. ``months`` are first days of months (local dates);
    ``unit`` is "count", "days" or "percent"; ``definition`` says in words what
    is counted (shown under the table and on the export's first sheet)."""

    slug: str
    title: str
    definition: str
    months: list[date]
    rows: list[Row] = field(default_factory=list)
    unit: str = "count"
    protected: bool = True  # derived from referrals or feedback: small cells hidden

    def row(self, key: str) -> Row | None:
        return next((row for row in self.rows if row.key == key), None)


def protect_totals(rows: list[Row]) -> list[Row]:
    """Secondary suppression: no hidden cell can be recomputed from a total.

    A total row (``is_total``) heads the rows after it, up to the next total
    row. In each column where the total is shown and exactly one of its parts
    is hidden, the smallest other non-zero shown part is hidden too (the total
    itself when there is no such part). Changes ``rows`` in place and returns
    them.
    """
    groups: list[tuple[Row, list[Row]]] = []
    for row in rows:
        if row.is_total:
            groups.append((row, []))
        elif groups:
            groups[-1][1].append(row)
    for total, parts in groups:
        if not parts:
            continue
        for column in range(len(total.values)):
            if total.values[column].hidden or total.values[column].value is None:
                continue
            cells = [part.values[column] for part in parts]
            if sum(cell.hidden for cell in cells) != 1:
                continue
            candidates = [
                (cell.value, index)
                for index, cell in enumerate(cells)
                if not cell.hidden and cell.value
            ]
            if candidates:
                _, index = min(candidates)
                cell = parts[index].values[column]
                parts[index].values[column] = Figure(cell.value, hidden=True)
            else:
                total.values[column] = Figure(total.values[column].value, hidden=True)
    return rows
