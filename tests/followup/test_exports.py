"""A measure's spreadsheet exports (Wagtail's ``?export=csv|xlsx``): they open,
they hold exactly the table's cells ("< 5" for a hidden cell, never its
number), and no cell runs as a formula."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse

from wagtail_hyte.core.spreadsheets import safe_cell
from wagtail_hyte.followup.exports import table_matrix

from . import fakes

QUERY = "?start=2025-01&end=2025-03"


def html_table(client, url):
    """The report's table as rows of text (the listing under the chart)."""
    html = client.get(url).content.decode()
    table = html.split('<div id="listing-results"', 1)[1]
    table = table.split("<table", 1)[1].split("</table>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def xlsx_rows(response):
    from openpyxl import load_workbook

    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def csv_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize(
    "url",
    [
        reverse("hyte_followup:measure", args=["referrals"]),
        reverse("hyte_followup:measure", args=["outcomes"]),
        reverse("hyte_followup:measure", args=["response_times"]),
        reverse("hyte_followup:breakdown", args=["referrals", "theme"]),
        reverse("hyte_followup:breakdown", args=["outcomes", "partner"]),
    ],
)
def test_exports_match_the_table(coordinator_client, measures, url):
    table = html_table(coordinator_client, url + QUERY)
    xlsx = coordinator_client.get(url + QUERY + "&export=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    exported = xlsx_rows(xlsx)
    csv_response = coordinator_client.get(url + QUERY + "&export=csv")
    assert csv_response.status_code == 200
    in_csv = csv_rows(csv_response)

    # Headings: "Row" and the months as 2025-01 (the table shows "January 2025").
    assert exported[0] == ["Row", "2025-01", "2025-02", "2025-03"] == in_csv[0]
    assert table[0][0] == "Row" and table[0][1] == "January 2025"
    body = table[1:]
    assert [row[1:] for row in exported[1:]] == [row[1:] for row in body]
    assert [row[0] for row in exported[1:]] == [row[0] for row in body]
    # CSV: the same cells, a label starting with "=" made safe.
    assert [row[1:] for row in in_csv[1:]] == [row[1:] for row in body]
    assert [row[0] for row in in_csv[1:]] == [safe_cell(row[0]) for row in body]


def test_hidden_cells_are_exported_as_less_than_five(coordinator_client, measures):
    url = reverse("hyte_followup:measure", args=["referrals"]) + QUERY
    for fmt, read in (("xlsx", xlsx_rows), ("csv", csv_rows)):
        rows = read(coordinator_client.get(url + f"&export={fmt}"))
        assert rows[1] == ["Total", "20", "< 5", "0"], fmt
        assert str(fakes.HIDDEN_VALUE) not in rows[1][1:]


def test_formula_label_is_text_in_both_formats(coordinator_client, measures):
    from openpyxl import load_workbook

    url = reverse("hyte_followup:measure", args=["outcomes"]) + QUERY
    csv_labels = [row[0] for row in csv_rows(coordinator_client.get(url + "&export=csv"))]
    assert "'=Not reached" in csv_labels and "=Not reached" not in csv_labels
    content = coordinator_client.get(url + "&export=xlsx")
    content = b"".join(content.streaming_content) if content.streaming else content.content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cell = next(c for c in sheet["A"] if c.value and "Not reached" in str(c.value))
    assert cell.data_type == "s"


def test_export_filename_names_the_measure_and_period(coordinator_client, measures):
    url = reverse("hyte_followup:breakdown", args=["referrals", "target_group"]) + QUERY
    response = coordinator_client.get(url + "&export=csv")
    assert "hyte-referrals-by-target-group-2025-01-2025-03.csv" in response["Content-Disposition"]
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}


def test_refused_roles_get_no_export(client, make_user, measures):
    client.force_login(make_user("partner_staff"))
    url = reverse("hyte_followup:measure", args=["referrals"]) + QUERY + "&export=csv"
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert measures.calls == []


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("-3", "-3"),
        ("2.5", "2.5"),
        ("< 5", "< 5"),
        ("Kävelyryhmä", "Kävelyryhmä"),
        (None, ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_table_matrix_is_the_cells_as_text(db, english):
    measure = fakes.fake_measure("referrals", fakes.scope())
    assert table_matrix(measure) == [
        ["Row", "2025-01", "2025-02", "2025-03"],
        ["Total", "20", "< 5", "0"],
    ]
