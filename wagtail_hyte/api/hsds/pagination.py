"""HSDS list pages: ``?page=`` and ``?per_page=``, and the page object around ``contents``.

* ``page`` counts from 1 (default 1); ``per_page`` defaults to 20 and is
  capped at 100 (with ``minimal=true``, 1000 and 1000: HSDS asks minimal
  lists to fit in one call). A larger ``per_page`` is served at the cap; a
  page number or size that is not a positive whole number is a
  ``validation_error`` naming the parameter.
* A page past the last one is an empty page (``contents`` []), not an error.
* ``size`` is the number of entities on this page and ``empty`` says whether
  this page has none, as the HSDS API reference defines them; ``total_pages``
  is 0 when nothing matches.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SIZE = 20
MAX_SIZE = 100
MINIMAL_SIZE = 1000


@dataclass(frozen=True)
class PageRequest:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def end(self) -> int:
        return self.offset + self.size

    def slice(self, items):
        return items[self.offset : self.end]


def page_request(params: dict, *, minimal: bool = False) -> PageRequest:
    """From validated ``page`` and ``per_page`` (``filters.ListParams``)."""
    default, cap = (MINIMAL_SIZE, MINIMAL_SIZE) if minimal else (DEFAULT_SIZE, MAX_SIZE)
    return PageRequest(params.get("page") or 1, min(params.get("per_page") or default, cap))


def paged(queryset, request: PageRequest) -> tuple[list, int]:
    """(this page's rows of ``queryset``, the number of all rows): two queries,
    one when the page is past the end."""
    total = queryset.count()
    return (list(request.slice(queryset)) if request.offset < total else []), total


def page_body(contents: list, total: int, request: PageRequest) -> dict:
    total_pages = -(-total // request.size)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": request.number,
        "size": len(contents),
        "first_page": request.number == 1,
        "last_page": request.number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
