"""The print page offers "Download PDF" only when WeasyPrint can be imported (issue 11)."""

import pytest
from django.urls import reverse

from wagtail_hyte.recommendations import pdf


@pytest.fixture
def activity(make_activity):
    return make_activity("Kävelyryhmä", summary="Ohjattu kävely puistossa.")


def _query(activity):
    return f"?activity={activity.pk}&language=fi"


def test_without_weasyprint_no_link_and_pdf_view_explains(pro_client, activity, monkeypatch):
    monkeypatch.setattr(pdf, "pdf_available", lambda: False)

    def never(html):
        raise AssertionError("html_to_pdf must not be called without WeasyPrint")

    monkeypatch.setattr(pdf, "html_to_pdf", never)
    page = pro_client.get(reverse("hyte_recommend:print") + _query(activity))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kävelyryhmä" in html
    assert "Download PDF" not in html
    assert reverse("hyte_recommend:pdf") not in html

    response = pro_client.get(reverse("hyte_recommend:pdf") + _query(activity))
    assert response.status_code == 503
    assert "PDF printouts are not available on this site" in response.content.decode()


def test_with_weasyprint_link_is_offered(pro_client, activity, monkeypatch):
    monkeypatch.setattr(pdf, "pdf_available", lambda: True)
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF-1.7 fake")
    page = pro_client.get(reverse("hyte_recommend:print") + _query(activity))
    html = page.content.decode()
    assert "Download PDF" in html
    assert reverse("hyte_recommend:pdf") in html

    response = pro_client.get(reverse("hyte_recommend:pdf") + _query(activity))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.7 fake"


def test_pdf_available_matches_import():
    pdf.pdf_available.cache_clear()
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        expected = False
    else:
        expected = True
    assert pdf.pdf_available() is expected
