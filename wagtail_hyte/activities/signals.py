"""Signals the catalogue sends.

``activity_viewed(sender=ActivityPage, page)``: a public activity page was served.
``catalogue_searched(sender=ActivityIndexPage, request, query, total)``: a listing
with a query or filters was served. ``wagtail_hyte.metrics`` counts both; the
catalogue itself stores nothing about visitors.

The catalogue's own handlers (derived data, editors' permissions) are in
``receivers.py``.
"""

from django.dispatch import Signal

activity_viewed = Signal()
catalogue_searched = Signal()
