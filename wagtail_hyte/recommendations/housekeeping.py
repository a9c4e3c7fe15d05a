"""Delete what recommendations no longer need: ended send windows, old deliveries."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from . import ratelimit
from .models import Delivery

DELIVERY_DAYS = 90


def prune(days: int = DELIVERY_DAYS, now=None) -> dict[str, int]:
    now = now or timezone.now()
    windows = ratelimit.prune(now.timestamp())
    deliveries = Delivery.objects.filter(created_at__lt=now - timedelta(days=days)).delete()[0]
    return {"send_windows": windows, "deliveries": deliveries}
