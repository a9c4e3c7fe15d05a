"""The public catalogue resources: activities, service paths, partners, taxonomies.

Public and read-only (``PublicAPIMixin``). The activity list is the public
catalogue's own listing (``activities.catalogue.build_listing``), with its
search, filters, counts and sorting; the activities and service paths are
the live pages of the request's site under no view restriction; partners
are the active ones, as their public profiles. Lists are paged with
``HytePagination``; each costs the same number of queries whatever its length.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response

from wagtail_hyte.activities.catalogue import build_listing, candidates
from wagtail_hyte.activities.models import (
    AccessibilityFeature,
    ActivityPage,
    ServicePathPage,
    TargetGroup,
    Theme,
)
from wagtail_hyte.activities.schedule import next_occurrence
from wagtail_hyte.api.base import PublicAPIMixin
from wagtail_hyte.api.pagination import HytePagination
from wagtail_hyte.core.models import Municipality
from wagtail_hyte.partners.models import Partner

from ..schema import CATALOGUE_TAG, INVALID_PARAMETERS, NOT_FOUND, PAGE_NOT_FOUND, THROTTLED
from . import serializers
from .filters import ActivityListSchema, catalogue_parameter, catalogue_params
from .pages import live_public, parse_id, requested_catalogue, site_root
from .pagination import ActivityPagination

LIST_RELATIONS = ("themes", "target_groups", "municipalities")
DETAIL_RELATIONS = (
    *LIST_RELATIONS,
    "accessibility_features",
    "weekly_times",
    "meetings",
    "leaders",
    "locations__municipality",
)
CATALOGUE_PARAMETER = catalogue_parameter(
    _("Only the service paths this catalogue shows (the id of a catalogue page).")
)


class CatalogueView(PublicAPIMixin):
    """A public catalogue view (its texts in the request's language, as every
    API view: ``base.HyteAPIMixin``)."""

    pagination_class = HytePagination


class DetailView(CatalogueView, RetrieveAPIView):
    """One object by the ``lookup_field`` of its URL."""

    def get_object(self):
        found = self.find(self.get_queryset(), self.kwargs[self.lookup_field])
        if found is None:
            raise NotFound()
        self.check_object_permissions(self.request, found)
        return found

    def find(self, queryset, value):
        return queryset.filter(**{self.lookup_field: value}).first()


class IdOrSlugView(DetailView):
    """One object by ``{key}``: its id, or else its slug. Page slugs are unique
    only among siblings: a slug in two catalogues gives the first in the page
    tree (the id tells them apart)."""

    lookup_field = "key"

    def find(self, queryset, value):
        pk = parse_id(value)
        found = queryset.filter(pk=pk).first() if pk is not None else None
        return found or queryset.filter(slug=value).first()


# --- activities ----------------------------------------------------------------------


@extend_schema(
    tags=[CATALOGUE_TAG],
    summary=_("Activities: the catalogue's search and filters"),
    description=_(
        "The current activities of the public catalogue, exactly as its listing "
        "shows them for the same search, filters and sort: one or more of the "
        "filters, combined with AND, and facets with each option's count."
    ),
    responses={
        200: serializers.ActivitySerializer(many=True),
        400: INVALID_PARAMETERS,
        404: PAGE_NOT_FOUND,
        429: THROTTLED,
    },
)
class ActivityListView(CatalogueView, ListAPIView):
    queryset = ActivityPage.objects.none()
    serializer_class = serializers.ActivitySerializer
    pagination_class = ActivityPagination
    schema = ActivityListSchema()

    def list(self, request, *args, **kwargs):
        params = catalogue_params(request.query_params)
        root = requested_catalogue(request) or site_root(request)
        today = timezone.localdate()
        page_size = self.paginator.get_page_size(request)

        def build(page_number):
            page_params = params.copy()
            page_params["page"] = str(page_number)
            return build_listing(root, page_params, today=today, page_size=page_size)

        results = self.paginator.paginate_listing(build, request, self)
        prefetch_related_objects(results, *LIST_RELATIONS)
        context = serializers.activity_context(results, request)
        data = serializers.ActivitySerializer(results, many=True, context=context).data
        return self.paginator.get_paginated_response(data)


KEY_PARAMETER = OpenApiParameter(
    "key",
    {"type": "string", "pattern": r"^[-\w]+$"},
    OpenApiParameter.PATH,
    description=_("The id, or else the slug."),
)


@extend_schema(
    tags=[CATALOGUE_TAG],
    summary=_("An activity by id or slug"),
    description=_(
        "Everything the public activity page shows. Ended and paused activities "
        "are here while their pages are live (see status and has_ended)."
    ),
    parameters=[KEY_PARAMETER],
    responses={200: serializers.ActivityDetailSerializer, 404: NOT_FOUND, 429: THROTTLED},
)
class ActivityDetailView(IdOrSlugView):
    queryset = ActivityPage.objects.none()
    serializer_class = serializers.ActivityDetailSerializer

    def get_queryset(self):
        pages = live_public(ActivityPage.objects, site_root(self.request)).order_by("path")
        return pages.select_related("organiser", "image").prefetch_related(*DETAIL_RELATIONS)

    def retrieve(self, request, *args, **kwargs):
        page = self.get_object()
        page.next_occurrence = next_occurrence(page, timezone.localtime())
        context = serializers.activity_context([page], request)
        return Response(serializers.ActivityDetailSerializer(page, context=context).data)


# --- service paths ---------------------------------------------------------------------


@extend_schema(
    tags=[CATALOGUE_TAG],
    summary=_("Service paths"),
    description=_(
        "Step-by-step service paths, in the order of the page tree: every one of "
        "the site, or the ones a catalogue shows."
    ),
    parameters=[CATALOGUE_PARAMETER],
    responses={
        200: serializers.ServicePathSerializer(many=True),
        400: INVALID_PARAMETERS,
        404: PAGE_NOT_FOUND,
        429: THROTTLED,
    },
)
class ServicePathListView(CatalogueView, ListAPIView):
    queryset = ServicePathPage.objects.none()
    serializer_class = serializers.ServicePathSerializer

    def get_queryset(self):
        catalogue = requested_catalogue(self.request)
        if catalogue is not None:
            return catalogue.service_paths()
        return live_public(ServicePathPage.objects, site_root(self.request)).order_by("path")


@extend_schema(
    tags=[CATALOGUE_TAG],
    summary=_("A service path by id or slug"),
    description=_("The introduction and the steps, with their plain-language versions."),
    parameters=[KEY_PARAMETER],
    responses={200: serializers.ServicePathDetailSerializer, 404: NOT_FOUND, 429: THROTTLED},
)
class ServicePathDetailView(IdOrSlugView):
    queryset = ServicePathPage.objects.none()
    serializer_class = serializers.ServicePathDetailSerializer

    def get_queryset(self):
        return live_public(ServicePathPage.objects, site_root(self.request)).order_by("path")


# --- partners -----------------------------------------------------------------------------


@extend_schema(
    tags=[CATALOGUE_TAG],
    summary=_("Partners"),
    description=_("The active partner organisations, by name, as their public profiles."),
    responses={
        200: serializers.PartnerSerializer(many=True),
        404: PAGE_NOT_FOUND,
        429: THROTTLED,
    },
)
class PartnerListView(CatalogueView, ListAPIView):
    queryset = Partner.objects.active().prefetch_related("municipalities").order_by("name", "pk")
    serializer_class = serializers.PartnerSerializer


@extend_schema(
    tags=[CATALOGUE_TAG],
    summary=_("A partner by id or slug"),
    description=_(
        "The public profile: description, contacts, municipalities served and current activities."
    ),
    parameters=[KEY_PARAMETER],
    responses={200: serializers.PartnerDetailSerializer, 404: NOT_FOUND, 429: THROTTLED},
)
class PartnerDetailView(IdOrSlugView):
    queryset = Partner.objects.active().prefetch_related("municipalities")
    serializer_class = serializers.PartnerDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        partner = self.get_object()
        activities = candidates(site_root(request), timezone.localdate())
        partner.current_activities = [
            {"id": page.pk, "title": page.title, "url": page.get_full_url(request)}
            for page in activities.filter(organiser=partner).order_by("title")
        ]
        return Response(self.get_serializer(partner).data)


# --- taxonomies ----------------------------------------------------------------------------


class TaxonomyListView(CatalogueView, ListAPIView):
    pass


class TaxonomyDetailView(DetailView):
    lookup_field = "slug"


def _taxonomy_schema(summary, description, serializer_class, *, many: bool):
    if many:
        responses = {200: serializer_class(many=True), 404: PAGE_NOT_FOUND, 429: THROTTLED}
    else:
        responses = {200: serializer_class, 404: NOT_FOUND, 429: THROTTLED}
    return extend_schema(
        tags=[CATALOGUE_TAG], summary=summary, description=description, responses=responses
    )


THEMES = _("Themes")
THEMES_HELP = _("The themes of the catalogue; the theme filter takes a slug.")
TARGET_GROUPS = _("Target groups")
TARGET_GROUPS_HELP = _("The target groups; the target_group filter takes a slug.")
FEATURES = _("Accessibility features")
FEATURES_HELP = _("The accessibility features; the accessibility filter takes a slug.")
MUNICIPALITIES = _("Municipalities")
MUNICIPALITIES_HELP = _(
    "The Finnish municipalities with their official codes; the municipality filter takes a code."
)


@_taxonomy_schema(THEMES, THEMES_HELP, serializers.ThemeSerializer, many=True)
class ThemeListView(TaxonomyListView):
    queryset = Theme.objects.all()
    serializer_class = serializers.ThemeSerializer


@_taxonomy_schema(THEMES, THEMES_HELP, serializers.ThemeSerializer, many=False)
class ThemeDetailView(TaxonomyDetailView):
    queryset = Theme.objects.all()
    serializer_class = serializers.ThemeSerializer


@_taxonomy_schema(TARGET_GROUPS, TARGET_GROUPS_HELP, serializers.TargetGroupSerializer, many=True)
class TargetGroupListView(TaxonomyListView):
    queryset = TargetGroup.objects.all()
    serializer_class = serializers.TargetGroupSerializer


@_taxonomy_schema(TARGET_GROUPS, TARGET_GROUPS_HELP, serializers.TargetGroupSerializer, many=False)
class TargetGroupDetailView(TaxonomyDetailView):
    queryset = TargetGroup.objects.all()
    serializer_class = serializers.TargetGroupSerializer


@_taxonomy_schema(FEATURES, FEATURES_HELP, serializers.AccessibilityFeatureSerializer, many=True)
class AccessibilityFeatureListView(TaxonomyListView):
    queryset = AccessibilityFeature.objects.all()
    serializer_class = serializers.AccessibilityFeatureSerializer


@_taxonomy_schema(FEATURES, FEATURES_HELP, serializers.AccessibilityFeatureSerializer, many=False)
class AccessibilityFeatureDetailView(TaxonomyDetailView):
    queryset = AccessibilityFeature.objects.all()
    serializer_class = serializers.AccessibilityFeatureSerializer


@_taxonomy_schema(
    MUNICIPALITIES, MUNICIPALITIES_HELP, serializers.MunicipalitySerializer, many=True
)
class MunicipalityListView(TaxonomyListView):
    queryset = Municipality.objects.all()
    serializer_class = serializers.MunicipalitySerializer


@_taxonomy_schema(
    MUNICIPALITIES, MUNICIPALITIES_HELP, serializers.MunicipalitySerializer, many=False
)
class MunicipalityDetailView(TaxonomyDetailView):
    queryset = Municipality.objects.all()
    serializer_class = serializers.MunicipalitySerializer
    lookup_field = "code"
