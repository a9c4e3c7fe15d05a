"""The ledger's background tasks (django-tasks; the immediate backend runs them inline)."""

from django_tasks import task


@task()
def checkpoint_task(size=None):
    from .checkpoints import make_checkpoint

    return make_checkpoint(size).size


@task()
def verify_ledger_task(actor="system:verify_ledger_task"):
    """The full verification; ``actor`` is ``user:<pk>`` when started by *Verify now*."""
    from .verification import verify_chain

    result = verify_chain(actor=actor)  # with every note in CHECKPOINT_DIRECTORY
    return {
        "ok": result.ok,
        "first_bad_seq": result.first_bad_seq,
        "problem": result.problem,
        "outside_checkpoints": result.outside_checkpoints,
    }


@task()
def verification_alarm_task(run_id):
    """Email the alarm about the failed verification run ``run_id`` (alarms.py)."""
    from .alarms import send_verification_alarm

    return send_verification_alarm(run_id)


@task()
def rotate_keys_task():
    from .services import rotate_keys

    return rotate_keys()


@task()
def enforce_retention_task():
    from .services import enforce_retention

    return enforce_retention()


@task()
def export_ledger_task(path):
    from .export import export_to_path

    return export_to_path(path)
