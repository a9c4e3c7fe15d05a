"""Rate limits counted from the ledger: how many entries of a kind an actor
appended within each window. Counting the ledger (not a cache) makes a limit
hold across app servers; callers that must also hold it under concurrency
count inside a transaction that holds the chain's lock (``chain.lock_head``)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from .actors import actor_label
from .models import LedgerEntry


def parse_limits(setting) -> list[tuple[int, int]]:
    """``[(entries, seconds), ...]`` from a ``((n, s), ...)`` setting."""
    return [(int(n), int(s)) for n, s in setting]


def used_up_window(kind: str, actor, limits, now=None) -> tuple[int, int] | None:
    """The first ``(allowed, seconds)`` window in which ``actor`` has already
    appended ``allowed`` entries of ``kind``, or None while every window has room."""
    now = now or timezone.now()
    label = actor_label(actor)
    for allowed, seconds in limits:
        used = LedgerEntry.objects.filter(
            kind=kind, actor=label, created_at__gt=now - timedelta(seconds=seconds)
        ).count()
        if used >= allowed:
            return allowed, seconds
    return None
