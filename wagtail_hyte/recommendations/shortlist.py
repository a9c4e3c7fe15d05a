"""The professional's short list of activities, kept in the session (ids only)."""

from __future__ import annotations

from wagtail_hyte.core.conf import hyte_settings

SESSION_KEY = "hyte_recommendation_shortlist"


def ids(request) -> list[int]:
    return [int(i) for i in request.session.get(SESSION_KEY, []) if str(i).isdigit()]


def contains(request, activity_id: int) -> bool:
    return activity_id in ids(request)


def add(request, activity_id: int) -> bool:
    """Add an activity; False when the list is already full."""
    current = ids(request)
    if activity_id in current:
        return True
    if len(current) >= hyte_settings.RECOMMENDATION_MAX_ACTIVITIES:
        return False
    request.session[SESSION_KEY] = [*current, activity_id]
    return True


def remove(request, activity_id: int) -> None:
    request.session[SESSION_KEY] = [i for i in ids(request) if i != activity_id]


def clear(request) -> None:
    request.session.pop(SESSION_KEY, None)
