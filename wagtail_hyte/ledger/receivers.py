"""The ledger's own signal receivers (the checkpoint schedule, the verification
alarm), connected in ``HyteLedgerConfig.ready``."""

from django.db import transaction
from django.dispatch import receiver

from wagtail_hyte.core.conf import hyte_settings

from .models import LedgerEntry, VerificationRun
from .signals import entry_appended, verification_recorded
from .tasks import checkpoint_task, verification_alarm_task


@receiver(entry_appended, sender=LedgerEntry, dispatch_uid="hyte_ledger_schedule_checkpoint")
def schedule_checkpoint(sender, entry, **kwargs):
    """Every ``CHECKPOINT_EVERY`` entries, sign a checkpoint once the append commits."""
    every = int(hyte_settings.CHECKPOINT_EVERY or 0)
    seq = entry.seq
    if every > 0 and seq % every == 0:
        transaction.on_commit(lambda: checkpoint_task.enqueue(size=seq))


@receiver(verification_recorded, sender=VerificationRun, dispatch_uid="hyte_ledger_alarm")
def alarm_on_failed_verification(sender, run, **kwargs):
    """A failed run (one row per run) emails its alarm once the run commits."""
    if not run.ok:
        run_id = run.pk
        transaction.on_commit(lambda: verification_alarm_task.enqueue(run_id))
