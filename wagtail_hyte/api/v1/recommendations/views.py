"""Recommendations: ``POST /recommendations/`` sends one (text message or email) or
prepares a printout, ``POST /recommendations/preview/`` shows what would be sent.

As the admin's recommendation tool (``recommendations.views.RecommendView``):
open to those who may recommend (``services.can_recommend``, else 403), the
activities offered are the live ones among those asked for
(``services.recommendable``), the form is ``RecommendForm`` and the work is
``services.recommend`` / ``services.preview``, with their rate limits (429)
and field-keyed errors (400). The client's phone number or email address is
used for the one send and never appears in a response, an error or a log.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from wagtail_hyte.api.base import StaffAPIMixin
from wagtail_hyte.api.permissions import AdminViewAccess
from wagtail_hyte.api.v1.schema import error_response
from wagtail_hyte.core.sensitive import SensitiveDataMixin, sensitive_variables
from wagtail_hyte.recommendations import services
from wagtail_hyte.recommendations.choices import Channel
from wagtail_hyte.recommendations.forms import RecommendForm, service_choices
from wagtail_hyte.recommendations.ratelimit import RateLimited
from wagtail_hyte.recommendations.views import RecommendView, print_url

from .serializers import (
    PreviewRequestSerializer,
    PreviewSerializer,
    RecommendationRequestSerializer,
    RecommendationSerializer,
)

WRITE = {"POST": "recommendations:write"}
TAGS = ["recommendations"]


INVALID = {400: error_response(_("The request has errors; see the fields."))}
REFUSED = {403: error_response(_("Not a professional who may recommend activities."))}
LIMITED = {429: error_response(_("The user's sending limit is used up; try again later."))}


class SendingLimited(exceptions.APIException):
    """``ratelimit.RateLimited``: the user's sending limit is used up."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"


class RecommendationAPIView(SensitiveDataMixin, StaffAPIMixin, GenericAPIView):
    admin_view = RecommendView  # services.can_recommend, as the admin's tool
    permission_classes = (*StaffAPIMixin.permission_classes, AdminViewAccess)
    required_scopes = WRITE

    @sensitive_variables()
    def cleaned(self, serializer_class) -> dict:
        """The request as ``RecommendForm`` cleans it, with the activities offered
        being the live ones asked for (the admin offers its candidates the same way)."""
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        form = RecommendForm(
            data,
            activities=services.recommendable(data["activities"]),
            languages=services.client_languages(),
        )
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        return form.cleaned_data

    def choices(self, data) -> dict:
        """What was chosen, as the services take it (as the admin's form)."""
        return service_choices(data, user=self.request.user, request=self.request._request)


@extend_schema(
    methods=["POST"],
    tags=TAGS,
    summary=_("Recommend activities to a client by text message, email or printout"),
    request=RecommendationRequestSerializer,
    responses={201: RecommendationSerializer, **INVALID, **REFUSED, **LIMITED},
)
class RecommendationView(RecommendationAPIView):
    @sensitive_variables()
    def post(self, request):
        data = self.cleaned(RecommendationRequestSerializer)
        try:
            result = services.recommend(
                **self.choices(data), phone=data["phone"], email=data["email"]
            )
        except RateLimited as exc:
            raise SendingLimited(exc.messages[0]) from None
        ids = [activity.pk for activity in result.activities]
        printed = result.channel == Channel.PRINT
        body = {
            "channel": result.channel,
            "status": result.status,
            "activities": result.activities,
            "delivery_id": result.delivery_id,
            "problem": result.problem,
            "print_url": (
                print_url("hyte_recommend:print", ids, data["language"], data["plain"])
                if printed
                else None
            ),
            "pdf_url": (
                print_url("hyte_recommend:pdf", ids, data["language"], data["plain"])
                if printed
                else None
            ),
        }
        return Response(RecommendationSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["POST"],
    tags=TAGS,
    summary=_("What a recommendation would send, sending nothing"),
    request=PreviewRequestSerializer,
    responses={200: PreviewSerializer, **INVALID, **REFUSED},
)
class PreviewView(RecommendationAPIView):
    def post(self, request):
        data = self.cleaned(PreviewRequestSerializer)
        return Response(PreviewSerializer(services.preview(**self.choices(data))).data)
