"""PDF printouts with WeasyPrint (``pip install wagtail-hyte[pdf]``).

WeasyPrint is imported on use: it needs the system's pango library. Without
it, the print page still works and the PDF link answers with an explanation.
"""


class PdfUnavailable(Exception):
    pass


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
    # No base URL: the printout carries its styles and QR codes inline and
    # never fetches anything.
    return HTML(string=html).write_pdf()
