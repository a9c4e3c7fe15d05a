"""The partner's own response figures, as the top of its referral inbox shows
them (``referrals.figures.partner_figures`` over ``access.inbox_queryset``):
outcomes, open and overdue referrals, days to first action, the share acted on
within the contact promise. Small counts are hidden with the referrals' own
small-cell rule (``referrals.smallcells``), exactly as the inbox's table
(``ShownFigures``) shows them; a figure from too few referrals is null.

It needs only the referrals app, so it is served whether or not
``wagtail_hyte.followup`` is installed.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from wagtail_hyte.api.base import StaffAPIMixin
from wagtail_hyte.api.permissions import AdminViewAccess
from wagtail_hyte.referrals import access
from wagtail_hyte.referrals.columns import FIGURE_COUNTS
from wagtail_hyte.referrals.figures import partner_figures
from wagtail_hyte.referrals.smallcells import is_small, show_count
from wagtail_hyte.referrals.views.partner import InboxView

#: The inbox table's figures that are not counts (``columns.figure_columns``).
DERIVED = ("median_days", "p90_days", "promise_rate", "acceptance_rate")


class CountSerializer(serializers.Serializer):
    """A count as the inbox shows it: a small count is hidden ("< 5")."""

    value = serializers.IntegerField(allow_null=True)
    hidden = serializers.BooleanField()
    display = serializers.CharField()


class PartnerFiguresSerializer(serializers.Serializer):
    """A partner's response figures as the referral inbox's table shows them.
    A figure computed from too few referrals is null ("–" in the table)."""

    partner_id = serializers.IntegerField()
    partner_name = serializers.CharField()
    referrals = CountSerializer()
    open = CountSerializer()
    overdue = CountSerializer()
    succeeded = CountSerializer()
    cancelled = CountSerializer()
    withdrawn = CountSerializer()
    median_days = serializers.FloatField(allow_null=True)
    p90_days = serializers.FloatField(allow_null=True)
    promise_rate = serializers.IntegerField(allow_null=True, help_text="Per cent.")
    acceptance_rate = serializers.IntegerField(allow_null=True, help_text="Per cent.")


class PartnerFiguresListSerializer(serializers.Serializer):
    partners = PartnerFiguresSerializer(many=True)


def count_cell(value: int) -> dict:
    hidden = is_small(value)
    return {"value": None if hidden else value, "hidden": hidden, "display": show_count(value)}


def figures_data(figures) -> dict:
    """One ``PartnerFigures`` as the inbox's row: counts through the small-cell rule."""
    data = {"partner_id": figures.partner_id, "partner_name": figures.partner_name}
    data.update({name: count_cell(getattr(figures, name)) for name in FIGURE_COUNTS})
    data.update({name: getattr(figures, name) for name in DERIVED})
    return data


@extend_schema(
    tags=["follow-up"],
    responses={
        200: PartnerFiguresListSerializer,
        403: OpenApiResponse(description="Not a receiving partner's staff member."),
    },
)
class PartnerFiguresView(StaffAPIMixin, APIView):
    """The response figures of the partners whose referrals the caller handles
    (their referral inbox), one row per partner."""

    admin_view = InboxView
    permission_classes = (*StaffAPIMixin.permission_classes, AdminViewAccess)
    required_scopes = {"GET": "followup:read"}

    def get(self, request):
        rows = partner_figures(access.inbox_queryset(request.user))
        return Response(
            PartnerFiguresListSerializer({"partners": [figures_data(f) for f in rows]}).data
        )
