"""An insider with database access: truncation, guard bypasses, forged runs."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.test import override_settings
from django.urls import reverse

from wagtail_hyte.ledger.checkpoints import make_checkpoint
from wagtail_hyte.ledger.models import Checkpoint, LedgerEntry, LedgerImmutable, VerificationRun
from wagtail_hyte.ledger.tasks import verify_ledger_task
from wagtail_hyte.ledger.verification import run_signature_valid, verify_chain

from . import tamper as t

pytestmark = pytest.mark.django_db

N = 20
INTACT = 'data-hyte-integrity="intact"'
UNTRUSTED = 'data-hyte-integrity="untrusted-run"'


def refused(call):
    """``call`` raises LedgerImmutable (in a savepoint: Django marks the
    surrounding transaction for rollback on a database-level refusal)."""
    with pytest.raises(LedgerImmutable), transaction.atomic():
        call()


@pytest.fixture
def outside(settings, tmp_path):
    hyte = {**settings.WAGTAIL_HYTE, "CHECKPOINT_DIRECTORY": str(tmp_path / "cps")}
    with override_settings(WAGTAIL_HYTE=hyte):
        yield tmp_path / "cps"


@pytest.fixture
def auditor_client(client, make_user):
    client.force_login(make_user("auditor"))
    return client


def page(client):
    response = client.get(reverse("hyte_ledger:integrity"))
    assert response.status_code == 200
    return response.content.decode()


# --- truncation with checkpoint deletion -------------------------------------------------


def test_truncation_with_checkpoint_deletion_detected_by_command(chain, outside):
    chain(N)
    make_checkpoint(size=10)
    make_checkpoint(size=N)
    call_command("hyte_verify_ledger")
    t.truncate(15)  # tail, newer checkpoint rows and head, all with raw SQL
    assert verify_chain(outside=False, record=False).ok  # invisible from inside
    with pytest.raises(CommandError, match=r"#16.*removed from the end") as exc:
        call_command("hyte_verify_ledger")
    assert exc.value.returncode == 2
    run = VerificationRun.objects.order_by("-finished_at", "-pk").first()
    assert not run.ok and run.first_bad_seq == 16 and run.outside_checkpoints == 2


def test_truncation_detected_by_task(chain, outside):
    chain(N)
    make_checkpoint()
    t.truncate(12)
    result = verify_ledger_task.enqueue().return_value
    assert result["ok"] is False and result["first_bad_seq"] == 13


def test_only_checkpoint_rows_deleted_is_detected(chain, outside):
    chain(N)
    make_checkpoint()
    assert verify_chain(record=False).ok
    t.delete_checkpoints()
    result = verify_chain(record=False)
    assert not result.ok and "missing from the database" in result.problem


def test_truncation_detected_by_integrity_page(chain, outside, auditor_client):
    chain(N)
    make_checkpoint()
    call_command("hyte_verify_ledger")
    assert INTACT in page(auditor_client)
    t.truncate(15)
    html = page(auditor_client)
    assert 'data-hyte-integrity="outside-mismatch"' in html and "removed from the end" in html
    assert INTACT not in html


def test_page_notices_head_reset_after_trusted_run(chain, auditor_client):
    """Without outside copies, a signed run still pins the head it verified."""
    chain(N)
    call_command("hyte_verify_ledger")
    t.truncate(15)
    html = page(auditor_client)
    assert 'data-hyte-integrity="head-went-back"' in html and "#20" in html
    assert INTACT not in html


# --- guards -------------------------------------------------------------------------------


def test_base_manager_and_plain_queryset_edits_refused(chain):
    chain(3)
    for manager in (LedgerEntry.objects, LedgerEntry._base_manager, LedgerEntry._default_manager):
        refused(lambda m=manager: m.filter(seq=1).update(actor="system:x"))
        refused(lambda m=manager: m.filter(seq=1).delete())
    refused(lambda: QuerySet(LedgerEntry).filter(seq=2).update(actor="system:x"))
    refused(lambda: QuerySet(LedgerEntry).filter(seq=2).delete())
    refused(lambda: QuerySet(LedgerEntry).filter(seq=2)._raw_delete(connection.alias))
    refused(lambda: QuerySet(LedgerEntry).all()._raw_delete(connection.alias))
    entry = LedgerEntry.objects.get(seq=3)
    entry.actor = "system:x"
    refused(entry.save)
    refused(lambda: entry.save(update_fields=["actor"]))
    refused(entry.delete)
    refused(lambda: LedgerEntry.objects.bulk_update([entry], ["actor"]))

    def raw_through_django():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE wagtail_hyte_ledger_ledgerentry SET actor = 'x' WHERE seq = 1")

    refused(raw_through_django)
    assert LedgerEntry.objects.count() == 3
    assert "system:x" not in set(LedgerEntry.objects.values_list("actor", flat=True))
    assert verify_chain(record=False).ok


def test_bulk_create_refused(chain):
    entries = chain(2)
    forged = LedgerEntry(
        seq=3,
        created_at=entries[0].created_at,
        actor="system:f",
        kind="consent.given",
        prev_hash=entries[1].hash,
        hash="a" * 64,
    )
    for manager in (LedgerEntry.objects, LedgerEntry._base_manager):
        refused(lambda m=manager: m.bulk_create([forged]))
    assert LedgerEntry.objects.count() == 2


@pytest.mark.parametrize("model", [Checkpoint, VerificationRun])
def test_checkpoints_and_runs_append_only_in_python(chain, model):
    chain(3)
    make_checkpoint()
    verify_chain()
    row = model.objects.get()
    change = {"ok": False} if model is VerificationRun else {"size": 1}
    for queryset in (model.objects.all(), model._base_manager.all(), QuerySet(model)):
        refused(lambda q=queryset: q.update(**change))
        refused(lambda q=queryset: q.delete())
    refused(row.save)
    refused(row.delete)
    refused(lambda: model.objects.bulk_create([model()]))
    assert model.objects.count() == 1


# --- forged verification runs -------------------------------------------------------------


def test_forged_run_does_not_make_the_page_say_intact(chain, auditor_client):
    chain(N)
    t.set_column(5, "actor", "system:x")
    with pytest.raises(CommandError):
        call_command("hyte_verify_ledger")
    genuine = VerificationRun.objects.get()
    assert run_signature_valid(genuine) and not genuine.ok
    t.forge_run(entries_checked=N, head_seq=N, head_hash=t.row(N)["hash"], signature="A" * 88)
    forged = VerificationRun.objects.order_by("-finished_at").first()
    assert forged.ok and not run_signature_valid(forged)
    html = page(auditor_client)
    assert UNTRUSTED in html and INTACT not in html


def test_altered_genuine_run_is_not_trusted(chain, auditor_client):
    chain(N)
    t.set_column(5, "actor", "system:x")
    with pytest.raises(CommandError):
        call_command("hyte_verify_ledger")
    t.raw_execute("UPDATE wagtail_hyte_ledger_verificationrun SET ok = %s, problem = ''", [True])
    run = VerificationRun.objects.get()
    assert run.ok and not run_signature_valid(run)
    html = page(auditor_client)
    assert UNTRUSTED in html and INTACT not in html


def test_genuine_run_is_signed_and_trusted(chain, auditor_client):
    chain(N)
    call_command("hyte_verify_ledger")
    run = VerificationRun.objects.get()
    assert run.ok and run.head_seq == N and run_signature_valid(run)
    assert INTACT in page(auditor_client)


# --- PostgreSQL triggers ------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("wagtail_hyte_ledger_checkpoint", "UPDATE {table} SET size = 1"),
        ("wagtail_hyte_ledger_checkpoint", "DELETE FROM {table}"),
        ("wagtail_hyte_ledger_verificationrun", "UPDATE {table} SET ok = true"),
        ("wagtail_hyte_ledger_verificationrun", "DELETE FROM {table}"),
    ],
)
def test_postgres_trigger_refuses_checkpoint_and_run_changes(chain, table, change):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    chain(3)
    make_checkpoint()
    verify_chain()
    connection.ensure_connection()
    # straight to the driver, past the Python guards: the trigger answers
    cursor = connection.create_cursor()
    try:
        with pytest.raises(Exception, match="append-only") as exc, transaction.atomic():
            cursor.execute(change.format(table=table))
        assert not isinstance(exc.value, IntegrityError)
    finally:
        cursor.close()
    assert Checkpoint.objects.count() == 1 and VerificationRun.objects.count() == 1
