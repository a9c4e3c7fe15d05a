"""What every HYTE API view sets for itself.

The views never rely on the host site's ``REST_FRAMEWORK`` settings (a site
may run its own API with other defaults): authentication, permissions,
renderers, parsers, throttles, the OpenAPI schema class and the exception
handler are class attributes of these mixins.
"""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from . import errors
from .authentication import ApiTokenAuthentication, StaffSessionAuthentication
from .language import request_language
from .permissions import HasScope
from .throttling import ApiTokenRateThrottle, PublicRateThrottle

# The largest database id a parameter or a path may give (18 digits): a larger
# one would overflow a 64-bit column (SQLite raises) before any lookup.
MAX_ID = 10**18 - 1


class HyteNegotiation(DefaultContentNegotiation):
    """DRF's content negotiation without its ``?format=`` override (``format``
    is a catalogue filter and an HSDS parameter), whatever the site's
    ``URL_FORMAT_OVERRIDE``."""

    class settings:  # stands in for DRF's api_settings
        URL_FORMAT_OVERRIDE = None


class HyteAPIMixin:
    """Answers in the language the request asks for (``language.py``: its
    language cookie or ``Accept-Language``, else ``LANGUAGE_CODE``), said in
    ``Content-Language``; no versioning scheme, no ``?format=`` switch."""

    renderer_classes = (JSONRenderer,)
    parser_classes = (JSONParser,)
    content_negotiation_class = HyteNegotiation
    versioning_class = None
    schema = AutoSchema()

    def dispatch(self, request, *args, **kwargs):
        with translation.override(request_language(request)):
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    def get_exception_handler(self):
        return errors.exception_handler


class PublicAPIMixin(HyteAPIMixin):
    """Public, read-only data (the catalogue): no authentication at all, so no
    session or CSRF is involved; throttled per client address."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (PublicRateThrottle,)
    http_method_names = ["get", "head", "options"]


class StaffAPIMixin(HyteAPIMixin):
    """Staff data: the admin session or an API token acting as a named user.
    Each view adds the permission classes that ask the app's access functions
    (keep ``IsAuthenticated`` and ``HasScope`` first) and says which token
    scope each method needs (``required_scopes``, see ``scopes.SCOPES``).

    The token comes first: a request that names a token in its ``Authorization``
    header is that token's (no CSRF), whatever cookie it carries, and a request
    with neither answers 401 with ``WWW-Authenticate: Bearer``. Token requests
    are throttled per token (``throttling.ApiTokenRateThrottle``)."""

    authentication_classes = (ApiTokenAuthentication, StaffSessionAuthentication)
    permission_classes = (IsAuthenticated, HasScope)
    throttle_classes = (ApiTokenRateThrottle,)


@extend_schema(exclude=True)
class UnknownPathView(PublicAPIMixin, APIView):
    """Any other path under the REST API or HSDS: a JSON "not found", never the
    site's HTML 404 page (and never Wagtail's page serving)."""

    http_method_names = ["get", "head", "options", "post", "put", "patch", "delete"]
    throttle_classes = ()

    def get(self, request, *args, **kwargs):
        raise NotFound

    post = put = patch = delete = get
