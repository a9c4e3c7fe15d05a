"""Signals the ledger sends.

``entry_appended(sender=LedgerEntry, entry=...)`` is sent by
:func:`wagtail_hyte.ledger.chain.append_entry` inside the appending
transaction, with the chain head still locked, after the entry and the head
are written. A receiver that has work to do after the commit registers it with
``transaction.on_commit`` (it is then dropped if the append rolls back); a
receiver that raises makes the append fail. The ledger's own receiver, which
schedules the signed checkpoint every ``CHECKPOINT_EVERY`` entries, is in
``receivers.py``.

``verification_recorded(sender=VerificationRun, run=...)`` is sent by
:func:`wagtail_hyte.ledger.verification.verify_chain` after it stores a run
(every recorded verification: command, task, daily job, *Verify now*). The
ledger's receiver emails the alarm for a failed run once the run commits.
"""

import django.dispatch

entry_appended = django.dispatch.Signal()
verification_recorded = django.dispatch.Signal()
