"""Partner agreements, read only: exactly what the agreement admin shows a user.

Who may read them and which ones is the admin's permission policy
(``agreements.views.AGREEMENT_POLICY``: the model permissions with the partner
scope): coordinators and auditors every agreement, partner staff their own
partners' only, everyone else nothing (403). An agreement outside the user's
scope answers 403 as the admin's scoped views do, whether it exists or not.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from wagtail_hyte.agreements.filters import PartnerAgreementFilterSet
from wagtail_hyte.agreements.models import AgreementStatus
from wagtail_hyte.agreements.services import current_version, quota_status, quota_statuses
from wagtail_hyte.agreements.views import AGREEMENT_POLICY
from wagtail_hyte.api.base import MAX_ID, StaffAPIMixin
from wagtail_hyte.api.pagination import HytePagination
from wagtail_hyte.api.v1.schema import PAGE_NOT_FOUND, error_response
from wagtail_hyte.core.periods import PeriodKind

from .serializers import AgreementDetailSerializer, AgreementSerializer

#: The admin's listing and inspect views ask for any of these (Wagtail's IndexView, InspectView).
ACTIONS = ["add", "change", "delete", "view"]
READ = {"GET": "agreements:read"}
REFUSED = {
    403: error_response(_("Not for this user, or an agreement outside the user's partners."))
}


class MayReadAgreements(BasePermission):
    """The agreement admin opens for this user (``AGREEMENT_POLICY``)."""

    def has_permission(self, request, view) -> bool:
        return AGREEMENT_POLICY.user_has_any_permission(request.user, ACTIONS)


def visible_agreements(user):
    """The agreements the admin lists for ``user`` (permissions and partner scope)."""
    return AGREEMENT_POLICY.instances_user_has_any_permission_for(user, ACTIONS)


class AgreementAPIView(StaffAPIMixin, GenericAPIView):
    permission_classes = (*StaffAPIMixin.permission_classes, MayReadAgreements)
    required_scopes = READ
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return (
            visible_agreements(self.request.user)
            .select_related("partner")
            .prefetch_related("activities")
        )


FILTERS = [
    OpenApiParameter("status", str, enum=AgreementStatus.values),
    OpenApiParameter("partner", {"type": "integer", "minimum": 1, "maximum": MAX_ID}),
    OpenApiParameter("quota_period", str, enum=PeriodKind.values),
    OpenApiParameter("expiring", bool),
    OpenApiParameter("quota_high", bool),
]


@extend_schema(
    methods=["GET"],
    tags=["agreements"],
    summary=_("Partner agreements, with this period's quota use"),
    parameters=FILTERS,
    responses={
        200: AgreementSerializer(many=True),
        400: error_response(_("A filter is not valid; see the fields.")),
        **REFUSED,
        404: PAGE_NOT_FOUND,
    },
)
class AgreementListView(AgreementAPIView):
    """``GET /agreements/``: the admin listing's agreements and filters, paginated."""

    serializer_class = AgreementSerializer
    pagination_class = HytePagination

    def get(self, request):
        partner = request.query_params.get("partner")
        if partner:  # the admin's filter would overflow a 64-bit column on a huge id
            try:
                forms.IntegerField(min_value=1, max_value=MAX_ID).clean(partner)
            except ValidationError as exc:
                raise ValidationError({"partner": exc.error_list}) from None
        filterset = PartnerAgreementFilterSet(request.query_params, queryset=self.get_queryset())
        if not filterset.form.is_valid():
            raise ValidationError(filterset.form.errors.as_data())
        queryset = filterset.qs.order_by("partner__name", "-valid_from", "pk")
        page = self.paginate_queryset(queryset)
        active = [a for a in page if a.status == AgreementStatus.ACTIVE]
        serializer = self.get_serializer(
            page,
            many=True,
            context={**self.get_serializer_context(), "quota": quota_statuses(active)},
        )
        return self.get_paginated_response(serializer.data)


@extend_schema(
    methods=["GET"],
    tags=["agreements"],
    summary=_("A partner agreement"),
    parameters=[
        OpenApiParameter(
            "id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, OpenApiParameter.PATH
        )
    ],
    responses={200: AgreementDetailSerializer, **REFUSED},
)
class AgreementDetailView(AgreementAPIView):
    """``GET /agreements/{id}/``: one agreement, as the admin's inspect view."""

    serializer_class = AgreementDetailSerializer

    def get(self, request, pk):
        agreement = self.get_queryset().filter(pk=pk).first() if pk <= MAX_ID else None
        if agreement is None:
            raise PermissionDenied  # as the admin's scoped views (core.viewsets)
        quota = (
            {agreement.pk: quota_status(agreement)}
            if agreement.status == AgreementStatus.ACTIVE
            else {}
        )
        context = {
            **self.get_serializer_context(),
            "quota": quota,
            "version": current_version(agreement),
        }
        return Response(self.get_serializer(agreement, context=context).data)
