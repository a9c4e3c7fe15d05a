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
from .statement import AccessibilityStatementPage, AssessmentMethod, ComplianceStatus
from .synonyms import SearchSynonym
from .taxonomy import AccessibilityFeature, TargetGroup, TaxonomyTerm, Theme

__all__ = [
    "AccessibilityFeature",
    "AccessibilityStatementPage",
    "ActivityFacet",
    "ActivityIndexPage",
    "ActivityLeader",
    "ActivityLocation",
    "ActivityMeeting",
    "ActivityPage",
    "ActivityPageForm",
    "AssessmentMethod",
    "CatalogueVersion",
    "ComplianceStatus",
    "SearchSynonym",
    "ServicePathPage",
    "TargetGroup",
    "TaxonomyTerm",
    "Theme",
    "WeeklyTime",
]
