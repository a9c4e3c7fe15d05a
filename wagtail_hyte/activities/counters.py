"""Announce page views and searches; ``wagtail_hyte.metrics`` (if installed) counts them."""

from .signals import activity_viewed, catalogue_searched


def record_activity_view(page) -> None:
    activity_viewed.send(sender=type(page), page=page)


def record_search(request, query: str, total: int, filters: dict | None = None) -> None:
    """``filters``: ``{filter name: parsed value}`` of the filters in use."""
    from .models import ActivityIndexPage

    catalogue_searched.send(
        sender=ActivityIndexPage,
        request=request,
        query=query,
        total=total,
        filters=dict(filters or {}),
    )
