"""A measure as table rows, for the HTML table, the spreadsheet exports and the
yearly workbook.

Cells are ``str(Figure)``: a hidden cell is "< 5" in every export, never its
number. CSV cells are formula-injection safe (``core.spreadsheets.safe_cell``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail_hyte.core.spreadsheets import safe_cell

from .figures import Figure, Measure, small_cell_threshold


def month_key(month) -> str:
    """The column key and export heading of a month: "2025-01"."""
    return month.strftime("%Y-%m")


def month_label(month) -> str:
    """A month as people read it: "tammikuu 2025"."""
    return date_format(month, "YEAR_MONTH_FORMAT")


@dataclass
class TableRow:
    """One line of a measure's table: its label and one ``Figure`` per month,
    also reachable by month key (``row["2025-01"]``) for Wagtail's columns and
    ``list_export``."""

    key: str
    label: str
    figures: list[Figure]
    month_keys: list[str]
    is_total: bool = False

    def __getitem__(self, name):
        try:
            return self.figures[self.month_keys.index(name)]
        except ValueError:
            raise KeyError(name) from None

    @property
    def cells(self) -> list[str]:
        return [str(figure) for figure in self.figures]


def table_rows(measure: Measure) -> list[TableRow]:
    keys = [month_key(month) for month in measure.months]
    return [
        TableRow(row.key, str(row.label), list(row.values), keys, row.is_total)
        for row in measure.rows
    ]


def table_header(measure: Measure) -> list[str]:
    return [_("Row"), *(month_key(month) for month in measure.months)]


def table_matrix(measure: Measure) -> list[list[str]]:
    """The header and every row as text, as exported."""
    return [table_header(measure)] + [[row.label, *row.cells] for row in table_rows(measure)]


def small_cell_rule() -> str:
    threshold = small_cell_threshold()
    return _(
        "Figures derived from referrals or client feedback show counts of 1 to %(below)s "
        "as “< %(threshold)s”, and a total, share or median that would reveal such a "
        "count is hidden the same way. Zeros are shown."
    ) % {"below": threshold - 1, "threshold": threshold}


def write_csv(rows) -> str:
    """``rows`` (lists of cells) as CSV text, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
