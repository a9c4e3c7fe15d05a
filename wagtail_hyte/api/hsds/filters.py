"""The HSDS query parameters: validated by serializers, applied together (AND).

Every parameter narrows the result further (the HSDS API reference: query
parameters are cumulative). ``search`` is the catalogue's own search
(``catalogue.search_ids``: Wagtail search, plain words, synonyms, typo
correction; the best ``CATALOGUE_SEARCH_LIMIT`` hits), ordered best first;
``taxonomy_term_id`` is the catalogue's own theme / target group /
accessibility filter (``activities.filters``). An id that is well formed but
names nothing matches nothing; a malformed value is a ``validation_error``
naming the parameter.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.search.backends import get_search_backend

from wagtail_hyte.activities.catalogue import MAX_QUERY_LENGTH, search_ids
from wagtail_hyte.activities.filters import all_filters, clean_text
from wagtail_hyte.activities.models import ActivityFacet
from wagtail_hyte.activities.search import build_query, words
from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.partners.models import Partner

from . import ids, taxonomies


class ListParams(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, required=False)
    per_page = serializers.IntegerField(min_value=1, required=False)
    format = serializers.ChoiceField(
        choices=["json"], required=False, help_text=_("Only json is offered.")
    )
    search = serializers.CharField(required=False, allow_blank=True)

    def validate_search(self, value: str) -> str:
        return " ".join(clean_text(value).split())[:MAX_QUERY_LENGTH]


class ServiceParams(ListParams):
    taxonomy_term_id = serializers.UUIDField(required=False)
    taxonomy_id = serializers.UUIDField(required=False)
    organization_id = serializers.UUIDField(required=False)
    modified_after = serializers.DateTimeField(required=False)
    minimal = serializers.BooleanField(required=False, default=False)
    full = serializers.BooleanField(required=False, default=False)


class ServiceAtLocationParams(ServiceParams):
    minimal = None
    postcode = serializers.RegexField(r"^\d{5}$", required=False)
    proximity = serializers.CharField(required=False)

    def validate_proximity(self, value):
        raise serializers.ValidationError(
            _("Searching by distance is not offered."), code="not_supported"
        )


class OrganizationParams(ListParams):
    full = serializers.BooleanField(required=False, default=False)
    full_service = serializers.BooleanField(required=False, default=False)


class OrganizationDetailParams(serializers.Serializer):
    full_service = serializers.BooleanField(required=False, default=False)


class TaxonomyTermParams(ListParams):
    taxonomy_id = serializers.UUIDField(required=False)
    parent_id = serializers.UUIDField(required=False)
    top_only = serializers.BooleanField(required=False, default=False)


def _catalogue_filter(name: str):
    return next(f for f in all_filters() if f.name == name)


def _term_condition(value) -> Q:
    found = taxonomies.term_by_id(value)
    if found is None:
        return Q(pk__in=[])
    taxonomy, pk = found
    term = taxonomy.model.objects.filter(pk=pk).first()
    if term is None:
        return Q(pk__in=[])
    return _catalogue_filter(taxonomy.facet).q(term.slug)


def _taxonomy_condition(value) -> Q:
    taxonomy = taxonomies.by_id(value)
    if taxonomy is None:
        return Q(pk__in=[])
    return Q(pk__in=ActivityFacet.objects.filter(facet=taxonomy.facet).values("page_id"))


def services(queryset, params: dict):
    """(``queryset`` narrowed by every given parameter, the search ranking or None)."""
    ranking = None
    if params.get("search"):
        hits = search_ids(params["search"])
        if hits is not None:  # None: no words to search for, as in the catalogue
            ranking = hits.ids
            queryset = queryset.filter(pk__in=ranking)
    if params.get("taxonomy_term_id"):
        queryset = queryset.filter(_term_condition(params["taxonomy_term_id"]))
    if params.get("taxonomy_id"):
        queryset = queryset.filter(_taxonomy_condition(params["taxonomy_id"]))
    if params.get("organization_id"):
        pk = ids.lookup_model(Partner, params["organization_id"])
        # An inactive partner's id is never published, so it selects nothing.
        queryset = queryset.filter(organiser_id=pk, organiser__active=True)
    if params.get("modified_after"):
        moment = params["modified_after"]
        queryset = queryset.filter(
            Q(last_published_at__gte=moment) | Q(organiser__updated_at__gte=moment)
        )
    return queryset, ranking


def search_partners(queryset, text: str):
    """Partners matching every plain word of ``text`` (Wagtail search over the
    partner's indexed name and business ID), best first: (queryset, ranking)."""
    terms = words(text)
    if not terms:
        return queryset, None
    found = get_search_backend().search(build_query(terms), queryset, order_by_relevance=True)
    ranking = [partner.pk for partner in found[: hyte_settings.CATALOGUE_SEARCH_LIMIT]]
    return queryset.filter(pk__in=ranking), ranking


def term_matches(term, text: str) -> bool:
    """Every plain word of ``text`` is in one of the term's names or its slug.

    Taxonomy terms are not in the search index; there are a few dozen of them."""
    names = " ".join([term.slug, *term.labels().values()]).casefold()
    return all(word in names for word in words(text))
