"""Errors of the FHIR views as ``OperationOutcome`` resources.

The HYTE handler (``api.errors.exception_handler``) decides the status, the
stable code and the translated message of every error, as for the REST API;
this one only reshapes its answer as FHIR wants it: one issue per message,
the HYTE code in ``diagnostics``, the element at fault in ``expression``.
FHIR's status codes differ in two places: an illegal status change is 409
Conflict, and a request that breaks a rule is 422 Unprocessable Entity (a body
that cannot be read stays 400). The messages are the services' and DRF's,
never personal data.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework import exceptions
from rest_framework.response import Response

from wagtail_hyte.referrals.errors import IllegalTransition

from .. import errors

RESOURCE = "OperationOutcome"

#: HYTE error code -> FHIR issue type (http://hl7.org/fhir/issue-type).
ISSUE_TYPES = {
    "not_authenticated": "login",
    "authentication_failed": "login",
    "permission_denied": "forbidden",
    "not_found": "not-found",
    "method_not_allowed": "not-supported",
    "not_acceptable": "not-supported",
    "unsupported_media_type": "not-supported",
    "throttled": "throttled",
    "parse_error": "structure",
    "validation_error": "invalid",
}
#: Codes of a service's field-less error that name a broken rule.
BUSINESS_RULES = frozenset({"illegal_transition", "not_in_force"})
PASSED_HEADERS = ("WWW-Authenticate", "Retry-After")


def operation_outcome(issues: list[dict]) -> dict:
    return {"resourceType": RESOURCE, "issue": issues}


def issue(code: str, text: str, *, diagnostics: str = "", expression=None, severity="error"):
    item = {"severity": severity, "code": code, "details": {"text": text}}
    if diagnostics:
        item["diagnostics"] = diagnostics
    if expression:
        item["expression"] = [expression]
    return item


def _validation_issues(fields: dict, paths: dict) -> list[dict]:
    issues = []
    for name, messages in fields.items():
        expression = None if name == "non_field_errors" else paths.get(name, name)
        for message in messages:
            kind = "business-rule" if message["code"] in BUSINESS_RULES else "invalid"
            issues.append(
                issue(kind, message["message"], diagnostics=message["code"], expression=expression)
            )
    return issues


def exception_handler(exc, context):
    """DRF's exception handler for the FHIR views (set per view)."""
    if isinstance(exc, DjangoPermissionDenied) and exc.args and isinstance(exc.args[0], str):
        # A service's refusal with a reason (PartnerAccessCut, ReadRefused, a
        # closed referral): keep its message, which HYTE's handler would drop.
        exc = exceptions.PermissionDenied(exc.args[0])
    response = errors.exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's handler answers 500 and logs it
    error = response.data["error"]
    status = response.status_code
    if error["code"] == "validation_error":
        paths = getattr(context.get("view"), "field_paths", {})
        issues = _validation_issues(error.get("fields", {}), paths)
        status = 409 if isinstance(exc, IllegalTransition) else 422
    else:
        issues = [
            issue(
                ISSUE_TYPES.get(error["code"], "exception"),
                error["message"],
                diagnostics=error["code"],
            )
        ]
    headers = {name: response[name] for name in PASSED_HEADERS if response.has_header(name)}
    return Response(operation_outcome(issues), status=status, headers=headers)
