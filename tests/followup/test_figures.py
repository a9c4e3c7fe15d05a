"""Small-cell protection: counts, derived values and totals."""

from wagtail_hyte.followup.figures import Figure, Row, count, derived, protect_totals


def test_counts_of_1_to_4_are_hidden_and_0_and_5_shown():
    assert [count(n).hidden for n in range(7)] == [False, True, True, True, True, False, False]
    assert count(3).value == 3 and count(3).shown is None and str(count(3)) == "< 5"
    assert str(count(0)) == "0" and count(5).shown == 5
    assert count(2, protect=False).hidden is False


def test_derived_values_hide_when_their_base_is_small():
    assert derived(2.5, 4).hidden and derived(2.5, 4).shown is None
    assert derived(2.5, 5).shown == 2.5 and str(derived(2.5, 5)) == "2.5"
    assert derived(None, 10).value is None and str(derived(None, 10)) == "–"
    assert derived(2.5, 0).value is None


def test_small_cell_threshold_is_a_setting(settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "FOLLOW_UP_SMALL_CELL": 3}
    assert count(2).hidden and not count(3).hidden and str(count(1)) == "< 3"


def _rows(total, *parts):
    return [
        Row("total", "Total", [count(v) for v in total], is_total=True),
        *(Row(f"p{i}", f"P{i}", [count(v) for v in values]) for i, values in enumerate(parts)),
    ]


def _hidden(rows):
    return [[cell.hidden for cell in row.values] for row in rows]


def test_protect_totals_hides_the_smallest_other_part_when_one_part_is_hidden():
    # Column 0: 3 is the only hidden part of 20, so the smallest other non-zero
    # part (7, not the 0) goes too. Column 1: two parts hidden already: nothing more.
    # Column 2: nothing hidden. Column 3: the total itself is hidden.
    rows = protect_totals(
        _rows((20, 6, 15, 3), (3, 3, 5, 1), (10, 3, 5, 2), (7, 0, 5, 0), (0, 0, 0, 0))
    )
    assert _hidden(rows) == [
        [False, False, False, True],
        [True, True, False, True],
        [False, True, False, True],
        [True, False, False, False],
        [False, False, False, False],
    ]
    assert rows[3].values[0] == Figure(7, hidden=True)


def test_protect_totals_hides_the_total_when_no_other_part_can_be_hidden():
    rows = [
        Row("total", "Total", [count(8)], is_total=True),
        Row("a", "A", [count(3)]),
        Row("b", "B", [count(0)]),
    ]
    protect_totals(rows)
    assert _hidden(rows) == [[True], [True], [False]]


def test_each_total_heads_the_rows_up_to_the_next_total():
    rows = [
        Row("x", "X", [count(9)], is_total=True),
        Row("x-a", "A", [count(2)]),
        Row("x-b", "B", [count(7)]),
        Row("y", "Y", [count(12)], is_total=True),
        Row("y-a", "A", [count(6)]),
        Row("y-b", "B", [count(6)]),
    ]
    protect_totals(rows)
    assert _hidden(rows) == [[False], [True], [True], [False], [False], [False]]
