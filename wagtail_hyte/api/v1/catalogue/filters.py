"""The activity list's query parameters: the public catalogue's own search,
sort and filters (``activities.filters.all_filters``: the built-in ones and
those other apps register, such as ``referral``), under the same names.

The catalogue page ignores a value it cannot read (a shared link keeps
working); the API refuses it with a validation error naming the parameter, so
an integration never mistakes "filter ignored" for "filter applied". Each value
is read by the filter's own ``parse``, and what passes is handed to
``build_listing`` unchanged: the result is the catalogue's for those filters.
A checkbox filter takes ``true`` or ``false`` here (``false``: not chosen).
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from wagtail_hyte.activities.catalogue import MAX_QUERY_LENGTH, SORTS
from wagtail_hyte.activities.filters import _VALUE as FACET_VALUE
from wagtail_hyte.activities.filters import AgeFilter, all_filters
from wagtail_hyte.api.base import MAX_ID

from .pages import CATALOGUE_PARAM

QUERY_PARAM = "q"
SORT_PARAM = "sort"
CHECKED = {"true": "1", "false": None}
INVALID = object()


def _value(catalogue_filter, raw: str):
    """What to pass to the catalogue for ``raw`` (None: not chosen), or INVALID."""
    if catalogue_filter.widget == "checkbox":
        return CHECKED.get(raw, INVALID)
    return INVALID if catalogue_filter.parse(raw) is None else raw


def catalogue_params(query_params) -> QueryDict:
    """The parameters for ``build_listing``, or a ValidationError naming each bad one."""
    errors: dict[str, list[str]] = {}
    params = QueryDict(mutable=True)
    query = query_params.get(QUERY_PARAM)
    if query:
        if len(query) > MAX_QUERY_LENGTH:
            errors[QUERY_PARAM] = [
                _("Search for at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
            ]
        else:
            params[QUERY_PARAM] = query
    sort = query_params.get(SORT_PARAM)
    if sort:
        if sort in SORTS:
            params[SORT_PARAM] = sort
        else:
            errors[SORT_PARAM] = [_("Sort by one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)}]
    for catalogue_filter in all_filters():
        raw = query_params.get(catalogue_filter.name)
        if raw is None or raw == "":
            continue
        value = _value(catalogue_filter, raw)
        if value is INVALID:
            errors[catalogue_filter.name] = [_("This is not a value of this filter.")]
        elif value is not None:
            params[catalogue_filter.name] = value
    if errors:
        raise ValidationError(errors)
    return params


def _filter_schema(catalogue_filter) -> dict:
    if catalogue_filter.widget == "checkbox":
        return {"type": "boolean"}
    if isinstance(catalogue_filter, AgeFilter):
        return {"type": "integer", "minimum": 0, "maximum": 120}
    if catalogue_filter.widget == "number":
        return {"type": "integer"}
    return {"type": "string", "pattern": FACET_VALUE.pattern}


def _filter_description(catalogue_filter) -> str:
    if catalogue_filter.widget == "checkbox":
        return _("%(label)s: true to use the filter.") % {"label": catalogue_filter.label}
    if catalogue_filter.facet:
        return _(
            "%(label)s: one of the values of this filter's options (the facets of the list)."
        ) % {"label": catalogue_filter.label}
    if isinstance(catalogue_filter, AgeFilter):
        return _("Age: activities whose age range includes this age.")
    return str(catalogue_filter.label)


def catalogue_parameter(description) -> OpenApiParameter:
    """``?catalogue=<id>`` (``pages.requested_catalogue``) for the schema."""
    return OpenApiParameter(
        CATALOGUE_PARAM,
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description=description,
    )


def openapi_parameters() -> list[OpenApiParameter]:
    """The list's query parameters as the catalogue has them when the schema is made."""
    parameters = [
        OpenApiParameter(
            QUERY_PARAM,
            {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            description=_(
                "Search words, as in the catalogue's search box: every word must match "
                "(or a synonym of it); a misspelt word may be corrected "
                "(see corrected_query)."
            ),
        ),
        OpenApiParameter(
            SORT_PARAM,
            {"type": "string", "enum": list(SORTS)},
            description=_(
                "relevance (the default with search words), soonest (the default "
                "without) or newest."
            ),
        ),
        catalogue_parameter(
            _(
                "Only this catalogue's activities (the id of a catalogue page); "
                "without it, those of every catalogue of the site."
            )
        ),
    ]
    for catalogue_filter in all_filters():
        parameters.append(
            OpenApiParameter(
                catalogue_filter.name,
                _filter_schema(catalogue_filter),
                description=_filter_description(catalogue_filter),
            )
        )
    return parameters


class ActivityListSchema(AutoSchema):
    """The catalogue's filters are known only when the schema is made (other apps
    register theirs with a hook), so they are added here, not in a decorator."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), *openapi_parameters()]
