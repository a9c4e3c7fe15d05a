"""Atomic daily counters.

On PostgreSQL and SQLite, ``increment`` is one statement:
``INSERT ... ON CONFLICT (keys) DO UPDATE SET n = n + EXCLUDED.n``, atomic
under any number of concurrent requests and app servers. Other databases use
``UPDATE ... SET n = n + 1``, inserting the first row of a day inside a savepoint
and falling back to the update when a concurrent request inserted it first.
Nothing is kept in process memory.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.roles import GROUP_NAMES, PROFESSIONAL

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
_UPSERT_VENDORS = ("postgresql", "sqlite")


def increment(model, lookup: dict, amounts: dict[str, int]) -> None:
    """Add ``amounts`` to the counter row identified by ``lookup`` (created at 0)."""
    if connection.vendor in _UPSERT_VENDORS:
        _upsert(model, lookup, amounts)
        return
    amounts = {field: n for field, n in amounts.items() if n}
    updates = {field: F(field) + n for field, n in amounts.items()}
    if model.objects.filter(**lookup).update(**updates):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **amounts)
    except IntegrityError:
        model.objects.filter(**lookup).update(**updates)


def _upsert(model, lookup: dict, amounts: dict[str, int]) -> None:
    qn = connection.ops.quote_name
    opts = model._meta
    fields = [opts.get_field(name) for name in [*lookup, *amounts]]
    values = [
        field.get_db_prep_value(value, connection)
        for field, value in zip(fields, [*lookup.values(), *amounts.values()], strict=True)
    ]
    table = qn(opts.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    keys = ", ".join(qn(opts.get_field(name).column) for name in lookup)
    sets = ", ".join(
        f"{qn(c)} = {table}.{qn(c)} + EXCLUDED.{qn(c)}"
        for c in (opts.get_field(name).column for name in amounts)
    )
    placeholders = ", ".join(["%s"] * len(values))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608 (names quoted)
        f"ON CONFLICT ({keys}) DO UPDATE SET {sets}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def record_activity_view(page_id: int, day=None) -> None:
    increment(
        ActivityViewDay, {"date": day or timezone.localdate(), "page_id": page_id}, {"views": 1}
    )


def audience_of(user) -> str:
    if (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.groups.filter(name=GROUP_NAMES[PROFESSIONAL]).exists()
    ):
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


def record_search(audience: str, query: str, total: int, day=None) -> None:
    day = day or timezone.localdate()
    zero = 0 if total else 1
    increment(SearchDay, {"date": day, "audience": audience}, {"searches": 1, "zero_results": zero})
    term = normalise_term(query)
    if (
        zero
        and term
        and hyte_settings.METRICS_KEEP_ZERO_RESULT_TERMS
        and _seen_often_enough(term, day)
    ):
        increment(ZeroResultTermDay, {"date": day, "term": term}, {"count": 1})
