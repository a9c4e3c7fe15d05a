"""How API callers authenticate: staff in the browser with their admin session
(CSRF checked on every unsafe method), integrations with an API token.

The OpenAPI schema names them ``apiToken`` (HTTP bearer) and ``adminSession``
(the session cookie), through the drf-spectacular extensions at the end.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.exceptions import AuthenticationFailed

from . import tokens

#: ``Authorization: Bearer <token>`` (RFC 6750); ``Token <token>`` is accepted too.
KEYWORDS = (b"bearer", b"token")


class StaffSessionAuthentication(SessionAuthentication):
    """The Wagtail admin session; an inactive user is refused as in the admin."""


class ApiTokenAuthentication(BaseAuthentication):
    """An API token (``tokens.py``) in the ``Authorization`` header.

    A request without that header is left to the next authentication class.
    A malformed, unknown, expired or revoked token, or one whose user is no
    longer active, answers 401 with ``WWW-Authenticate: Bearer`` and one
    message for all, so a caller cannot tell whether a token ever existed.
    No CSRF check: a browser never adds this header to a forged request.
    ``request.user`` is the token's user, ``request.auth`` the token (its
    ``scope_set`` is what ``permissions.HasScope`` checks).
    """

    message = _("The API token is not valid.")

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(self.message)
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(self.message) from None
        token = tokens.authenticate(secret)
        if token is None:
            raise AuthenticationFailed(self.message)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": gettext(
                "An API token made by a coordinator in HYTE → API tokens, sent as "
                "“Authorization: Bearer <token>”. It acts as its user, with its scopes."
            ),
        }


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = StaffSessionAuthentication
    name = "adminSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": gettext(
                "The Wagtail admin session of a signed-in staff member; unsafe methods "
                "also need the CSRF token in the X-CSRFToken header."
            ),
        }
