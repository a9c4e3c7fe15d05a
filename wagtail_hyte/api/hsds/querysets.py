"""What the HSDS endpoints may publish, and how many pages of it load at once.

Every service, place and organization's service list starts from
``public_services``: live activity pages outside any view restriction (the
catalogue's own ``public_q``), in every catalogue of the site. A draft, an
unpublished page or a page under a privacy restriction (its own or an
ancestor's) is never published, also not through its places or its
organiser. Ended and paused activities stay, with their HSDS status.
"""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects

from wagtail_hyte.activities.catalogue import public_q
from wagtail_hyte.activities.models import ActivityLocation, ActivityPage
from wagtail_hyte.partners.models import Partner

# What a list item reads besides the page and its organiser (its eligibility text).
SUMMARY_PREFETCH = ("target_groups",)
# What a fully nested service reads, loaded for a whole page of services at once.
SERVICE_PREFETCH = (
    "weekly_times",
    "meetings",
    Prefetch("locations", queryset=ActivityLocation.objects.select_related("municipality")),
    "themes",
    "target_groups",
    "accessibility_features",
    "municipalities",
)


def public_services():
    return ActivityPage.objects.live().filter(public_q()).select_related("organiser")


def public_locations():
    """The places of the public services."""
    return ActivityLocation.objects.filter(
        page__in=ActivityPage.objects.live().filter(public_q())
    ).select_related("page__organiser", "municipality")


def public_organizations():
    return Partner.objects.active()


def prefetch_services(pages, *, full: bool) -> None:
    """Load what ``services.service_summary`` (or, ``full``, ``service_object``) reads
    for ``pages``: one query per relation, whatever their number."""
    prefetch_related_objects(list(pages), *(SERVICE_PREFETCH if full else SUMMARY_PREFETCH))
