"""Atomic daily counters.

On PostgreSQL and SQLite, ``increment`` is one statement:
``INSERT ... ON CONFLICT (keys) DO UPDATE SET n = n + EXCLUDED.n``, atomic
under any number of concurrent requests and app servers. Other databases use
``UPDATE ... SET n = n + 1``, inserting the first row of a day inside a savepoint
and falling back to the update when a concurrent request inserted it first.
Nothing is kept in process memory.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.roles import GROUP_NAMES, PROFESSIONAL

from .models import ActivityViewDay, Audience, SearchDay, ZeroResultTermDay

# Terms that may identify a person are never kept: e-mail addresses, phone
# numbers, personal identity codes, anything with long digit runs.
_PERSONAL = re.compile(r"@|\d{4,}|\d{6}[-+A]\d{3}", re.IGNORECASE)
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
    return " ".join(query.lower().split())[:100]


def record_search(audience: str, query: str, total: int, day=None) -> None:
    day = day or timezone.localdate()
    zero = 0 if total else 1
    increment(SearchDay, {"date": day, "audience": audience}, {"searches": 1, "zero_results": zero})
    term = normalise_term(query)
    if (
        zero
        and term
        and hyte_settings.METRICS_KEEP_ZERO_RESULT_TERMS
        and not _PERSONAL.search(term)
    ):
        increment(ZeroResultTermDay, {"date": day, "term": term}, {"count": 1})
