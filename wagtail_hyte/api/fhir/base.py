"""What every FHIR view sets: the HYTE API mixins (``api.base``: authentication,
permissions, scopes, throttles) speaking FHIR. Answers are
``application/fhir+json`` whatever the request's ``Accept`` says, bodies may be
``application/fhir+json`` or ``application/json`` (anything else is 415), and
errors are ``OperationOutcome`` (``outcome.py``). The views are left out of the
REST API's OpenAPI schema: the CapabilityStatement (``metadata``) describes them.
"""

from __future__ import annotations

from django.urls import reverse
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from ..base import PublicAPIMixin, StaffAPIMixin
from . import outcome

MEDIA_TYPE = "application/fhir+json"
READ = "referrals:read"


class FHIRRenderer(JSONRenderer):
    media_type = MEDIA_TYPE
    format = "json"
    charset = None
    # Set here, not read from the host's REST_FRAMEWORK settings.
    ensure_ascii = False
    compact = True
    strict = True


class FHIRParser(JSONParser):
    media_type = MEDIA_TYPE


class FHIRNegotiation(BaseContentNegotiation):
    """FHIR JSON for every request: this interface has no other format."""

    def select_parser(self, request, parsers):
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        return next((p for p in parsers if p.media_type == content_type), None)

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class FHIRMixin:
    renderer_classes = (FHIRRenderer,)
    parser_classes = (FHIRParser, JSONParser)
    content_negotiation_class = FHIRNegotiation
    schema = None  # described by the CapabilityStatement, not the OpenAPI schema
    field_paths: dict[str, str] = {}

    def get_exception_handler(self):
        return outcome.exception_handler

    def base_url(self) -> str:
        """The FHIR base URL (ending in ``/``) as the client reached it."""
        metadata = self.request.build_absolute_uri(reverse("hyte_fhir:metadata"))
        return metadata[: -len("metadata")]


class AccessTest(BasePermission):
    """The view's ``access_test(user)`` decides who may use it at all, as an
    admin view's does (``core.adminviews``); a function of ``referrals.access``
    or ``fhir.access``."""

    def has_permission(self, request, view) -> bool:
        return bool(view.access_test(request.user))


class FHIRStaffView(FHIRMixin, StaffAPIMixin, APIView):
    permission_classes = (*StaffAPIMixin.permission_classes, AccessTest)
    http_method_names = ["get", "head"]
    required_scopes = {"GET": READ}

    @staticmethod
    def access_test(user) -> bool:  # every view sets its own
        return False


class FHIRPublicView(FHIRMixin, PublicAPIMixin, APIView):
    http_method_names = ["get", "head"]
