"""Public views of the activity catalogue that are not page templates."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from . import calendar


def _coming_events(page, request, now) -> list[calendar.Event]:
    """The calendar's events, or [] when the page offers no calendar.

    Only live, public (no view restriction), active pages that have not ended
    have one; never in previews (the file has the live version).
    """
    if getattr(request, "is_preview", False) or page.pk is None or not page.live:
        return []
    if not calendar.calendar_available(page, timezone.localdate(now)):
        return []
    items = calendar.events(page, now)
    if not items or page.get_view_restrictions().exists():
        return []
    return items


def calendar_url(page, request) -> str:
    """The page's ``.ics`` address, or "" when it has no coming events to offer."""
    page_url = page.get_url(request)
    if not page_url or not _coming_events(page, request, timezone.now()):
        return ""
    return page_url + page.reverse_subpage("ics_calendar")


def activity_calendar(request, page) -> HttpResponse:
    """``<activity page>/calendar/``: the coming meetings as ``<slug>.ics``.

    404 for pages that are not live, are under a view restriction, are paused or
    ended, or have no coming events.
    """
    now = timezone.now()
    items = _coming_events(page, request, now)
    if not items:
        raise Http404
    url = page.get_full_url(request)
    host = urlsplit(url).hostname or request.get_host().split(":")[0]
    body = calendar.build_calendar(page, items, url=url, host=host, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{page.slug}.ics")
    return response
