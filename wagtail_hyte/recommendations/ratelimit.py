"""Per-user sending limits, enforced in the database (correct across app servers).

``RECOMMENDATION_RATE_LIMITS`` is a list of ``(messages, seconds)``. Each window
is a fixed slot (``epoch seconds // length``) with one counter row per user.
``consume`` runs inside the caller's transaction: it adds to every window with
one atomic UPDATE (the row lock serialises concurrent requests on PostgreSQL;
SQLite serialises writers), creates a missing row inside a savepoint, and
raises when a limit is passed, which rolls the whole send back.
"""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from wagtail_hyte.core.conf import hyte_settings

from .models import SendWindow


class RateLimited(ValidationError):
    pass


def limits() -> list[tuple[int, int]]:
    return [(int(n), int(s)) for n, s in hyte_settings.RECOMMENDATION_RATE_LIMITS]


def _add(user, seconds: int, window: int, amount: int) -> int:
    rows = SendWindow.objects.filter(user=user, seconds=seconds, window=window)
    if not rows.update(count=F("count") + amount):
        try:
            with transaction.atomic():
                SendWindow.objects.create(user=user, seconds=seconds, window=window, count=amount)
            return amount
        except IntegrityError:
            rows.update(count=F("count") + amount)
    return rows.values_list("count", flat=True).get()


def consume(user, amount: int = 1, now: float | None = None) -> None:
    """Count ``amount`` messages for ``user`` or raise RateLimited. Call inside atomic()."""
    now = now if now is not None else time.time()
    for allowed, seconds in limits():
        used = _add(user, seconds, int(now // seconds), amount)
        if used > allowed:
            minutes = max(1, round(seconds / 60))
            raise RateLimited(
                _(
                    "You can send at most %(count)s messages in %(minutes)s min. Try again "
                    "later, or print the recommendation instead."
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
