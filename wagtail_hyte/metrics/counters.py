"""Atomic daily counters.

Every count goes through ``core.counters.increment``, the one counter upsert
(one ``INSERT ... ON CONFLICT DO UPDATE`` statement on PostgreSQL and SQLite),
atomic under any number of concurrent requests and app servers. Nothing is kept
in process memory.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.utils import timezone

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.counters import increment
from wagtail_hyte.core.roles import is_professional

from .models import (
    ActivityViewDay,
    Audience,
    SearchDay,
    ZeroResultTermDay,
    ZeroResultTermSighting,
)

# Terms that may identify a person are never kept: anything that looks like an
# e-mail address (an "@" or a look-alike, "(at)", "[at]") is dropped whole, and
# every digit (any script, grouped or not: "040-123 45 67", identity codes) is
# removed from the rest.
_PERSONAL = re.compile(r"[@\uff20\ufe6b\u24d0]|[(\[{<]\s*at\s*[)\]}>]", re.IGNORECASE)


def record_activity_view(page_id: int, day=None) -> None:
    increment(
        ActivityViewDay, {"date": day or timezone.localdate(), "page_id": page_id}, {"views": 1}
    )


def audience_of(user) -> str:
    """Professionals' searches are counted apart; a superuser's (who holds every
    permission) count as other searches."""
    if is_professional(user) and not user.is_superuser:
        return Audience.PROFESSIONAL
    return Audience.OTHER


def normalise_term(query: str) -> str:
    """The term as kept: lower case, no digits, no tokens of fewer than two letters; "" when
    the query looks like an e-mail address."""
    text = unicodedata.normalize("NFKC", query or "").lower()
    if _PERSONAL.search(text):
        return ""
    text = "".join(" " if unicodedata.category(ch)[0] in "NC" else ch for ch in text)
    # A token needs two letters: what is left of an identity code ("A") goes too.
    tokens = [token for token in text.split() if sum(ch.isalpha() for ch in token) >= 2]
    return " ".join(tokens)[:100]


def term_digest(term: str) -> str:
    """A keyed hash of ``term``: sightings can be counted without keeping the text."""
    key = hashlib.sha256(b"wagtail-hyte zero-result terms\0" + settings.SECRET_KEY.encode())
    return hmac.new(key.digest(), term.encode("utf-8"), hashlib.sha256).hexdigest()


def _seen_often_enough(term: str, day) -> bool:
    """Note a sighting; True once the term was seen on enough distinct days."""
    needed = hyte_settings.METRICS_ZERO_RESULT_MIN_DAYS or 1
    if needed <= 1 or ZeroResultTermDay.objects.filter(term=term).exists():
        return True
    digest = term_digest(term)
    ZeroResultTermSighting.objects.bulk_create(
        [ZeroResultTermSighting(date=day, digest=digest)], ignore_conflicts=True
    )
    return ZeroResultTermSighting.objects.filter(digest=digest).count() >= needed


# The catalogue's filter (registered by the referrals app) that keeps only
# activities that can take a referral; metrics knows it by name only.
REFERRAL_FILTER = "referral"


def used_referral_filter(filters) -> bool:
    """Whether a search's active filters (``{name: value}``) include "referral possible"."""
    return bool((filters or {}).get(REFERRAL_FILTER))


def record_search(
    audience: str, query: str, total: int, day=None, *, referral_filter: bool = False
) -> None:
    day = day or timezone.localdate()
    zero = 0 if total else 1
    increment(
        SearchDay,
        {"date": day, "audience": audience},
        {"searches": 1, "zero_results": zero, "referral_filter": int(bool(referral_filter))},
    )
    term = normalise_term(query)
    if (
        zero
        and term
        and hyte_settings.METRICS_KEEP_ZERO_RESULT_TERMS
        and _seen_often_enough(term, day)
    ):
        increment(ZeroResultTermDay, {"date": day, "term": term}, {"count": 1})
