"""Count what the catalogue announces (see wagtail_hyte.activities.signals)."""

import logging

from django.dispatch import receiver

from wagtail_hyte.activities.signals import activity_viewed, catalogue_searched

from . import counters

logger = logging.getLogger(__name__)


@receiver(activity_viewed)
def count_view(sender, page, **kwargs):
    try:
        counters.record_activity_view(page.pk)
    except Exception:  # counting must never break serving the page
        logger.exception("Could not count an activity page view")


@receiver(catalogue_searched)
def count_search(sender, request, query, total, filters=None, **kwargs):
    try:
        counters.record_search(
            counters.audience_of(getattr(request, "user", None)),
            query,
            total,
            referral_filter=counters.used_referral_filter(filters),
        )
    except Exception:
        logger.exception("Could not count a catalogue search")
