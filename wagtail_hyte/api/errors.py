"""Errors as JSON with a stable code and a translated message.

Every API view answers an error in one shape::

    {"error": {"code": "validation_error", "message": "...",
               "fields": {"phone": [{"code": "invalid", "message": "..."}]}}}

``fields`` is present only for validation errors; a field-less error of a
service (a rule that is not about one field) is under ``"non_field_errors"``.
The services raise Django's ``ValidationError`` (and its subclasses in each
app's ``errors.py``) and ``PermissionDenied``; they are translated here, so a
rule is never re-checked in the API. Nothing personal is put in a message:
the services' messages never hold personal data, and a server error answers
only its code.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

# DRF exception class -> stable code (DRF's own default_code where it has one).
CODES: dict[type, str] = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "parse_error",
}


def _messages(detail) -> list[dict]:
    if isinstance(detail, dict):
        detail = [detail]
    if not isinstance(detail, list):
        detail = [detail]
    out = []
    for item in detail:
        if isinstance(item, dict | list):
            out.extend(_messages(list(item.values()) if isinstance(item, dict) else item))
        else:
            out.append({"code": getattr(item, "code", None) or "invalid", "message": str(item)})
    return out


def _fields(detail) -> dict[str, list[dict]]:
    if isinstance(detail, dict):
        return {
            ("non_field_errors" if name == NON_FIELD_ERRORS else name): _messages(value)
            for name, value in detail.items()
        }
    return {"non_field_errors": _messages(detail)}


def _django_validation(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        detail = {
            name: [
                exceptions.ErrorDetail(str(message), code=error.code or "invalid")
                for error in errors
                for message in error.messages
            ]
            for name, errors in exc.error_dict.items()
        }
    else:
        detail = {
            NON_FIELD_ERRORS: [
                exceptions.ErrorDetail(message, code=error.code or exc.code or "invalid")
                for error in exc.error_list
                for message in error.messages
            ]
        }
    return exceptions.ValidationError(detail)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    body = {"code": code, "message": message}
    if fields is not None:
        body["fields"] = fields
    return {"error": body}


def exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER`` for the HYTE views (set per view, so a host
    site's own REST_FRAMEWORK settings are left alone)."""
    if isinstance(exc, DjangoValidationError):
        exc = _django_validation(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a server error: Django's handler answers 500 and logs it
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            "validation_error",
            _("The request has errors; see the fields."),
            _fields(exc.detail),
        )
    else:
        code = next(
            (code for cls, code in CODES.items() if isinstance(exc, cls)),
            exc.default_code,
        )
        detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
        body = error_body(code, str(detail))
    return Response(body, status=exc.status_code, headers=headers)


def server_error_body() -> dict:
    return error_body("server_error", _("Something went wrong on the server."))
