"""The follow-up figures (``wagtail_hyte.followup``) for coordinators and auditors:
every measure, one measure, its breakdowns and the yearly municipal report.

The views mirror the admin's Follow-up area: its access test
(``view_follow_up``), its filter form (``FollowUpFilterForm``: ``start`` and
``end`` as YYYY-MM, ``partner``, ``municipality``, ``theme``; the yearly
report's ``YearlyReportForm``: ``year``, ``municipality``) and its measures
(``measures.all_measures``, ``measure``, ``breakdown``; ``yearly.yearly_report``).
Where the admin shows the default period with a message for a filter it cannot
use, the API answers 400 naming the field. Imported only when the app is
installed (``urls.py``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from wagtail_hyte.api.base import StaffAPIMixin
from wagtail_hyte.api.permissions import AdminViewAccess
from wagtail_hyte.followup import measures
from wagtail_hyte.followup.exports import small_cell_rule
from wagtail_hyte.followup.figures import Figure
from wagtail_hyte.followup.forms import FollowUpFilterForm, YearlyReportForm
from wagtail_hyte.followup.views import FollowUpIndexView, YearlyReportView, breakdowns_of
from wagtail_hyte.followup.yearly import yearly_report

from .serializers import MeasureDetailSerializer, MeasureListSerializer, YearlyReportSerializer

SCOPE_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.STR, description="The first month, YYYY-MM."),
    OpenApiParameter("end", OpenApiTypes.STR, description="The last month, YYYY-MM."),
    OpenApiParameter("partner", OpenApiTypes.INT, description="A partner's id."),
    OpenApiParameter("municipality", OpenApiTypes.INT, description="A municipality's id."),
    OpenApiParameter("theme", OpenApiTypes.INT, description="A theme's id."),
]
ERRORS = {
    400: OpenApiResponse(description="A filter is not valid; the error names it."),
    403: OpenApiResponse(description="No view_follow_up (coordinators and auditors have it)."),
}


def valid(form):
    """``form``, once it is valid; its errors raised as a ValidationError (a 400)."""
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def small_cells() -> dict:
    return {"rule": small_cell_rule(), "hidden_label": str(Figure(None, hidden=True))}


class FollowUpAPIMixin(StaffAPIMixin):
    admin_view = FollowUpIndexView
    permission_classes = (*StaffAPIMixin.permission_classes, AdminViewAccess)
    required_scopes = {"GET": "followup:read"}

    def scope(self):
        """The scope chosen with the admin's filter form (the default period
        when no filter is given)."""
        return valid(FollowUpFilterForm(self.request.query_params)).scope()


@extend_schema(
    tags=["follow-up"],
    parameters=SCOPE_PARAMETERS,
    responses={200: MeasureListSerializer, **ERRORS},
)
class MeasureListView(FollowUpAPIMixin, APIView):
    """Every measure over the scope, as the Follow-up page's tables."""

    def get(self, request):
        scope = self.scope()
        body = {
            "scope": scope,
            "small_cells": small_cells(),
            "measures": measures.all_measures(scope),
        }
        return Response(MeasureListSerializer(body).data)


@extend_schema(
    tags=["follow-up"],
    parameters=[
        OpenApiParameter(
            "measure", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(measures.MEASURES)
        ),
        *SCOPE_PARAMETERS,
    ],
    responses={
        200: MeasureDetailSerializer,
        404: OpenApiResponse(description="No such measure or breakdown."),
        **ERRORS,
    },
)
class MeasureDetailView(FollowUpAPIMixin, APIView):
    """One measure (``by``: one of its breakdowns) over the scope, as its report page."""

    def get(self, request, measure, by=None):
        if measure not in measures.MEASURES:
            raise Http404
        breakdowns = list(breakdowns_of(measure))
        if by is not None and by not in breakdowns:
            raise Http404
        scope = self.scope()
        if by is None:
            figures = measures.measure(measure, scope)
        else:
            figures = measures.breakdown(measure, scope, by)
        body = {
            "scope": scope,
            "small_cells": small_cells(),
            "measure": figures,
            "by": by,
            "breakdowns": breakdowns,
        }
        return Response(MeasureDetailSerializer(body).data)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "measure", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(measures.BREAKDOWNS)
        ),
        OpenApiParameter(
            "by",
            OpenApiTypes.STR,
            OpenApiParameter.PATH,
            enum=sorted({by for bys in measures.BREAKDOWNS.values() for by in bys}),
        ),
    ],
)
class BreakdownView(MeasureDetailView):
    """One of a measure's breakdowns (referrals by partner, municipality, theme
    or target group; outcomes by partner) over the scope."""


class YearlyQueryForm(YearlyReportForm):
    """The yearly report's form without its file format: the API answers JSON."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["format"]


@extend_schema(
    tags=["follow-up"],
    parameters=[
        OpenApiParameter(
            "year",
            OpenApiTypes.INT,
            description="From the launch year to this one; the last full year by default.",
        ),
        OpenApiParameter("municipality", OpenApiTypes.INT, description="A municipality's id."),
    ],
    responses={200: YearlyReportSerializer, **ERRORS},
)
class YearlyReportAPIView(FollowUpAPIMixin, APIView):
    """The yearly report for the municipality's wellbeing report: the figures of
    its workbook (agreements, referrals, outcomes, recommendations, feedback)."""

    admin_view = YearlyReportView

    def get(self, request):
        form = YearlyQueryForm(request.query_params)
        if "year" not in request.query_params:
            data = request.query_params.copy()
            data["year"] = str(form.fields["year"].initial)
            form = YearlyQueryForm(data)
        data = valid(form).cleaned_data
        report = yearly_report(data["year"], data["municipality"])
        body = {
            "year": report.year,
            "municipality": report.municipality.pk if report.municipality else None,
            "municipality_name": str(report.municipality_name),
            "period": report.period_text,
            "generated": report.generated,
            "small_cells": small_cells(),
            "measures": report.measures,
        }
        return Response(YearlyReportSerializer(body).data)
