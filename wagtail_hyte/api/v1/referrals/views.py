"""Referrals: make one (a professional's integration), list and read them without
personal data, reveal the client's contact details (the receiving partner,
ledgered), and the partner's and the professional's actions.

Each endpoint is an admin screen of ``referrals.views`` over HTTP and JSON:
whom the screen refuses is refused here (``admin_views``: 403), the referral
comes from the screen's own queryset (``querysets``: 404 for one outside it,
as the admin answers another partner's referral), then the screen's form and
service call. The services' refusals are answered as ``errors.api_error``
says (an illegal transition is 409).
"""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from wagtail_hyte.api.base import MAX_ID, StaffAPIMixin
from wagtail_hyte.api.errors import error_body
from wagtail_hyte.api.pagination import HytePagination
from wagtail_hyte.api.v1.schema import PAGE_NOT_FOUND, error_response
from wagtail_hyte.core.reauth import (
    REAUTHENTICATION_REQUIRED,
    api_refusal_message,
    needs_reauthentication,
)
from wagtail_hyte.core.sensitive import SensitiveDataMixin, sensitive_variables
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.filters import ReferralFilterSet, status_choices
from wagtail_hyte.referrals.forms import (
    ContactAttemptForm,
    OutcomeForm,
    WithdrawForm,
    language_choices,
)
from wagtail_hyte.referrals.models import Referral
from wagtail_hyte.referrals.notices import notice_for
from wagtail_hyte.referrals.readiness import NO_NOTICE, Readiness, referrals_available
from wagtail_hyte.referrals.views import coordinator, partner, professional

from . import querysets
from .creation import ClientChoice, make_referral
from .errors import CodedDenial, ReferralErrorsMixin
from .serializers import (
    ClientChoiceErrorSerializer,
    ConsentNoticeSerializer,
    ContactAttemptRequestSerializer,
    ContactAttemptSerializer,
    ContactDetailsSerializer,
    OutcomeRequestSerializer,
    ReferralCreatedSerializer,
    ReferralCreateSerializer,
    ReferralDetailSerializer,
    ReferralSerializer,
    WithdrawRequestSerializer,
)

READ = "referrals:read"
WRITE = "referrals:write"
REVEAL = "referrals:reveal"
TAGS = ["referrals"]

#: The admin screens whose access decides each endpoint's (``HyteAccessMixin.user_has_access``).
LISTINGS = (partner.InboxView, professional.MyReferralsView, coordinator.CoordinatorWithdrawalView)
REFERRAL_PAGES = (
    partner.InboxDetailView,
    professional.ReceiptView,
    coordinator.CoordinatorWithdrawalView,
)
MAKING = (professional.ReferralCreateView,)
PARTNER_PAGE = (partner.InboxDetailView,)
WITHDRAWALS = (
    professional.WithdrawView,
    partner.PartnerWithdrawView,
    coordinator.CoordinatorWithdrawalView,
)

INVALID = {400: error_response(gettext_lazy("The request has errors; see the fields."))}
REFUSED = {403: error_response(gettext_lazy("Not for this user, or refused by the service."))}
MISSING = {404: error_response(gettext_lazy("No such referral among the user's referrals."))}
CONFLICT = {409: error_response(gettext_lazy("The referral's status does not allow this now."))}
UNAVAILABLE = {503: error_response(gettext_lazy("The encryption keys are not configured."))}


class AdminScreensAccess(BasePermission):
    """One of the view's ``admin_views`` opens for the user in the admin."""

    def has_permission(self, request, view) -> bool:
        return any(screen.user_has_access(request.user) for screen in view.admin_views)


class ReferralAPIView(ReferralErrorsMixin, StaffAPIMixin, GenericAPIView):
    permission_classes = (*StaffAPIMixin.permission_classes, AdminScreensAccess)
    admin_views = LISTINGS

    def invalid(self, form):
        raise ValidationError(form.errors.as_data())

    def request_values(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(self, referral, *, status_code=200, serializer_class=None, **context):
        """``referral`` as ``serializer_class`` shows it; the contact attempts only to
        those who open it from the inbox, as the partner's referral page."""
        context.update(
            self.get_serializer_context(),
            inbox=querysets.in_inbox(self.request.user, referral),
        )
        serializer_class = serializer_class or ReferralDetailSerializer
        return Response(serializer_class(referral, context=context).data, status=status_code)


LIST_FILTERS = [
    OpenApiParameter("status", str, enum=[value for value, _label in status_choices()]),
    OpenApiParameter("q", str),
    OpenApiParameter("activity", {"type": "integer", "minimum": 1, "maximum": MAX_ID}),
    OpenApiParameter("reference", str, pattern=r"^[0-9a-fA-F-]{8,40}$"),
]


@extend_schema(
    methods=["GET"],
    tags=TAGS,
    summary=gettext_lazy("The user's referrals, without personal data"),
    parameters=LIST_FILTERS,
    responses={200: ReferralSerializer(many=True), **INVALID, **REFUSED, 404: PAGE_NOT_FOUND},
)
@extend_schema(
    methods=["POST"],
    tags=TAGS,
    summary=gettext_lazy("Make a referral with the client's consent"),
    request=ReferralCreateSerializer,
    responses={
        201: ReferralCreatedSerializer,
        **INVALID,
        **REFUSED,
        409: ClientChoiceErrorSerializer,
        **UNAVAILABLE,
    },
)
class ReferralListView(SensitiveDataMixin, ReferralAPIView):
    """``GET /referrals/``: the user's inbox and own referrals (coordinators: those
    ``?reference=`` finds), filtered as the admin listings filter
    (``ReferralFilterSet``: ``status``, ``q``; and ``activity``), newest first.
    ``POST /referrals/``: make a referral (``creation.make_referral``)."""

    required_scopes = {"GET": READ, "POST": WRITE}
    pagination_class = HytePagination
    serializer_class = ReferralSerializer

    @property
    def admin_views(self):
        return MAKING if self.request.method == "POST" else LISTINGS

    def prefix(self) -> str:
        """``?reference=`` as the coordinators' lookup cleans it (8–32 hex digits)."""
        value = self.request.query_params.get("reference")
        if value is None:
            return ""
        form = coordinator.ReferenceForm({"reference": value})
        if not form.is_valid():
            self.invalid(form)
        return form.cleaned_data["reference"]

    def filtered(self, queryset):
        """``status`` and ``q`` as ``ReferralFilterSet`` reads them (an unknown
        status is a 400 here rather than the default), and ``activity`` (an id)."""
        params = self.request.query_params.copy()
        activity = params.pop("activity", [None])[-1]
        errors = {}
        if "status" in params:
            try:
                forms.ChoiceField(choices=status_choices()).clean(params["status"])
            except ValidationError as exc:
                errors["status"] = exc.error_list
        if activity is not None:
            try:
                activity_id = forms.IntegerField(min_value=1, max_value=MAX_ID).clean(activity)
                queryset = queryset.filter(activity_id=activity_id)
            except ValidationError as exc:
                errors["activity"] = exc.error_list
        if errors:
            raise ValidationError(errors)
        return ReferralFilterSet(params, queryset=queryset, scope=queryset).qs

    def get(self, request):
        prefix = self.prefix()
        readable = querysets.readable(request.user, prefix)
        if prefix:
            readable = readable.filter(pk__in=coordinator.find_referrals(prefix).values("pk"))
        queryset = (
            self.filtered(readable)
            .select_related("activity", "partner")
            .order_by("-sent_at", "-pk")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @sensitive_variables()
    def post(self, request):
        outcome = make_referral(request.user, self.request_values(ReferralCreateSerializer))
        if isinstance(outcome, ClientChoice):
            return client_choice_response(outcome)
        response = self.respond(
            outcome.referral,
            status_code=status.HTTP_201_CREATED,
            serializer_class=ReferralCreatedSerializer,
            warnings=outcome.warnings,
        )
        response["Location"] = reverse(
            "hyte_api_v1:referral-detail", args=[outcome.referral.reference]
        )
        return response


def client_choice_response(choice: ClientChoice) -> Response:
    """409 ``client_choice_required`` with the choice under ``client_choice``."""
    body = error_body(
        "client_choice_required",
        _(
            "The professional has earlier clients with this phone number or email. Send "
            "the referral again with client (new, or one of the tokens) and nonce."
        ),
    )
    body["client_choice"] = {
        "nonce": choice.nonce,
        "options": [{"client": value, "label": label} for value, label in choice.options],
    }
    response = Response(ClientChoiceErrorSerializer(body).data, status=status.HTTP_409_CONFLICT)
    response["Cache-Control"] = "no-store"
    return response


@extend_schema(
    methods=["GET"],
    tags=TAGS,
    summary=gettext_lazy("The consent notice to show the client"),
    parameters=[OpenApiParameter("language", str)],
    responses={200: ConsentNoticeSerializer, **INVALID, **REFUSED},
)
class ConsentNoticeView(ReferralAPIView):
    """``GET /referrals/consent-notice/?language=fi``: the notice to show the client
    before asking for consent (``notices.notice_for``: the latest version in the
    language, else the first configured language's), with the id and hash the
    referral sends back, as the referral form's consent step."""

    required_scopes = {"GET": WRITE}
    admin_views = MAKING

    def get(self, request):
        language = request.query_params.get("language", "")
        try:  # one of the client's languages the referral form offers
            forms.ChoiceField(choices=language_choices(), required=False).clean(language)
        except ValidationError as exc:
            raise ValidationError({"language": exc.error_list}) from None
        readiness = referrals_available(language or None)
        if not readiness:
            raise ValidationError(readiness.message, code=readiness.reason)
        notice = notice_for(language)
        if notice is None:  # deleted since the readiness check
            raise ValidationError(Readiness(False, NO_NOTICE).message, code=NO_NOTICE)
        return Response(ConsentNoticeSerializer(notice).data)


class ReferralObjectView(ReferralAPIView):
    """A view of one referral, found by its reference (a UUID) in ``referrals()``."""

    admin_views = REFERRAL_PAGES

    def referrals(self):
        return querysets.readable(self.request.user, self.kwargs["reference"].hex)

    def get_referral(self) -> Referral:
        referral = (
            self.referrals()
            .select_related("activity", "partner", "agreement")
            .filter(reference=self.kwargs["reference"])
            .first()
        )
        if referral is None:
            raise Http404
        return referral


@extend_schema(
    methods=["GET"],
    tags=TAGS,
    summary=gettext_lazy("A referral, without personal data"),
    responses={200: ReferralDetailSerializer, **REFUSED, **MISSING},
)
class ReferralDetailView(ReferralObjectView):
    """``GET /referrals/{id}/``: one referral without personal data."""

    required_scopes = {"GET": READ}

    def get(self, request, reference: uuid.UUID):
        return self.respond(self.get_referral())


class PartnerActionView(ReferralObjectView):
    """A receiving partner's action: the partner's referral page opens for the user
    (403), and the referral is in the inbox (``access.inbox_queryset``, else 404)."""

    required_scopes = {"POST": WRITE}
    admin_views = PARTNER_PAGE

    def referrals(self):
        return querysets.inbox(self.request.user)


PARTNER_ACTION_ERRORS = {**INVALID, **REFUSED, **MISSING, **CONFLICT}


@extend_schema(
    methods=["POST"],
    tags=TAGS,
    summary=gettext_lazy("Reveal the client's contact details (ledgered)"),
    request=None,
    responses={200: ContactDetailsSerializer, **REFUSED, **MISSING, **UNAVAILABLE},
)
class RevealView(SensitiveDataMixin, PartnerActionView):
    """``POST /referrals/{id}/reveal/``: the client's contact details, for the
    receiving partner's staff only, ledgered (``services.reveal_contact``) as the
    admin's "Show contact details" and the page view after it. Another partner's
    referral is "not found", and the attempt is ledgered as the admin does.

    With the browser's session (not an API token), a sign-in older than
    ``REAUTHENTICATE_AFTER`` is refused first: 403 ``reauthentication_required``,
    nothing read or ledgered (``core.reauth``)."""

    required_scopes = {"POST": REVEAL}

    def get_referral(self) -> Referral:
        try:
            return super().get_referral()
        except Http404:
            # Another partner's referral: "not found", the attempt ledgered (as the admin).
            services.refuse_reveal_of_other(self.request.user, reference=self.kwargs["reference"])
            raise

    @sensitive_variables()
    def post(self, request, reference: uuid.UUID):
        referral = self.get_referral()
        if needs_reauthentication(request):
            raise CodedDenial(api_refusal_message(), REAUTHENTICATION_REQUIRED)
        contact = services.reveal_contact(referral, user=request.user)
        response = Response(ContactDetailsSerializer(contact).data)
        response["Cache-Control"] = "no-store"
        return response


@extend_schema(
    methods=["POST"],
    tags=TAGS,
    summary=gettext_lazy("Accept the referral (the receiving partner)"),
    request=None,
    responses={200: ReferralDetailSerializer, **PARTNER_ACTION_ERRORS},
)
class AcceptView(PartnerActionView):
    """``POST /referrals/{id}/accept/`` (``services.accept``). Unlike the admin page
    it shows no contact details: those are ``reveal``'s, with its own scope."""

    def post(self, request, reference: uuid.UUID):
        return self.respond(services.accept(self.get_referral(), user=request.user))


@extend_schema(
    methods=["POST"],
    tags=TAGS,
    summary=gettext_lazy("Report the outcome (the receiving partner)"),
    request=OutcomeRequestSerializer,
    responses={200: ReferralDetailSerializer, **PARTNER_ACTION_ERRORS},
)
class OutcomeView(PartnerActionView):
    """``POST /referrals/{id}/outcome/``: succeeded, or cancelled with a reason, and
    a note (``OutcomeForm``, whose rules are ``services.validate_outcome``;
    ``services.report_outcome``)."""

    @sensitive_variables()
    def post(self, request, reference: uuid.UUID):
        referral = self.get_referral()
        form = OutcomeForm(self.request_values(OutcomeRequestSerializer))
        if not form.is_valid():
            self.invalid(form)
        referral = services.report_outcome(
            referral,
            user=request.user,
            succeeded=form.cleaned_data["outcome"] == "succeeded",
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        return self.respond(referral)


@extend_schema(
    methods=["POST"],
    tags=TAGS,
    summary=gettext_lazy("Log an attempt to reach the client (the receiving partner)"),
    request=ContactAttemptRequestSerializer,
    responses={201: ContactAttemptSerializer, **PARTNER_ACTION_ERRORS},
)
class ContactAttemptView(PartnerActionView):
    """``POST /referrals/{id}/contact-attempts/``: log an attempt to reach the client
    (``ContactAttemptForm``, ``services.log_contact_attempt``)."""

    def post(self, request, reference: uuid.UUID):
        referral = self.get_referral()
        form = ContactAttemptForm(self.request_values(ContactAttemptRequestSerializer))
        if not form.is_valid():
            self.invalid(form)
        attempt = services.log_contact_attempt(
            referral,
            user=request.user,
            method=form.cleaned_data["method"],
            result=form.cleaned_data["result"],
        )
        return Response(ContactAttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["POST"],
    tags=TAGS,
    summary=gettext_lazy("Record the client's withdrawal of consent"),
    request=WithdrawRequestSerializer,
    responses={200: ReferralDetailSerializer, **PARTNER_ACTION_ERRORS},
)
class WithdrawView(ReferralObjectView):
    """``POST /referrals/{id}/withdraw/``: record the client's withdrawal of consent
    (``WithdrawForm``, ``services.withdraw``) by the referring professional, the
    receiving partner's staff or a coordinator, as the admin's three screens."""

    required_scopes = {"POST": WRITE}
    admin_views = WITHDRAWALS

    def referrals(self):
        return querysets.withdrawable(self.request.user)

    def post(self, request, reference: uuid.UUID):
        referral = self.get_referral()
        form = WithdrawForm(self.request_values(WithdrawRequestSerializer))
        if not form.is_valid():
            self.invalid(form)
        method = form.cleaned_data["method"]
        return self.respond(services.withdraw(referral, user=request.user, method=method))
