from .activity import (
    ActivityLeader,
    ActivityLocation,
    ActivityMeeting,
    ActivityPage,
    ActivityPageForm,
    WeeklyTime,
)
from .facets import ActivityFacet, CatalogueVersion
from .index import ActivityIndexPage
from .service_path import ServicePathPage
from .taxonomy import AccessibilityFeature, TargetGroup, TaxonomyTerm, Theme

__all__ = [
    "AccessibilityFeature",
    "ActivityFacet",
    "ActivityIndexPage",
    "ActivityLeader",
    "ActivityLocation",
    "ActivityMeeting",
    "ActivityPage",
    "ActivityPageForm",
    "CatalogueVersion",
    "ServicePathPage",
    "TargetGroup",
    "TaxonomyTerm",
    "Theme",
    "WeeklyTime",
]
