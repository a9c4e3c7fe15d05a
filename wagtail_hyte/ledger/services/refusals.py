"""Recording refused and failed reads of personal data (``personal_data.read_refused``).

A refusal is recorded in its own transaction, so the entry stays when the
caller's transaction rolls back (the refusal is usually an exception that
does exactly that):

* outside any transaction of the caller, it commits at once;
* inside one on PostgreSQL, it is written through a separate database
  connection (a short-lived thread) that commits on its own; if that
  connection cannot take the chain head within ``LOCK_TIMEOUT`` (the caller
  has appended to the ledger in the same transaction), it falls back to the
  caller's transaction;
* inside one on SQLite, it joins the caller's transaction: SQLite has one
  writer at a time, so a second connection would wait for the caller's own
  write lock (a demo database only; documented in ledger-security.md).

The payload holds ids and codes only: the actor, the subject, a reason code
and the purpose and references given; never personal data.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .. import kinds
from ..chain import append_entry

logger = logging.getLogger(__name__)

REASON_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
LOCK_TIMEOUT = "3s"

# The reason codes the package uses (other apps may add their own short codes).
NO_CONSENT = "no_consent"
CONSENT_WITHDRAWN = "consent_withdrawn"
CONSENT_EXPIRED = "consent_expired"
CONSENT_MISMATCH = "consent_mismatch"
SUBJECT_ERASED = "subject_erased"
DECRYPTION_FAILED = "decryption_failed"


def _callers_transaction(alias: str) -> tuple[bool, bool]:
    """(in a transaction of the caller's, that transaction runs inside a TestCase)."""
    connection = connections[alias]
    if not connection.in_atomic_block:
        return False, False
    blocks = list(connection.atomic_blocks)
    from_testcase = any(getattr(block, "_from_testcase", False) for block in blocks)
    own = [block for block in blocks if not getattr(block, "_from_testcase", False)]
    return bool(own), from_testcase


def _append(actor, subjects, payload) -> None:
    with transaction.atomic():
        append_entry(kinds.PERSONAL_DATA_READ_REFUSED, actor, subjects, payload)


def _append_on_own_connection(alias, actor, subjects, payload) -> bool:
    outcome = {}

    def work():
        connection = connections[alias]
        try:
            with transaction.atomic(using=alias):
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                append_entry(kinds.PERSONAL_DATA_READ_REFUSED, actor, subjects, payload)
            outcome["ok"] = True
        except Exception as exc:  # reported below, then the fallback
            outcome["error"] = type(exc).__name__
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="hyte-read-refused")
    thread.start()
    thread.join()
    if not outcome.get("ok"):
        logger.warning(
            "read refusal recorded in the caller's transaction (own connection: %s)",
            outcome.get("error"),
        )
    return bool(outcome.get("ok"))


def record_read_refused(
    actor,
    subject,
    reason: str,
    *,
    purpose: str = "",
    referral=None,
    consent=None,
    recipient=None,
) -> None:
    """Append ``personal_data.read_refused`` in its own transaction; never raises
    for a bad reason code (it becomes ``other``), so a refusal is never hidden by
    a second error."""
    if not REASON_PATTERN.match(reason or ""):
        reason = "other"
    payload = {"reason": reason}
    if purpose:
        payload["purpose"] = purpose
    for key, value in (("referral", referral), ("consent", consent), ("recipient", recipient)):
        if value is not None:
            payload[key] = str(getattr(value, "reference", None) or getattr(value, "pk", value))
    subjects = []
    if subject is not None:
        subjects = [str(uuid.UUID(str(getattr(subject, "pk", subject))))]
    alias = DEFAULT_DB_ALIAS
    in_callers, in_testcase = _callers_transaction(alias)
    if (
        in_callers
        and not in_testcase
        and connections[alias].vendor == "postgresql"
        and _append_on_own_connection(alias, actor, subjects, payload)
    ):
        return
    _append(actor, subjects, payload)
