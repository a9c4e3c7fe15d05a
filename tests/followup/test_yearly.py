"""The yearly report for the wellbeing report: the form, the XLSX workbook
(Definitions first, a sheet per measure) and the CSV variant."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from wagtail_hyte.followup import yearly

from . import fakes

URL = reverse("hyte_followup:yearly")


@pytest.fixture
def jyvaskyla(municipalities):
    return municipalities.get(code="179")


def workbook(response):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(response.content))


def values(sheet):
    return list(sheet.iter_rows(values_only=True))


def test_form_page(coordinator_client, measures, jyvaskyla):
    response = coordinator_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="year"' in html and 'name="municipality"' in html
    assert 'type="radio"' in html and "<fieldset" in html and "<legend>" in html
    assert "Jyväskylä" in html
    assert measures.calls == []  # nothing computed before the download


def test_workbook_first_sheet_is_definitions(coordinator_client, measures, jyvaskyla):
    response = coordinator_client.get(
        URL, {"year": "2025", "municipality": jyvaskyla.pk, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="hyte-yearly-2025-jyvaskyla.xlsx"' in response["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames[0] == "Definitions"
    # One sheet per yearly measure, in order.
    assert book.sheetnames[1:] == [
        "Measure agreements",
        "Measure referrals",
        "Measure outcomes",
        "Measure recommendations",
        "Measure feedback",
    ]
    definitions = values(book["Definitions"])
    text = "\n".join(" | ".join(str(c) for c in row if c is not None) for row in definitions)
    assert "Period | 1.1.2025–31.12.2025" in text
    assert "Municipality | Jyväskylä" in text
    assert "Generated |" in text
    assert "< 5" in text and "Small cells" in text
    for slug in ("agreements", "referrals", "outcomes", "recommendations"):
        assert f"What {slug} counts, in words." in text
    # The whole year, filtered by the municipality.
    scopes = {call[2] for call in measures.calls}
    (scope,) = scopes
    assert (scope.start, scope.end) == (date(2025, 1, 1), date(2025, 12, 1))
    assert scope.municipality_id == jyvaskyla.pk


def test_measure_sheets_hold_the_table_with_hidden_cells(coordinator_client, measures):
    response = coordinator_client.get(URL, {"year": "2025", "format": "xlsx"})
    assert 'filename="hyte-yearly-2025-all.xlsx"' in response["Content-Disposition"]
    book = workbook(response)
    sheet = values(book["Measure referrals"])
    assert sheet[0] == ("Measure referrals",) + (None,) * (len(sheet[0]) - 1)
    header = sheet[3]
    assert header[0] == "Row" and header[1] == "2025-01" and header[12] == "2025-12"
    total = sheet[4]
    # Shown numbers are numbers; hidden cells "< 5", never the value.
    assert total[:5] == ("Total", 20, "< 5", 0, 11)
    assert fakes.HIDDEN_VALUE not in total[1:]
    outcomes = values(book["Measure outcomes"])
    labels = [row[0] for row in outcomes[4:]]
    assert "The client joined" in labels


def test_csv_variant_has_a_section_per_measure(coordinator_client, measures, jyvaskyla):
    response = coordinator_client.get(
        URL, {"year": "2025", "municipality": jyvaskyla.pk, "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="hyte-yearly-2025-jyvaskyla.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["HYTE follow-up: yearly report"]
    sections = [row[0] for row in rows if row and row[0].startswith("## ")]
    assert sections == [
        "## Measure agreements",
        "## Measure referrals",
        "## Measure outcomes",
        "## Measure recommendations",
        "## Measure feedback",
    ]
    start = rows.index(["## Measure referrals"])
    assert rows[start + 3][:4] == ["Total", "20", "< 5", "0"]
    # A label that looks like a formula stays text.
    assert any(row and row[0] == "'=Not reached" for row in rows)
    assert not any(row and row[0].startswith("=") for row in rows)


@pytest.mark.parametrize(
    "query",
    [
        {"year": "1999", "format": "xlsx"},
        {"year": "abc", "format": "xlsx"},
        {"year": "2025", "format": "pdf"},
        {"year": "2025", "format": "xlsx", "municipality": "99999"},
    ],
)
def test_bad_input_is_a_form_error_not_a_500(coordinator_client, measures, query):
    response = coordinator_client.get(URL, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'role="alert"' in html and "Select a valid choice" in html
    assert measures.calls == []


def test_the_feedback_measure_gets_its_sheet(monkeypatch, db, english):
    fakes.install(monkeypatch)
    report = yearly.yearly_report(2025)
    assert [m.slug for m in report.measures] == [
        "agreements",
        "referrals",
        "outcomes",
        "recommendations",
        "feedback",
    ]


def test_sheet_names_are_valid_and_unique(db):
    from wagtail_hyte.followup.figures import Measure

    measures = [
        Measure("a", "Lähetteet: tulos / syy [kk]?", "", []),
        Measure("b", "Lähetteet: tulos / syy [kk]?", "", []),
        Measure("c", "x" * 40, "", []),
        Measure("d", "Definitions", "", []),
    ]
    names = yearly.sheet_names(measures)
    assert len({n.lower() for n in names}) == 4
    for name in names:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert "definitions" not in [n.lower() for n in names]


def test_filename_has_no_personal_data(db, jyvaskyla):
    report = yearly.YearlyReport(2024, jyvaskyla, [], date(2025, 3, 1))
    assert report.filename("xlsx") == "hyte-yearly-2024-jyvaskyla.xlsx"
