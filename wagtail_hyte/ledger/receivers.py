"""The ledger's own signal receivers, connected in ``HyteLedgerConfig.ready``."""

from django.db import transaction
from django.dispatch import receiver

from wagtail_hyte.core.conf import hyte_settings

from .models import LedgerEntry
from .signals import entry_appended
from .tasks import checkpoint_task


@receiver(entry_appended, sender=LedgerEntry, dispatch_uid="hyte_ledger_schedule_checkpoint")
def schedule_checkpoint(sender, entry, **kwargs):
    """Every ``CHECKPOINT_EVERY`` entries, sign a checkpoint once the append commits."""
    every = int(hyte_settings.CHECKPOINT_EVERY or 0)
    seq = entry.seq
    if every > 0 and seq % every == 0:
        transaction.on_commit(lambda: checkpoint_task.enqueue(size=seq))
