"""Server-rendered SVG charts of follow-up measures (no JavaScript, no web fonts).

``measure_chart(measure, chart_id, caption_id)`` draws a ``Measure``: bars when
it has one row, one line per row otherwise. The chart is an image
(``role="img"``) with a ``<title>`` (the measure's title), labelled
(``aria-labelledby``) by the caption of the figure around it; the same
figures are in the table next to it, so the chart adds nothing a screen reader
user would miss.

A hidden cell (``Figure.hidden``) is never drawn as a number: the scale is
computed from shown values only, and the cell is an empty hatched marker
labelled "< N". Nothing of its value reaches the SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .figures import Measure, small_cell_threshold

WIDTH = 640
HEIGHT = 280
LEFT = 56
RIGHT = 16
TOP = 16
BOTTOM = 56
# Colours with at least 3:1 contrast on white; lines also differ by dash pattern.
COLOURS = ["#005a9c", "#b03a00", "#2d6a2d", "#6b3fa0", "#8a5a00", "#00707a", "#a3195b", "#444"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "3 3"]
MAX_LINES = len(COLOURS)
HIDDEN_STEP = 28  # the height of a hidden marker with its label above it


@dataclass
class _Point:
    x: float
    value: float | int | None  # the shown value (None: hidden or nothing)
    hidden: bool


def unit_label(unit: str) -> str:
    return {"days": _("Days"), "percent": _("Per cent")}.get(unit, _("Number"))


def month_tick(month) -> str:
    """A short month label for an axis tick: "1/2025"."""
    return date_format(month, "n/Y")


def nice_ticks(maximum: float, unit: str = "count", count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``maximum``."""
    if unit == "percent":
        return [0, 25, 50, 75, 100]
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if unit == "count":
        step = max(1, math.ceil(step))
    top = math.ceil(maximum / step) * step
    ticks, value = [], 0.0
    while value <= top + step / 1000:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _tick_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def measure_chart(measure: Measure, chart_id: str, caption_id: str) -> SafeString:
    """The inline ``<svg>`` of ``measure``; ``caption_id`` names the figure's caption."""
    months = list(measure.months)
    rows = chart_rows(measure)
    title_id = f"{chart_id}-title"
    threshold = small_cell_threshold()
    hidden_label = _("< %(threshold)s") % {"threshold": threshold}

    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = max(1, len(months))
    slot = plot_w / n

    shown = [
        figure.shown
        for row in rows
        for figure in row.values
        if not figure.hidden and isinstance(figure.shown, int | float)
    ]
    ticks = nice_ticks(max(shown, default=0), measure.unit)
    top = ticks[-1] or 1

    def y(value: float) -> float:
        return TOP + plot_h - (value / top) * plot_h

    parts: list[str] = []
    parts.append(
        format_html(
            '<svg class="hyte-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'role="img" aria-labelledby="{}" focusable="false" '
            'preserveAspectRatio="xMidYMid meet">',
            WIDTH,
            HEIGHT,
            caption_id,
        )
    )
    parts.append(format_html('<title id="{}">{}</title>', title_id, measure.title))
    # The hatching of hidden cells.
    parts.append(
        format_html(
            '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="2"/></pattern></defs>',
            chart_id,
        )
    )
    # Horizontal grid lines and the value axis.
    for tick in ticks:
        ty = y(tick)
        parts.append(
            format_html(
                '<line class="hyte-chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
                '<text class="hyte-chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                _num(ty),
                WIDTH - RIGHT,
                _num(ty),
                LEFT - 6,
                _num(ty + 4),
                _tick_text(tick),
            )
        )
    parts.append(
        format_html(
            '<text class="hyte-chart__axis-label" x="12" y="{}" '
            'transform="rotate(-90 12 {})" text-anchor="middle">{}</text>',
            _num(TOP + plot_h / 2),
            _num(TOP + plot_h / 2),
            unit_label(measure.unit),
        )
    )
    parts.append(
        format_html(
            '<line class="hyte-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"/>',
            LEFT,
            TOP + plot_h,
            WIDTH - RIGHT,
            TOP + plot_h,
        )
    )
    # Month ticks: every month, or every k-th when there are many.
    every = max(1, math.ceil(n / 12))
    for i, month in enumerate(months):
        if i % every:
            continue
        cx = LEFT + slot * (i + 0.5)
        parts.append(
            format_html(
                '<text class="hyte-chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                _num(cx),
                TOP + plot_h + 16,
                month_tick(month),
            )
        )
    parts.append(
        format_html(
            '<text class="hyte-chart__axis-label" x="{}" y="{}" text-anchor="middle">{}</text>',
            _num(LEFT + plot_w / 2),
            HEIGHT - 8,
            _("Month"),
        )
    )

    if len(rows) == 1:
        parts.extend(_bars(rows[0], n, slot, y, plot_h, chart_id, hidden_label))
    else:
        stacked: dict[int, int] = {}  # hidden markers drawn so far in each month
        for index, row in enumerate(rows):
            parts.extend(_line(row, index, n, slot, y, plot_h, chart_id, hidden_label, stacked))
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (every part escaped above)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _hidden_marker(cx, base_y, chart_id, label, colour="#555") -> list[str]:
    """An empty hatched box just above ``base_y``, labelled "< N" above it
    (centred, so neighbouring markers never cover the label)."""
    return [
        format_html(
            '<g class="hyte-chart__hidden"><rect x="{}" y="{}" width="12" height="12" '
            'fill="url(#{}-hatch)" stroke="{}" stroke-width="1"/>'
            '<text class="hyte-chart__hidden-label" x="{}" y="{}" text-anchor="middle">{}</text>'
            "</g>",
            _num(cx - 6),
            _num(base_y - 14),
            chart_id,
            colour,
            _num(cx),
            _num(base_y - 17),
            label,
        )
    ]


def _bars(row, n, slot, y, plot_h, chart_id, hidden_label) -> list[str]:
    parts = []
    base = TOP + plot_h
    width = max(2.0, slot * 0.6)
    for i, figure in enumerate(row.values[:n]):
        cx = LEFT + slot * (i + 0.5)
        if figure.hidden:
            parts += _hidden_marker(cx, base, chart_id, hidden_label)
            continue
        value = figure.shown
        if not isinstance(value, int | float):
            continue
        top_y = y(value)
        parts.append(
            format_html(
                '<rect class="hyte-chart__bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                _num(cx - width / 2),
                _num(top_y),
                _num(width),
                _num(max(0.0, base - top_y)),
                COLOURS[0],
            )
        )
    return parts


def _line(row, index, n, slot, y, plot_h, chart_id, hidden_label, stacked) -> list[str]:
    colour = COLOURS[index % len(COLOURS)]
    dash = DASHES[index % len(DASHES)]
    base = TOP + plot_h
    parts, segment = [], []

    def flush():
        if len(segment) > 1:
            parts.append(
                format_html(
                    '<polyline class="hyte-chart__line" points="{}" fill="none" stroke="{}" '
                    'stroke-width="2"{}/>',
                    " ".join(f"{_num(px)},{_num(py)}" for px, py in segment),
                    colour,
                    format_html(' stroke-dasharray="{}"', dash) if dash else "",
                )
            )
        segment.clear()

    for i, figure in enumerate(row.values[:n]):
        cx = LEFT + slot * (i + 0.5)
        if figure.hidden:
            flush()  # a hidden cell breaks the line: no slope reveals it
            # Stacked in the month, so that two lines' markers do not overlap.
            level = stacked.get(i, 0)
            stacked[i] = level + 1
            step = min(HIDDEN_STEP, (plot_h - HIDDEN_STEP) / max(1, len(COLOURS) - 1))
            parts += _hidden_marker(cx, base - step * level, chart_id, hidden_label, colour)
            continue
        value = figure.shown
        if not isinstance(value, int | float):
            flush()
            continue
        point = (cx, y(value))
        segment.append(point)
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="3" fill="{}"/>', _num(point[0]), _num(point[1]), colour
            )
        )
    flush()
    return parts


def row_unit(row, measure: Measure) -> str:
    """A row's unit: its own ``unit`` if it has one, "percent" for a share row of
    a count or days measure ("… (%)", ``*_share``), else the measure's."""
    unit = getattr(row, "unit", None)
    if unit:
        return unit
    if row.key.endswith("share") or row.key == "within_promise" or "(%)" in str(row.label):
        return "percent"
    return measure.unit


def chart_rows(measure: Measure) -> list:
    """The rows drawn: those in the measure's unit (a percentage is not drawn on
    a count axis), all of them or only the totals when there are several (a
    breakdown's per-partner totals), at most ``MAX_LINES``."""
    rows = [row for row in measure.rows if row_unit(row, measure) == measure.unit]
    totals = [row for row in rows if row.is_total]
    if len(totals) > 1:
        rows = totals
    return rows[:MAX_LINES]


def is_truncated(measure: Measure) -> bool:
    return len(chart_rows(measure)) < len(measure.rows)


def legend(measure: Measure) -> list[dict]:
    """The lines of a multi-row chart: ``{"label", "colour", "dash"}`` (empty for bars)."""
    rows = chart_rows(measure)
    if len(rows) <= 1:
        return []
    return [
        {
            "label": row.label,
            "colour": COLOURS[i % len(COLOURS)],
            "dash": DASHES[i % len(DASHES)],
        }
        for i, row in enumerate(rows)
    ]
