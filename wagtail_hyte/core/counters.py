"""The one counter upsert: add to a counter row, creating it if it is missing.

``increment(Model, lookup, amounts)`` adds ``amounts`` (``{field: n}``) to the
row that ``lookup`` (``{field: value}``, the fields of a unique constraint of
``Model``) identifies; a missing row is created with the amounts. It is safe
under any number of concurrent requests and app servers, with nothing kept in
process memory:

- On PostgreSQL and SQLite it is one statement,
  ``INSERT ... ON CONFLICT (lookup) DO UPDATE SET n = n + EXCLUDED.n``, which
  is atomic (PostgreSQL waits for a concurrent insert of the same row and then
  adds to it; SQLite serialises writers).
- Other databases run ``UPDATE ... SET n = n + amount``; when no row was there,
  the row is created inside a savepoint, and when a concurrent request created
  it first (``IntegrityError``), the update runs again.

Either way the updated row stays locked until the caller's transaction ends.
With ``returning="field"`` the row's value of that field after the increment is
returned (what a rate limit compares with its limit); inside ``atomic()`` no
other transaction can change it before the caller decides.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F

UPSERT_VENDORS = ("postgresql", "sqlite")


def increment(
    model, lookup: dict[str, Any], amounts: dict[str, int], *, returning: str | None = None
) -> Any:
    """Add ``amounts`` to the counter row of ``model`` that ``lookup`` identifies.

    Returns the value of the field ``returning`` after the increment, or None
    when ``returning`` is not given.
    """
    if not lookup or not amounts:
        raise ValueError("increment() needs the lookup fields and at least one amount")
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor in UPSERT_VENDORS:
        return _upsert(model, connection, lookup, amounts, returning)
    return _update_or_create(model, alias, lookup, amounts, returning)


def _upsert(model, connection, lookup, amounts, returning):
    qn = connection.ops.quote_name
    opts = model._meta
    # Built like Model.save() builds an INSERT, so field defaults (and model
    # instances given for foreign keys) are handled as Django handles them.
    row = model(**lookup, **amounts)
    fields = [
        field
        for field in opts.local_concrete_fields
        if field is not opts.auto_field and not getattr(field, "generated", False)
    ]
    values = [field.get_db_prep_save(field.pre_save(row, add=True), connection) for field in fields]
    table = qn(opts.db_table)
    columns = ", ".join(qn(field.column) for field in fields)
    keys = ", ".join(qn(opts.get_field(name).column) for name in lookup)
    amount_columns = [qn(opts.get_field(name).column) for name in amounts]
    sets = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in amount_columns)
    placeholders = ", ".join(["%s"] * len(values))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608 (names quoted)
        f"ON CONFLICT ({keys}) DO UPDATE SET {sets}"
    )
    read_back = returning is not None and connection.features.can_return_columns_from_insert
    if read_back:
        sql += f" RETURNING {qn(opts.get_field(returning).column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if read_back:
            return cursor.fetchone()[0]
    if returning is not None:
        return _value(model, connection.alias, lookup, returning)
    return None


def _update_or_create(model, alias, lookup, amounts, returning):
    rows = model._default_manager.using(alias).filter(**lookup)
    updates = {field: F(field) + n for field, n in amounts.items()}
    if not rows.update(**updates):
        try:
            with transaction.atomic(using=alias):
                model._default_manager.using(alias).create(**lookup, **amounts)
            if returning in amounts:
                return amounts[returning]
        except IntegrityError:
            rows.update(**updates)  # a concurrent request created the row first
    if returning is not None:
        return _value(model, alias, lookup, returning)
    return None


def _value(model, alias, lookup, field):
    return model._default_manager.using(alias).filter(**lookup).values_list(field, flat=True).get()
