"""The yearly report for the municipality's wellbeing report (hyvinvointikertomus,
laki 612/2021): one calendar year, all municipalities or one.

``yearly_workbook`` is an XLSX workbook whose first sheet, "Definitions", says
what the figures are (period, municipality, each measure's definition, the
small-cell rule, the date it was made); one sheet per measure follows.
``yearly_csv`` is the same as one CSV file, a section per measure. No personal
data is in either: only the measures' monthly figures, small cells hidden.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail_hyte.core.periods import local_date

from .exports import month_key, small_cell_rule, table_rows, write_csv
from .figures import Figure, Measure

#: The measures of the yearly report, in this order; those not installed are left out.
YEARLY_MEASURES = ["agreements", "referrals", "outcomes", "recommendations", "feedback"]
DEFINITIONS_SHEET = "Definitions"
SHEET_NAME_MAX = 31
DATE = "j.n.Y"  # as Finnish reports write dates, in every language
SHEET_NAME_FORBIDDEN = set("[]:*?/\\")


@dataclass
class YearlyReport:
    year: int
    municipality: object | None  # a core Municipality, or None for all
    measures: list[Measure]
    generated: date

    @property
    def municipality_name(self) -> str:
        return self.municipality.name if self.municipality else _("All municipalities")

    @property
    def period_text(self) -> str:
        first, last = date(self.year, 1, 1), date(self.year, 12, 31)
        return f"{date_format(first, DATE)}–{date_format(last, DATE)}"

    def filename(self, extension: str) -> str:
        """``hyte-yearly-2025-jyvaskyla.xlsx``: the year and the place, nothing else."""
        place = slugify(self.municipality.name_fi) if self.municipality else "all"
        return f"hyte-yearly-{self.year}-{place or 'municipality'}.{extension}"


def yearly_report(year: int, municipality=None, today: date | None = None) -> YearlyReport:
    from . import measures as measures_module
    from .forms import make_scope

    scope = make_scope(
        date(year, 1, 1),
        date(year, 12, 1),
        municipality_id=municipality.pk if municipality else None,
    )
    slugs = [slug for slug in YEARLY_MEASURES if slug in measures_module.MEASURES]
    return YearlyReport(
        year=year,
        municipality=municipality,
        measures=[measures_module.measure(slug, scope) for slug in slugs],
        generated=today or local_date(),
    )


def unit_text(unit: str) -> str:
    return {"days": _("days"), "percent": _("per cent")}.get(unit, _("count"))


def definition_rows(report: YearlyReport) -> list[list[str]]:
    """The "Definitions" sheet, as rows of text."""
    rows = [
        [_("HYTE follow-up: yearly report")],
        [],
        [_("Period"), report.period_text],
        [_("Municipality"), report.municipality_name],
        [_("Generated"), date_format(report.generated, DATE)],
        [_("Small cells"), small_cell_rule()],
        [
            _("Purpose"),
            _(
                "Figures for the municipality's wellbeing report (Act on organising "
                "healthcare and social welfare services 612/2021). No personal data."
            ),
        ],
        [],
        [_("Sheet"), _("Measure"), _("Unit"), _("Definition")],
    ]
    for sheet, measure in zip(sheet_names(report.measures), report.measures, strict=True):
        rows.append([sheet, str(measure.title), unit_text(measure.unit), str(measure.definition)])
    return rows


def sheet_names(measures: list[Measure]) -> list[str]:
    """A valid, unique Excel sheet name per measure (at most 31 characters)."""
    names, used = [], {DEFINITIONS_SHEET.lower()}
    for measure in measures:
        base = "".join(" " if c in SHEET_NAME_FORBIDDEN else c for c in str(measure.title))
        base = base.strip().strip("'")[:SHEET_NAME_MAX] or measure.slug[:SHEET_NAME_MAX]
        name, n = base, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
            n += 1
        used.add(name.lower())
        names.append(name)
    return names


def _xlsx_value(figure: Figure):
    """A shown number stays a number (people sum them); anything else is its text."""
    value = figure.shown
    if isinstance(value, bool) or value is None:
        return str(figure)
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, int):
        return value
    return str(figure)


def yearly_workbook(report: YearlyReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    definitions = workbook.active
    definitions.title = DEFINITIONS_SHEET
    for row in definition_rows(report):
        definitions.append([_text(cell) for cell in row])
    definitions["A1"].font = Font(bold=True, size=14)
    definitions.column_dimensions["A"].width = 22
    definitions.column_dimensions["B"].width = 40
    definitions.column_dimensions["D"].width = 80
    for row in definitions.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    for name, measure in zip(sheet_names(report.measures), report.measures, strict=True):
        sheet = workbook.create_sheet(title=name)
        sheet.append([_text(str(measure.title))])
        sheet["A1"].font = Font(bold=True)
        sheet.append([_text(str(measure.definition))])
        sheet.append([])
        sheet.append([_("Row"), *(month_key(month) for month in measure.months)])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in table_rows(measure):
            sheet.append([_text(row.label), *(_xlsx_value(f) for f in row.figures)])
        sheet.column_dimensions["A"].width = 36
        sheet.freeze_panes = "B5"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _text(value):
    """Text that openpyxl would take for a formula stays text."""
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value


def yearly_csv(report: YearlyReport) -> str:
    rows = [list(row) for row in definition_rows(report)]
    for measure in report.measures:
        rows += [
            [],
            [f"## {measure.title}"],
            [str(measure.definition)],
            [_("Row"), *(month_key(month) for month in measure.months)],
        ]
        rows += [[row.label, *row.cells] for row in table_rows(measure)]
    # write_csv makes every cell formula-safe; the BOM tells Excel it is UTF-8.
    return "\ufeff" + write_csv(rows)
