"""The server-rendered SVG charts: an image with a title, labelled by its
caption, axes and month ticks, and never a number for a hidden cell."""

import re
from datetime import date
from xml.etree import ElementTree

import pytest

from wagtail_hyte.followup import charts
from wagtail_hyte.followup.figures import Figure, Measure, Row, count

from . import fakes

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [date(2025, m, 1) for m in (1, 2, 3, 4)]


def measure(rows, unit="count"):
    return Measure("referrals", "Lähetteet", "Tehdyt lähetteet.", MONTHS, rows, unit=unit)


def total(values):
    return Row("total", "Yhteensä", [count(v) for v in values], is_total=True)


def parse(svg):
    return ElementTree.fromstring(str(svg))  # noqa: S314 (our own SVG)


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.WAGTAIL_HYTE = {**getattr(settings, "WAGTAIL_HYTE", {}), "FOLLOW_UP_SMALL_CELL": 5}


def test_svg_is_an_image_with_a_title_labelled_by_the_caption():
    svg = charts.measure_chart(measure([total([10, 3, 0, 7])]), "c1", "cap1")
    root = parse(svg)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "cap1"
    title = root.find(SVG + "title")
    assert title is not None and title.get("id") == "c1-title" and title.text == "Lähetteet"
    assert root.get("viewBox")


def test_no_script_no_outside_resource_no_font():
    svg = str(charts.measure_chart(measure([total([10, 3, 0, 7])]), "c1", "cap1"))
    assert "<script" not in svg and "javascript:" not in svg
    assert "@import" not in svg and "font-face" not in svg
    # The only URL is the hatch pattern's fragment; the namespace is not fetched.
    assert re.findall(r"url\(([^)]*)\)", svg) == ["#c1-hatch"]
    assert "href" not in svg


def test_bars_axes_and_month_ticks():
    root = parse(charts.measure_chart(measure([total([10, 20, 0, 7])]), "c1", "cap1"))
    texts = [t.text for t in root.iter(SVG + "text")]
    for tick in ("1/2025", "2/2025", "3/2025", "4/2025"):
        assert tick in texts
    assert "0" in texts and "20" in texts  # value ticks from 0 to the maximum
    bars = root.findall(f".//{SVG}rect[@class='hyte-chart__bar']")
    assert len(bars) == 4  # a zero is a bar of no height, still drawn
    heights = [float(b.get("height")) for b in bars]
    assert heights[1] > heights[0] > heights[3] > heights[2] == 0


def test_hidden_cells_are_hatched_markers_labelled_less_than_five():
    root = parse(charts.measure_chart(measure([total([10, 3, 0, 7])]), "c1", "cap1"))
    hidden = root.findall(f".//{SVG}g[@class='hyte-chart__hidden']")
    assert len(hidden) == 1
    assert hidden[0].find(SVG + "text").text == "< 5"
    assert hidden[0].find(SVG + "rect").get("fill") == "url(#c1-hatch)"
    assert len(root.findall(f".//{SVG}rect[@class='hyte-chart__bar']")) == 3


@pytest.mark.parametrize("unit", ["count", "days"])
def test_a_hidden_value_changes_nothing_in_the_svg(unit):
    """The chart of a hidden 1 and of a hidden 4 are the same bytes: nothing of
    the value (no height, no scale, no text) reaches the SVG."""
    rows_with = [
        [total([10, value, 0, 7]), Row("x", "Muu", [count(6), count(value), count(8), count(0)])]
        for value in (1, 4)
    ]
    for make in (lambda r: [r[0]], lambda r: r):  # bars, lines
        first, second = (
            str(charts.measure_chart(measure(make(rows), unit), "c", "cap")) for rows in rows_with
        )
        assert first == second


def test_hidden_figure_of_derived_value_is_not_drawn():
    hidden = Figure(2.75, hidden=True)
    row = Row("median", "Mediaani", [Figure(1.5), hidden, Figure(None), Figure(3.0)])
    svg = str(charts.measure_chart(measure([row], unit="days"), "c", "cap"))
    assert "2.75" not in svg and "2.8" not in svg
    assert "&lt; 5" in svg


def test_lines_for_several_rows_break_at_hidden_cells():
    rows = [
        Row("a", "A", [count(10), count(12), count(2), count(14)]),
        Row("b", "B", [count(20), count(22), count(24), count(26)]),
    ]
    root = parse(charts.measure_chart(measure(rows), "c", "cap"))
    lines = root.findall(f".//{SVG}polyline")
    # A: two points before the hidden cell, one after (no line of one point); B: one line.
    assert len(lines) == 2
    assert [len(line.get("points").split()) for line in lines] == [2, 4]
    assert len(root.findall(f".//{SVG}g[@class='hyte-chart__hidden']")) == 1
    legend = charts.legend(measure(rows))
    assert [item["label"] for item in legend] == ["A", "B"]
    assert legend[0]["dash"] != legend[1]["dash"]


def test_percentage_rows_are_left_out_of_a_count_chart():
    rows = [
        Row("sent", "Lähetteet", [count(10)] * 4, is_total=True),
        Row("overdue_share", "Myöhässä (%)", [Figure(50.0)] * 4),
    ]
    assert [row.key for row in charts.chart_rows(measure(rows))] == ["sent"]
    assert charts.is_truncated(measure(rows))


def test_text_is_escaped():
    row = Row("x", "<script>alert(1)</script>", [count(10)] * 4)
    m = Measure("x", "<b>Otsikko</b>", "", MONTHS, [row, row])
    svg = str(charts.measure_chart(m, "c", "cap"))
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;b&gt;Otsikko&lt;/b&gt;" in svg


def test_nice_ticks():
    assert charts.nice_ticks(0) == [0, 1]
    assert charts.nice_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(100, "percent") == [0, 25, 50, 75, 100]
    ticks = charts.nice_ticks(2.4, "days")
    assert ticks[0] == 0 and ticks[-1] >= 2.4


def test_every_fake_measure_draws(db):
    scope = fakes.scope()
    for slug in fakes.SLUGS:
        root = parse(charts.measure_chart(fakes.fake_measure(slug, scope), "c", "cap"))
        assert root.get("role") == "img"


def test_many_months_thin_the_ticks():
    months = [date(2023 + (m // 12), m % 12 + 1, 1) for m in range(36)]
    m = Measure("r", "R", "", months, [Row("t", "T", [count(10)] * 36)])
    root = parse(charts.measure_chart(m, "c", "cap"))
    ticks = [t.text for t in root.iter(SVG + "text") if t.text and "/" in t.text]
    assert 6 <= len(ticks) <= 13
