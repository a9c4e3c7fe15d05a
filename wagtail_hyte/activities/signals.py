"""Signals the catalogue sends.

``activity_viewed(sender=ActivityPage, page)``: a public activity page was served.
``catalogue_searched(sender=ActivityIndexPage, request, query, total, filters)``: a
listing with a query or filters was served; ``filters`` maps the name of each
filter in use (including those other apps register, e.g. ``referral``) to its
parsed value. ``wagtail_hyte.metrics`` counts both; the
catalogue itself stores nothing about visitors.

The catalogue's own handlers (derived data, editors' permissions) are in
``receivers.py``.
"""

from django.dispatch import Signal

activity_viewed = Signal()
catalogue_searched = Signal()
