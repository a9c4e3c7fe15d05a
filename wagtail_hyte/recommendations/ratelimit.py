"""Per-user sending limits, enforced in the database (correct across app servers).

``RECOMMENDATION_RATE_LIMITS`` is a list of ``(messages, seconds)``. Each window
is a fixed slot (``epoch seconds // length``) with one counter row per user.
``consume`` runs inside the caller's transaction: it adds to every window with
the one counter upsert, ``core.counters.increment`` (a single atomic statement
that creates a missing row; the row lock serialises concurrent requests on
PostgreSQL, SQLite serialises writers), and raises when a limit is passed,
which rolls the whole send back.
"""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.counters import increment

from .models import SendWindow


class RateLimited(ValidationError):
    pass


def limits() -> list[tuple[int, int]]:
    return [(int(n), int(s)) for n, s in hyte_settings.RECOMMENDATION_RATE_LIMITS]


def _add(user, seconds: int, window: int, amount: int) -> int:
    """The window's count after adding ``amount`` (its row stays locked until commit)."""
    lookup = {"user": user, "seconds": seconds, "window": window}
    return increment(SendWindow, lookup, {"count": amount}, returning="count")


def consume(user, amount: int = 1, now: float | None = None) -> None:
    """Count ``amount`` messages for ``user`` or raise RateLimited. Call inside atomic()."""
    now = now if now is not None else time.time()
    for allowed, seconds in limits():
        used = _add(user, seconds, int(now // seconds), amount)
        if used > allowed:
            minutes = max(1, round(seconds / 60))
            raise RateLimited(
                ngettext(
                    "You can send at most %(count)s message in %(minutes)s min. Try again "
                    "later, or print the recommendation instead.",
                    "You can send at most %(count)s messages in %(minutes)s min. Try again "
                    "later, or print the recommendation instead.",
                    allowed,
                )
                % {"count": allowed, "minutes": minutes},
                code="rate_limited",
            )


def prune(now: float | None = None) -> int:
    """Delete windows that have ended (run now and then; the limits never need them)."""
    now = now if now is not None else time.time()
    deleted = 0
    for _allowed, seconds in limits():
        deleted += SendWindow.objects.filter(
            seconds=seconds, window__lt=int(now // seconds)
        ).delete()[0]
    return deleted
