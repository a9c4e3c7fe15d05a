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
from .synonyms import SearchSynonym
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
    "SearchSynonym",
    "ServicePathPage",
    "TargetGroup",
    "TaxonomyTerm",
    "Theme",
    "WeeklyTime",
]
