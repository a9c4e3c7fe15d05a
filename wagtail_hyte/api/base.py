"""What every HYTE API view sets for itself.

The views never rely on the host site's ``REST_FRAMEWORK`` settings (a site
may run its own API with other defaults): authentication, permissions,
renderers, parsers, throttles, the OpenAPI schema class and the exception
handler are class attributes of these mixins.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer

from . import errors
from .authentication import StaffSessionAuthentication
from .permissions import HasScope


class HyteAPIMixin:
    renderer_classes = (JSONRenderer,)
    parser_classes = (JSONParser,)
    schema = AutoSchema()

    def get_exception_handler(self):
        return errors.exception_handler


class PublicAPIMixin(HyteAPIMixin):
    """Public, read-only data (the catalogue): no authentication at all, so no
    session or CSRF is involved; throttled per client address."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    http_method_names = ["get", "head", "options"]


class StaffAPIMixin(HyteAPIMixin):
    """Staff data: the admin session or an API token acting as a named user.
    Each view adds the permission classes that ask the app's access functions
    (keep ``IsAuthenticated`` and ``HasScope`` first) and says which token
    scope each method needs (``required_scopes``, see ``scopes.SCOPES``)."""

    authentication_classes = (StaffSessionAuthentication,)
    permission_classes = (IsAuthenticated, HasScope)
