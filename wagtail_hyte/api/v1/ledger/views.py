"""The ledger for auditors: entries (and the personal data reads), checkpoints
and the verification status, with *Verify now*.

Each view mirrors an auditor view of the admin (``admin_view``): the same
access test (``audit_ledger``), the same base queryset and the admin's own
filter set (kind, actor, time range, subject), so a query means the same here
as in the admin. The verification status is the integrity page's
(``integrity_status``); *Verify now* enqueues the same task the admin's button
does. Nothing is decrypted: the ledger holds references and digests only.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from django_tasks import TaskResultStatus
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.views import APIView

from wagtail_hyte.api.base import StaffAPIMixin
from wagtail_hyte.api.errors import error_body
from wagtail_hyte.api.pagination import HytePagination
from wagtail_hyte.api.permissions import AdminViewAccess
from wagtail_hyte.ledger.actors import actor_label
from wagtail_hyte.ledger.models import Checkpoint
from wagtail_hyte.ledger.tasks import verify_ledger_task
from wagtail_hyte.ledger.views.entries import LedgerEntryIndexView, PersonalDataReadsView
from wagtail_hyte.ledger.views.integrity import IntegrityView, VerifyNowView, integrity_status

from .serializers import (
    CheckpointSerializer,
    LedgerEntryDetailSerializer,
    LedgerEntrySerializer,
    VerificationStatusSerializer,
    VerifyNowSerializer,
    status_data,
)

REFUSED = {
    403: OpenApiResponse(description="Not an auditor (no audit_ledger)."),
}
INVALID = {400: OpenApiResponse(description="A filter is not valid; the error names it.")}
MISSING = {404: OpenApiResponse(description="No such entry or checkpoint.")}

#: The admin's time filter is a date range picker (``created_at_from``,
#: ``created_at_to``), not django-filter's default suffixes the schema would guess.
TIME_PARAMETERS = [
    OpenApiParameter(
        f"created_at_{end}",
        OpenApiTypes.DATE,
        description=f"Entries on or {word} this day (the site's time zone).",
    )
    for end, word in (("from", "after"), ("to", "before"))
] + [OpenApiParameter(f"created_at_{guess}", exclude=True) for guess in ("after", "before")]


class LedgerAPIMixin(StaffAPIMixin):
    admin_view = LedgerEntryIndexView
    permission_classes = (*StaffAPIMixin.permission_classes, AdminViewAccess)
    required_scopes = {"GET": "ledger:read"}


@extend_schema(
    tags=["ledger"],
    parameters=TIME_PARAMETERS,
    responses={200: LedgerEntrySerializer(many=True), **INVALID, **REFUSED},
)
class LedgerEntryListView(LedgerAPIMixin, generics.ListAPIView):
    """Every ledger entry, newest first (``?ordering=seq`` for the oldest first);
    the ledger view's filters: ``kind``, ``actor`` (``user:12``, ``system:x`` or
    a username), ``created_at_from`` and ``created_at_to`` (dates), ``subject``."""

    serializer_class = LedgerEntrySerializer
    pagination_class = HytePagination
    filter_backends = (DjangoFilterBackend, OrderingFilter)
    ordering_fields = ("seq", "created_at")
    ordering = ("-seq",)

    @property
    def filterset_class(self):
        return self.admin_view.filterset_class

    def get_queryset(self):
        return self.admin_view().get_base_queryset()


@extend_schema(tags=["ledger"], parameters=[OpenApiParameter("kind", exclude=True)])
class PersonalDataReadListView(LedgerEntryListView):
    """Who read which subject's personal data, when and why, and the refused
    reads (the ledger's "Personal data reads" view); filters as for the entries,
    without ``kind``."""

    admin_view = PersonalDataReadsView


@extend_schema(tags=["ledger"], responses={200: LedgerEntryDetailSerializer, **REFUSED, **MISSING})
class LedgerEntryDetailView(LedgerAPIMixin, generics.RetrieveAPIView):
    """One entry by its sequence number."""

    serializer_class = LedgerEntryDetailSerializer
    lookup_field = "seq"

    def get_queryset(self):
        return self.admin_view().get_base_queryset()


class CheckpointAPIMixin(LedgerAPIMixin):
    admin_view = IntegrityView
    serializer_class = CheckpointSerializer

    def get_queryset(self):
        return Checkpoint.objects.order_by("-size", "-created_at", "-pk")


@extend_schema(tags=["ledger"], responses={200: CheckpointSerializer(many=True), **REFUSED})
class CheckpointListView(CheckpointAPIMixin, generics.ListAPIView):
    """The signed checkpoints, the latest (the largest size) first."""

    pagination_class = HytePagination


@extend_schema(tags=["ledger"], responses={200: CheckpointSerializer, **REFUSED, **MISSING})
class CheckpointDetailView(CheckpointAPIMixin, generics.RetrieveAPIView):
    """One signed checkpoint."""


# Class-level and scoped to a method: a method's own decorator would take DRF's
# default schema class, not the view's (``base.HyteAPIMixin.schema``).
@extend_schema(
    methods=["GET"],
    tags=["ledger"],
    responses={200: VerificationStatusSerializer, **REFUSED},
)
@extend_schema(
    methods=["POST"],
    tags=["ledger"],
    request=None,
    responses={
        200: VerifyNowSerializer,
        202: VerifyNowSerializer,
        503: OpenApiResponse(description="The verification could not be run."),
        **REFUSED,
    },
)
class VerificationView(LedgerAPIMixin, APIView):
    """The integrity page as data (GET), and its *Verify now* button (POST)."""

    required_scopes = {"GET": "ledger:read", "POST": "ledger:read"}

    @property
    def admin_view(self):
        return VerifyNowView if self.request.method == "POST" else IntegrityView

    def current_status(self) -> dict:
        return status_data(integrity_status(self.request.user))

    def get(self, request):
        """The last verification: its result, whether its record is signed with
        the checkpoint key, what it covered and what not; the checkpoints kept
        outside the database compared now; the chain head and the public key."""
        return Response(VerificationStatusSerializer(self.current_status()).data)

    def post(self, request):
        """*Verify now*: the full verification with the caller as its actor, as
        the integrity page's button (``verify_ledger_task``). With a task worker
        it runs in the background (202, ``started``); without one it runs in the
        request (200, ``finished``, with its result)."""
        result = verify_ledger_task.enqueue(actor=actor_label(request.user))
        if result.status == TaskResultStatus.FAILED:
            return Response(
                error_body(
                    "verification_not_run",
                    gettext(
                        "The verification could not be run. Try again, or ask the "
                        "administrator to run manage.py hyte_verify_ledger."
                    ),
                ),
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        if result.status == TaskResultStatus.SUCCESSFUL:
            outcome = result.return_value
            if outcome["ok"]:
                message = gettext(
                    "Verification finished: every entry of the ledger is checked and intact."
                )
            else:
                message = gettext(
                    "Verification finished: the ledger is NOT intact (first bad entry "
                    "#%(seq)s). The details are below."
                ) % {"seq": outcome["first_bad_seq"] or "–"}
            body = {
                "run": "finished",
                "ok": outcome["ok"],
                "first_bad_seq": outcome["first_bad_seq"],
                "message": message,
                "status": self.current_status(),
            }
            return Response(VerifyNowSerializer(body).data)
        body = {
            "run": "started",
            "ok": None,
            "first_bad_seq": None,
            "message": gettext(
                "Verification started. It runs in the background; reload this page "
                "in a moment to see its result."
            ),
            "status": self.current_status(),
        }
        return Response(VerifyNowSerializer(body).data, status=status.HTTP_202_ACCEPTED)
