"""Pruning the usage figures (run daily by ``hyte_daily``, or ``hyte_prune_metrics``).

Zero-result search terms and their hashed sightings are deleted after
``METRICS_ZERO_RESULT_KEEP_DAYS``; stored terms that today's rules would not
keep (digits, e-mail look-alikes: rows from older versions) are deleted at once.
The daily counts of views and searches hold no personal data and are kept.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wagtail_hyte.core.conf import hyte_settings

from .counters import normalise_term
from .models import ZeroResultTermDay, ZeroResultTermSighting


def prune(today=None) -> dict[str, int]:
    """Delete what is past its keep. Returns the number of rows deleted per kind."""
    today = today or timezone.localdate()
    keep_days = hyte_settings.METRICS_ZERO_RESULT_KEEP_DAYS
    result = {"terms": 0, "sightings": 0, "unsafe_terms": 0}
    with transaction.atomic():
        if keep_days is not None:
            cutoff = today - timedelta(days=int(keep_days))
            result["terms"] = ZeroResultTermDay.objects.filter(date__lt=cutoff).delete()[0]
            result["sightings"] = ZeroResultTermSighting.objects.filter(date__lt=cutoff).delete()[0]
        unsafe = [
            pk
            for pk, term in ZeroResultTermDay.objects.values_list("pk", "term").iterator()
            if normalise_term(term) != term
        ]
        if unsafe:
            result["unsafe_terms"] = ZeroResultTermDay.objects.filter(pk__in=unsafe).delete()[0]
    return result
