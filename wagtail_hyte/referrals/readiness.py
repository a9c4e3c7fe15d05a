"""Whether referrals can be made on this site at all, and why not.

Used by the referral form (which then says why instead of failing) and by the
catalogue's "referral possible" badge and filter, which are not offered while
referrals cannot be made. Cheap: a keyring decode and one query, and within
a request the answer is remembered (``request_started`` to ``request_finished``),
so the badge, the filter and the action together cost one query per request.
Outside a request (shell, tasks, tests) every call asks the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from asgiref.local import Local
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.ledger.keys import KeyUnavailable, get_keyring
from wagtail_hyte.ledger.models import ConsentNotice

from .notices import NOTICE_KEY, notice_for

NO_KEYS = "no_keys"
NO_NOTICE = "no_notice"

MESSAGES = {
    NO_KEYS: _(
        "Referrals cannot be made yet: the encryption keys for clients' contact details "
        "are not configured. Ask the site administrator to set them up "
        "(hyte_generate_keys)."
    ),
    NO_NOTICE: _(
        "Referrals cannot be made yet: no consent notice has been published. Ask the "
        "coordinator to add one."
    ),
}


@dataclass(frozen=True)
class Readiness:
    available: bool
    reason: str = ""

    @property
    def message(self):
        return MESSAGES.get(self.reason, "")

    def __bool__(self):
        return self.available


def keys_ready() -> bool:
    """The keys a referral needs: the current key-encryption key and the blind-index key."""
    try:
        keyring = get_keyring()
        keyring.current_kek  # noqa: B018 - raises when missing
        keyring.require_blind_index_key()
    except KeyUnavailable:
        return False
    return True


_request = Local()  # .memo: {language: Readiness} during a request, else absent


def _request_started(**kwargs):
    _request.memo = {}


def _request_finished(**kwargs):
    _request.memo = None


request_started.connect(_request_started, dispatch_uid="hyte-referrals-readiness-start")
request_finished.connect(_request_finished, dispatch_uid="hyte-referrals-readiness-end")


def referrals_available(language: str | None = None) -> Readiness:
    """Readiness(available, reason): False with NO_KEYS or NO_NOTICE when not possible.

    With ``language`` the notice must exist for it (or for the first configured
    language, as the form falls back); without, any referral notice will do.
    """
    memo = getattr(_request, "memo", None)
    if memo is None:
        return _readiness(language)
    if language not in memo:
        memo[language] = _readiness(language)
    return memo[language]


def _readiness(language: str | None) -> Readiness:
    if not keys_ready():
        return Readiness(False, NO_KEYS)
    if language is not None:
        exists = notice_for(language) is not None
    else:
        exists = ConsentNotice.objects.filter(key=NOTICE_KEY).exists()
    if not exists:
        return Readiness(False, NO_NOTICE)
    return Readiness(True)
