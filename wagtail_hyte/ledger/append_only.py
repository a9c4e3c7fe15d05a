"""Append-only guards for the ledger tables, on every database, in Python.

Three tables are append-only: ledger entries, checkpoints and verification
runs. Every write path of Django refuses changes to them:

* the default *and* the base manager (``Meta.base_manager_name``) use
  :class:`~wagtail_hyte.ledger.models.AppendOnlyQuerySet`, whose ``update``,
  ``delete``, ``bulk_update`` and ``bulk_create`` raise;
* ``Model.save`` refuses anything but an insert, ``Model.delete`` raises;
* ``pre_save`` and ``pre_delete`` receivers refuse the same (a plain
  ``QuerySet(LedgerEntry).delete()`` collects the rows and sends ``pre_delete``);
* a database execute wrapper refuses any ``UPDATE`` or ``DELETE`` statement
  on these tables that goes through Django's connection, including a plain
  ``QuerySet(LedgerEntry).update()`` and ``connection.cursor()`` SQL. Django's
  own ``flush`` (the test runner's; ``TRUNCATE`` on PostgreSQL) is let through.

On PostgreSQL triggers refuse the same inside the database (migrations 0002
and 0003). None of this stops someone who connects to the database with
another client, or a database superuser who drops the triggers: signed
checkpoints kept outside the database catch that (docs/ledger-security.md).
"""

from __future__ import annotations

import re
import sys

from django.db.backends.signals import connection_created
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext_lazy as _

TABLES = (
    "wagtail_hyte_ledger_ledgerentry",
    "wagtail_hyte_ledger_checkpoint",
    "wagtail_hyte_ledger_verificationrun",
)

_STATEMENT = re.compile(
    r"^\s*(?:UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO|INSERT\s+OR\s+REPLACE\s+INTO)"
    r"\s+[\"`\[]?(" + "|".join(TABLES) + r")[\"`\]]?(?:\s|$|;)",
    re.IGNORECASE,
)


class LedgerImmutable(Exception):
    """Someone tried to change or delete a ledger entry, checkpoint or verification run."""


def _flushing() -> bool:
    """Whether Django's ``flush`` (test runner, ``manage.py flush``) runs this statement."""
    frame = sys._getframe(2)
    depth = 0
    while frame is not None and depth < 40:
        if frame.f_code.co_name == "execute_sql_flush":
            return True
        frame = frame.f_back
        depth += 1
    return False


def refuse_changes(execute, sql, params, many, context):
    """A database execute wrapper refusing UPDATE and DELETE on the ledger tables."""
    if isinstance(sql, str) and sql[:40].lstrip()[:7].upper() in (
        "UPDATE ",
        "DELETE ",
        "REPLACE",
        "INSERT ",
    ):
        match = _STATEMENT.match(sql)
        if match and not _flushing():
            raise LedgerImmutable(
                _("The ledger's %(table)s table is append-only.") % {"table": match.group(1)}
            )
    return execute(sql, params, many, context)


def install(connection) -> None:
    if refuse_changes not in connection.execute_wrappers:
        connection.execute_wrappers.append(refuse_changes)


def _on_connection_created(sender, connection, **kwargs):
    install(connection)


def _refuse_save(sender, instance, raw=False, **kwargs):
    if not instance._state.adding:
        raise LedgerImmutable(
            _("%(model)s rows cannot be changed.") % {"model": sender._meta.verbose_name}
        )


def _refuse_delete(sender, instance, **kwargs):
    raise LedgerImmutable(
        _("%(model)s rows cannot be deleted.") % {"model": sender._meta.verbose_name}
    )


def connect(models) -> None:
    """Connect the signal receivers for ``models`` and the wrapper to every connection."""
    from django.db import connections

    for model in models:
        pre_save.connect(_refuse_save, sender=model, dispatch_uid=f"hyte-append-only-save-{model}")
        pre_delete.connect(
            _refuse_delete, sender=model, dispatch_uid=f"hyte-append-only-delete-{model}"
        )
    connection_created.connect(_on_connection_created, dispatch_uid="hyte-append-only-sql")
    for alias in connections:
        # Connections already open (and ones opened lazily later get the signal).
        install(connections[alias])
