"""Daily jobs of the ledger (run by ``hyte_daily``)."""

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.daily import DailyJob, DailyJobFailed


def verify() -> str:
    from .verification import verify_chain

    result = verify_chain(actor="system:hyte_daily")
    if not result.ok:
        where = f"#{result.first_bad_seq}" if result.first_bad_seq else "checkpoint"
        raise DailyJobFailed(f"Ledger NOT intact at {where}: {result.problem}")
    return f"Ledger intact: {result.entries_checked} entries."


def checkpoint() -> str:
    from .checkpoints import make_checkpoint

    made = make_checkpoint()
    sent = ", ".join(made.destinations) or "the database only"
    return f"Checkpoint at size {made.size} stored in {sent}."


def retention() -> str:
    from .services import enforce_retention

    result = enforce_retention()
    return (
        f"{result['consents_expired']} consent(s) expired, "
        f"{result['subjects_erased']} subject(s) erased."
    )


DAILY_JOBS = [
    DailyJob("ledger.verify", _("Verify the ledger's hash chain and checkpoints."), verify, 20),
    DailyJob("ledger.checkpoint", _("Sign a checkpoint of the ledger's head."), checkpoint, 30),
    DailyJob("ledger.retention", _("Expire consents and erase closed subjects."), retention, 40),
]
