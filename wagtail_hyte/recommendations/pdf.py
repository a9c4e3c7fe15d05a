"""PDF printouts with WeasyPrint (``pip install wagtail-hyte[pdf]``).

WeasyPrint is imported on use: it needs the system's pango library. Without
it, the print page still works, offers no PDF link (see ``pdf_available``) and
the PDF URL answers with an explanation.
"""

from functools import cache


class PdfUnavailable(Exception):
    pass


@cache
def pdf_available() -> bool:
    """Whether WeasyPrint (and the system libraries it loads) can be imported.

    Cached: the answer only changes when packages are installed, which needs a
    restart anyway.
    """
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
    # No base URL: the printout carries its styles and QR codes inline and
    # never fetches anything.
    return HTML(string=html).write_pdf()
