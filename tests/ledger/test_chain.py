"""Appending: gap-free, serialised, append-only, rolled back with its transaction."""

import contextlib
import threading

import pytest
from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction

from wagtail_hyte.ledger import canonical
from wagtail_hyte.ledger.chain import PayloadError, append_entry
from wagtail_hyte.ledger.kinds import register_kind, registered_kinds
from wagtail_hyte.ledger.models import ChainHead, LedgerEntry, LedgerImmutable
from wagtail_hyte.ledger.verification import verify_chain


@pytest.mark.django_db
def test_entries_link_and_head_follows(chain):
    entries = chain(5)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == canonical.GENESIS_HASH
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.hash
    head = ChainHead.objects.get()
    assert (head.seq, head.hash) == (5, entries[-1].hash)
    assert LedgerEntry.objects.for_subject(entries[0].subject_ids[0]).count() == 2


@pytest.mark.django_db
def test_append_query_count(django_assert_num_queries):
    append_entry("key.rotated", "system:test")  # creates the head row
    # savepoint, lock head, insert entry, update head, release savepoint
    with django_assert_num_queries(5):
        append_entry("key.rotated", "system:test")
    with django_assert_num_queries(5):  # subjects are a column of the entry
        append_entry("key.rotated", "system:test", ["5d7d6f1e-0000-4000-8000-000000000001"])


@pytest.mark.django_db
def test_rolled_back_transaction_leaves_head_unchanged(chain):
    chain(3)
    head = ChainHead.objects.values_list("seq", "hash").get()
    with pytest.raises(RuntimeError), transaction.atomic():
        append_entry("key.rotated", "system:test")
        raise RuntimeError("business change failed")
    assert ChainHead.objects.values_list("seq", "hash").get() == head
    assert append_entry("key.rotated", "system:test").seq == 4
    assert verify_chain(record=False).ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        {"name": "Matti Meikäläinen"},
        {"email": "matti@example.invalid"},
        {"phone": "+358401234567"},
        {"Bad Key": "x"},
        {"amount": 1.5},
        {"when": object()},
        {"long": "x" * 200},
    ],
)
def test_payloads_that_may_hold_personal_data_are_refused(payload):
    with pytest.raises(PayloadError):
        append_entry("consent.given", "system:test", [], payload)
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_unknown_kind_and_bad_actor_refused(make_user):
    with pytest.raises(ValueError):
        append_entry("test_only.never_registered", "system:test")
    with pytest.raises(ValueError):
        append_entry("key.rotated", "someone")
    register_kind("test_only.happened", "Test")
    assert "test_only.happened" in registered_kinds()
    entry = append_entry("test_only.happened", make_user("auditor"), [], {"ok": True})
    assert entry.actor.startswith("user:")
    with pytest.raises(ValueError):
        register_kind("Not A Kind")


@pytest.mark.django_db
def test_model_and_queryset_refuse_changes(chain):
    entry = chain(2)[0]
    with pytest.raises(LedgerImmutable):
        entry.save()
    with pytest.raises(LedgerImmutable):
        entry.delete()
    with pytest.raises(LedgerImmutable):
        LedgerEntry.objects.filter(seq=1).update(actor="system:x")
    with pytest.raises(LedgerImmutable):
        LedgerEntry.objects.all().delete()
    with pytest.raises(LedgerImmutable):
        LedgerEntry.objects.bulk_update([entry], ["actor"])
    assert verify_chain(record=False).ok


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_trigger_refuses_update_and_delete(chain):
    chain(2)
    for sql in (
        "UPDATE wagtail_hyte_ledger_ledgerentry SET actor = 'system:x' WHERE seq = 1",
        "DELETE FROM wagtail_hyte_ledger_ledgerentry WHERE seq = 2",
    ):
        # the driver's cursor, past the Python guards (append_only.py): the trigger answers
        connection.ensure_connection()
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            contextlib.closing(connection.create_cursor()) as cursor,
            connection.wrap_database_errors,
        ):
            cursor.execute(sql)
    assert verify_chain(record=False).ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_are_gap_free():
    threads, per_thread = 16, 10
    errors = []
    barrier = threading.Barrier(threads)

    def worker(n):
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    append_entry("key.rotated", f"system:worker-{n}", [], {"i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    seqs = list(LedgerEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, threads * per_thread + 1))
    assert verify_chain(record=False).ok


@pytest.mark.django_db
def test_duplicate_sequence_number_impossible(chain):
    chain(1)
    first = LedgerEntry.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry(
            seq=2,
            created_at=first.created_at,
            actor="system:x",
            kind="key.rotated",
            prev_hash=first.hash,
            hash=first.hash,
        ).save()
