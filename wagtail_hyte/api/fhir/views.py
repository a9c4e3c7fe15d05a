"""The FHIR R4 endpoints under ``api/fhir/`` (docs/api-fhir.md); what they all
set is in ``base.py``."""

from __future__ import annotations

import uuid

from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from wagtail_hyte.core.reauth import (
    REAUTHENTICATION_REQUIRED,
    api_refusal_message,
    needs_reauthentication,
)
from wagtail_hyte.core.sensitive import SensitiveDataMixin
from wagtail_hyte.referrals import access as referral_access
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.models import Referral

from . import access, codes, outcome, search
from .base import READ, FHIRPublicView, FHIRStaffView
from .capability import REVEAL, capability_statement, reveal_definition
from .consent import consent
from .extensions import EXTENSIONS, structure_definition
from .service_request import service_request
from .task import task
from .task_update import FIELD_PATHS, apply_update, read_update


def _reference(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound from None


class MetadataView(FHIRPublicView):
    def get(self, request):
        return Response(capability_statement(self.base_url()))


class CodeSystemView(FHIRPublicView):
    def get(self, request, resource_id):
        if resource_id not in codes.CODE_SYSTEMS:
            raise NotFound
        return Response(codes.code_system(self.base_url(), resource_id))


class OperationDefinitionView(FHIRPublicView):
    def get(self, request, resource_id):
        if resource_id != REVEAL:
            raise NotFound
        return Response(reveal_definition(self.base_url()))


class StructureDefinitionView(FHIRPublicView):
    def get(self, request, resource_id):
        if resource_id not in EXTENSIONS:
            raise NotFound
        return Response(structure_definition(self.base_url(), resource_id))


class UnknownView(FHIRPublicView):
    """Any other path under the FHIR base: an OperationOutcome, not an HTML page."""

    http_method_names = ["get", "head", "post", "put", "patch", "delete"]

    def get(self, request, *args, **kwargs):
        raise NotFound

    post = put = patch = delete = get


class ReferralMixin:
    """Looks referrals up among those ``access`` gives the user; one outside
    the set is "not found" (404), as in the admin."""

    def referrals(self):
        return access.readable_referrals(self.request.user).select_related("activity", "partner")

    def listed(self):
        return access.listed_referrals(self.request.user).select_related("activity", "partner")

    def get_referral(self, resource_id: str) -> Referral:
        referral = self.referrals().filter(reference=_reference(resource_id)).first()
        if referral is None:
            raise NotFound
        return referral


class ServiceRequestSearchView(ReferralMixin, FHIRStaffView):
    access_test = staticmethod(access.can_search)

    def get(self, request):
        base = self.base_url()
        bundle = search.searchset(
            self.listed().filter(search.service_request_filter(request.query_params)),
            request.query_params,
            url=request.build_absolute_uri(request.path),
            base=base,
            resource_type="ServiceRequest",
            to_resource=lambda referral: service_request(referral, base, request),
        )
        return Response(bundle)


class ServiceRequestView(ReferralMixin, FHIRStaffView):
    access_test = staticmethod(access.can_read)

    def get(self, request, resource_id):
        referral = self.get_referral(resource_id)
        return Response(service_request(referral, self.base_url(), request))


class RevealView(SensitiveDataMixin, FHIRStaffView):
    """``POST ServiceRequest/{id}/$reveal``: the admin's "Show contact details".

    As ``referrals.views.partner.RevealView`` decides: only users who handle
    referrals (403 for the others, nothing ledgered); the referral is looked up
    in their inbox, and another partner's referral is "not found" with the
    attempt ledgered as a refused read; then ``services.reveal_contact`` checks
    (``check_reveal``: the receiving partner's staff, an open referral, access
    not cut, the consent in force), ledgers the read or the refusal, and
    decrypts. Never cached.

    With the browser's session (not an API token), a sign-in older than
    ``REAUTHENTICATE_AFTER`` is refused before that: 403 with an
    ``OperationOutcome`` issue of type ``login`` ("the client needs to
    initiate an authentication process") and the diagnostics
    ``reauthentication_required``; nothing is read or ledgered.
    """

    access_test = staticmethod(referral_access.can_handle_referrals)
    http_method_names = ["post"]
    required_scopes = {"POST": "referrals:reveal"}

    def post(self, request, resource_id):
        user = request.user
        reference = _reference(resource_id)
        referral = (
            referral_access.inbox_queryset(user)
            .select_related("activity", "partner")
            .filter(reference=reference)
            .first()
        )
        if referral is None:
            services.refuse_reveal_of_other(user, reference=reference)
            raise NotFound
        if needs_reauthentication(request):
            issue = outcome.issue(
                "login", api_refusal_message(), diagnostics=REAUTHENTICATION_REQUIRED
            )
            return Response(outcome.operation_outcome([issue]), status=403)
        contact = services.reveal_contact(referral, user=user)
        response = Response(service_request(referral, self.base_url(), request, contact=contact))
        response["Cache-Control"] = "no-store"
        return response


class TaskSearchView(ReferralMixin, FHIRStaffView):
    access_test = staticmethod(access.can_search)

    def get(self, request):
        base = self.base_url()
        bundle = search.searchset(
            self.listed().filter(search.task_filter(request.query_params)),
            request.query_params,
            url=request.build_absolute_uri(request.path),
            base=base,
            resource_type="Task",
            to_resource=lambda referral: task(referral, base),
        )
        return Response(bundle)


class TaskView(SensitiveDataMixin, ReferralMixin, FHIRStaffView):
    """``GET``, and ``PUT`` to report progress (``task_update``)."""

    access_test = staticmethod(access.can_read)
    http_method_names = ["get", "head", "put"]
    required_scopes = {"GET": READ, "PUT": "referrals:write"}
    field_paths = FIELD_PATHS

    def get(self, request, resource_id):
        return Response(task(self.get_referral(resource_id), self.base_url()))

    def put(self, request, resource_id):
        referral = self.get_referral(resource_id)
        base = self.base_url()
        update = read_update(request.data, resource_id, base)
        referral = apply_update(referral, update, user=request.user)
        return Response(task(referral, base))


class ConsentView(FHIRStaffView):
    access_test = staticmethod(access.can_read_consents)

    def get(self, request, resource_id):
        record = (
            access.readable_consents(request.user)
            .select_related("notice", "recipient")
            .filter(pk=_reference(resource_id))
            .first()
        )
        if record is None:
            raise NotFound
        return Response(consent(record, self.base_url(), record.referrals.first()))
