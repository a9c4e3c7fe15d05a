"""The referral services' refusals as API errors (the shape is ``api.errors``'s).

``api.errors.exception_handler`` answers a Django ``ValidationError`` with 400
and a ``PermissionDenied`` with a bare 403. The referral services say more,
and the API keeps it:

* ``IllegalTransition`` (the life cycle does not allow the action now):
  409 ``illegal_transition`` with the service's message;
* ``PartnerAccessCut`` (partner deactivated, agreement suspended or none in
  force): 403 with the cut's reason as the code and the service's message;
* a ``PermissionDenied`` with a message (a closed referral's contact details,
  a refused read): 403 ``permission_denied`` with that message;
* ``DecryptionError`` and missing keys: 403 ``read_refused`` and 503
  ``keys_unavailable`` (the ledger has recorded the refusal itself).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework import exceptions, status

from wagtail_hyte.ledger.keys import KeyUnavailable
from wagtail_hyte.ledger.services import DecryptionError, ReadRefused
from wagtail_hyte.referrals.errors import IllegalTransition, PartnerAccessCut
from wagtail_hyte.referrals.readiness import NO_KEYS, Readiness


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "illegal_transition"


class CodedDenial(exceptions.APIException):
    """403 with a code of its own (``api.errors`` reads ``default_code``)."""

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "permission_denied"

    def __init__(self, detail, code: str):
        super().__init__(detail, code)
        self.default_code = code


class Unavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "keys_unavailable"


def api_error(exc):
    """``exc`` as the API answers it (unchanged when it is not a referral refusal)."""
    if isinstance(exc, IllegalTransition):
        return Conflict(" ".join(exc.messages))
    if isinstance(exc, PartnerAccessCut):
        return CodedDenial(str(exc.args[0]), exc.reason)
    if isinstance(exc, ReadRefused):
        return CodedDenial(str(exc.args[0]) if exc.args else "", "read_refused")
    if isinstance(exc, PermissionDenied) and exc.args:
        return CodedDenial(str(exc.args[0]), "permission_denied")
    if isinstance(exc, DecryptionError):
        return CodedDenial(
            _(
                "The client's contact details can no longer be shown: the consent was "
                "withdrawn or the data has been erased."
            ),
            "read_refused",
        )
    if isinstance(exc, KeyUnavailable):
        return Unavailable(str(Readiness(False, NO_KEYS).message))
    return exc


class ReferralErrorsMixin:
    """For a view calling the referral services: their refusals as ``api_error`` says."""

    def handle_exception(self, exc):
        return super().handle_exception(api_error(exc))
