"""The HSDS 3.0 read endpoints (``/api/hsds/``): public, read-only, open CORS.

The endpoints, parameters and response shapes are those of the official HSDS
3.0 OpenAPI document (``openapi_url`` in the root document); docs/api-hsds.md
has the mapping field by field. Errors have the API's JSON error shape
(``errors.exception_handler``). Every list costs a fixed number of queries
whatever its length (``querysets``).
"""

from __future__ import annotations

from django.http import Http404
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from wagtail_hyte.activities.catalogue import ranked
from wagtail_hyte.activities.models import ActivityLocation, ActivityPage
from wagtail_hyte.activities.search import words
from wagtail_hyte.api.v1.catalogue.views import CatalogueView
from wagtail_hyte.partners.models import Partner

from . import filters, ids, pagination, querysets, taxonomies
from .capacities import offers_for
from .cors import OpenCorsMixin
from .locations import location_object, location_summary, service_at_location_summary
from .organizations import organization_id, organization_object, organization_summary
from .services import minimal, service_object, service_summary

HSDS_VERSION = "3.0"
# No HSDS profile of our own: the base specification's documentation.
PROFILE_URL = "https://docs.openreferral.org/en/v3.0/"
# The official HSDS 3.0 API document, which these endpoints follow.
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"


class JSONOnly(BaseContentNegotiation):
    """HSDS is JSON: the one renderer, whatever ``Accept`` says. ``?format=`` is
    HSDS's own parameter (``filters.ListParams``), not DRF's renderer switch."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class HSDSView(OpenCorsMixin, CatalogueView, APIView):
    """A public catalogue view (``PublicAPIMixin``, in the language the request
    asks for, as the REST API's catalogue), JSON only, open CORS."""

    content_negotiation_class = JSONOnly
    params_class = None

    def params(self) -> dict:
        serializer = self.params_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _pk(model, value, *parts) -> int:
    pk = ids.lookup_model(model, value, *parts)
    if pk is None:
        raise Http404
    return pk


def _services(pages, request, params: dict) -> list[dict]:
    """List items of ``pages``: minimal, one-to-one fields, or fully nested (``full``)."""
    if params.get("minimal"):
        return [minimal(page) for page in pages]
    full = params.get("full", False)
    querysets.prefetch_services(pages, full=full)
    if not full:
        return [service_summary(page, request) for page in pages]
    offers = offers_for(pages)
    return [service_object(page, request, offers) for page in pages]


class RootView(HSDSView):
    """Information about this API and its relationship with HSDS."""

    def get(self, request):
        return Response(
            {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}
        )


class ServiceListView(HSDSView):
    """Paginated services (activities), filtered by every parameter given."""

    params_class = filters.ServiceParams

    def get(self, request):
        params = self.params()
        queryset, ranking = filters.services(querysets.public_services(), params)
        page_request = pagination.page_request(params, minimal=params["minimal"])
        pages, total = pagination.paged(ranked(queryset, ranking), page_request)
        contents = _services(pages, request, params)
        return Response(pagination.page_body(contents, total, page_request))


class ServiceDetailView(HSDSView):
    """One fully nested service."""

    def get(self, request, id):
        page = querysets.public_services().filter(pk=_pk(ActivityPage, id)).first()
        if page is None:
            raise Http404
        querysets.prefetch_services([page], full=True)
        return Response(service_object(page, request, offers_for([page])))


class OrganizationListView(HSDSView):
    """Paginated organizations (active partners)."""

    params_class = filters.OrganizationParams

    def get(self, request):
        params = self.params()
        queryset, ranking = querysets.public_organizations(), None
        if params.get("search"):
            queryset, ranking = filters.search_partners(queryset, params["search"])
        page_request = pagination.page_request(params)
        ordered = ranked(queryset, ranking, then=("name", "pk"))
        partners, total = pagination.paged(ordered, page_request)
        if not params["full"]:
            contents = [organization_summary(partner) for partner in partners]
        else:
            contents = _organizations(partners, request, params["full_service"])
        return Response(pagination.page_body(contents, total, page_request))


def _organizations(partners, request, full_service: bool) -> list[dict]:
    """Organizations with their services (one query for all of their services)."""
    pages = list(
        querysets.public_services().filter(organiser__in=partners).order_by("organiser_id", "pk")
    )
    services = _services(pages, request, {"full": full_service})
    by_partner: dict[int, list[dict]] = {}
    for page, service in zip(pages, services, strict=True):
        by_partner.setdefault(page.organiser_id, []).append(service)
    return [organization_object(p, by_partner.get(p.pk, [])) for p in partners]


class OrganizationDetailView(HSDSView):
    """One organization with its services (their own fields; ``full_service``: nested)."""

    params_class = filters.OrganizationDetailParams

    def get(self, request, id):
        params = self.params()
        partner = querysets.public_organizations().filter(pk=_pk(Partner, id)).first()
        if partner is None:
            raise Http404
        return Response(_organizations([partner], request, params["full_service"])[0])


class TaxonomyListView(HSDSView):
    """The catalogue's three taxonomies."""

    params_class = filters.ListParams

    def get(self, request):
        params = self.params()
        found = [taxonomies.taxonomy_object(t) for t in taxonomies.TAXONOMIES]
        text = params.get("search")
        if text:
            found = [
                t
                for t in found
                if all(w in f"{t['name']} {t['description']}".casefold() for w in words(text))
            ]
        page_request = pagination.page_request(params)
        contents = page_request.slice(found)
        return Response(pagination.page_body(contents, len(found), page_request))


class TaxonomyDetailView(HSDSView):
    def get(self, request, id):
        taxonomy = taxonomies.by_id(id)
        if taxonomy is None:
            raise Http404
        return Response(taxonomies.taxonomy_object(taxonomy))


class TaxonomyTermListView(HSDSView):
    """Every term of the three taxonomies (a few dozen: filtered in memory)."""

    params_class = filters.TaxonomyTermParams

    def get(self, request):
        params = self.params()
        terms = taxonomies.all_terms()
        if params.get("taxonomy_id"):
            chosen = taxonomies.by_id(params["taxonomy_id"])
            terms = [(t, term) for t, term in terms if t is chosen]
        if params.get("parent_id"):
            terms = []  # the terms are flat: none has a parent
        if params.get("search"):
            terms = [(t, term) for t, term in terms if filters.term_matches(term, params["search"])]
        page_request = pagination.page_request(params)
        contents = [taxonomies.term_object(t, term) for t, term in page_request.slice(terms)]
        return Response(pagination.page_body(contents, len(terms), page_request))


class TaxonomyTermDetailView(HSDSView):
    def get(self, request, id):
        found = taxonomies.term_by_id(id)
        term = found[0].model.objects.filter(pk=found[1]).first() if found else None
        if term is None:
            raise Http404
        return Response(taxonomies.term_object(found[0], term))


class ServiceAtLocationListView(HSDSView):
    """Paginated services at their places, filtered by the services' parameters."""

    params_class = filters.ServiceAtLocationParams

    def get(self, request):
        params = self.params()
        pages, ranking = filters.services(querysets.public_services(), params)
        queryset = querysets.public_locations().filter(page__in=pages.values("pk"))
        if params.get("postcode"):
            queryset = queryset.filter(postal_code=params["postcode"])
        page_request = pagination.page_request(params)
        ordered = ranked(queryset, ranking, field="page_id", then=("page_id", "sort_order", "pk"))
        locations, total = pagination.paged(ordered, page_request)
        if params["full"]:
            contents = _full_service_at_locations(locations, request)
        else:
            querysets.prefetch_services([loc.page for loc in locations], full=False)
            contents = [_service_at_location_item(location, request) for location in locations]
        return Response(pagination.page_body(contents, total, page_request))


def _service_at_location_item(location, request) -> dict:
    page = location.page
    service_id = ids.of(page)
    return {
        **service_at_location_summary(location, service_id),
        "location": location_summary(location, organization_id(page.organiser)),
        "service": service_summary(page, request),
    }


def _full_service_at_locations(locations, request) -> list[dict]:
    pages = [location.page for location in locations]
    querysets.prefetch_services(pages, full=True)
    offers = offers_for(pages)
    return [
        {
            **service_at_location_summary(location, ids.of(location.page)),
            "location": location_object(
                location.page, location, organization_id(location.page.organiser)
            ),
            "service": service_object(location.page, request, offers, with_locations=False),
        }
        for location in locations
    ]


class ServiceAtLocationDetailView(HSDSView):
    """One service at one place, fully nested."""

    def get(self, request, id):
        pk = _pk(ActivityLocation, id, "service_at_location")
        location = querysets.public_locations().filter(pk=pk).first()
        if location is None:
            raise Http404
        return Response(_full_service_at_locations([location], request)[0])
