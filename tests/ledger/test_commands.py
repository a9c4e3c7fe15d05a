"""The management commands and their tasks."""

import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from wagtail_hyte.ledger.checkpoints import verify_note
from wagtail_hyte.ledger.models import Checkpoint, LedgerEntry, Subject, VerificationRun
from wagtail_hyte.ledger.tasks import (
    checkpoint_task,
    enforce_retention_task,
    export_ledger_task,
    rotate_keys_task,
    verify_ledger_task,
)

from . import tamper as t

pytestmark = pytest.mark.django_db


def run(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_verify_ok_and_exit_code_on_tamper(chain, tmp_path):
    chain(10)
    out, _err = run("hyte_verify_ledger")
    assert "Ledger intact: 10 entries" in out
    assert "\r" not in out  # no progress bar when not on a terminal
    note = tmp_path / "cp.txt"
    note.write_text(run("hyte_checkpoint")[0])
    out, _err = run("hyte_verify_ledger", "--checkpoint", str(note))
    assert "checkpoint(s) matched" in out
    t.set_column(4, "actor", "system:evil")
    with pytest.raises(CommandError) as exc:
        run("hyte_verify_ledger")
    assert exc.value.returncode == 2
    assert "#4" in str(exc.value)
    assert VerificationRun.objects.order_by("-finished_at").first().first_bad_seq == 4


def test_verify_missing_checkpoint_file(chain):
    chain(1)
    with pytest.raises(CommandError):
        run("hyte_verify_ledger", "--checkpoint", "/nonexistent/cp.txt")


def test_checkpoint_goes_to_directory_and_email(chain, tmp_path, settings):
    chain(4)
    hyte = {
        **settings.WAGTAIL_HYTE,
        "CHECKPOINT_DIRECTORY": str(tmp_path / "cps"),
        "CHECKPOINT_EMAILS": ["auditor@example.invalid"],
    }
    with override_settings(WAGTAIL_HYTE=hyte):
        out, err = run("hyte_checkpoint")
        files = list((tmp_path / "cps").iterdir())
        assert len(files) == 1
        assert verify_note(files[0].read_text()).size == 4
    assert out == files[0].read_text()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["auditor@example.invalid"]
    assert "size 4" in err


def test_automatic_checkpoint_every_n_entries(chain, tmp_path, settings):
    hyte = {**settings.WAGTAIL_HYTE, "CHECKPOINT_EVERY": 5, "CHECKPOINT_DIRECTORY": str(tmp_path)}
    with override_settings(WAGTAIL_HYTE=hyte), pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        chain(11)
    assert sorted(Checkpoint.objects.values_list("size", flat=True)) == [5, 10]
    assert len(list(tmp_path.iterdir())) == 2


def test_export_has_entries_and_checkpoints(chain, tmp_path):
    chain(6)
    run("hyte_checkpoint")
    out, _err = run("hyte_export_ledger")
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["type"] == "header" and lines[0]["public_key"]
    entries = [line for line in lines if line["type"] == "entry"]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[-1]["hash"] == LedgerEntry.objects.get(seq=6).hash
    assert lines[-1]["type"] == "checkpoint"
    target = tmp_path / "export.jsonl"
    run("hyte_export_ledger", "--output", str(target))
    assert target.read_text().count("\n") == len(lines)
    assert export_ledger_task.enqueue(str(tmp_path / "task.jsonl")).return_value == len(lines)


def test_exported_entries_recompute_to_their_hashes(chain):
    """What the auditor guide tells auditors to do, without database access."""
    import datetime as dt
    import hashlib

    from wagtail_hyte.ledger import canonical

    chain(5)
    out, _err = run("hyte_export_ledger")
    prev = canonical.GENESIS_HASH
    for line in out.splitlines()[1:]:
        e = json.loads(line)
        if e["type"] != "entry":
            continue
        data = canonical.entry_bytes(
            seq=e["seq"],
            time=dt.datetime.fromisoformat(e["time"]),
            actor=e["actor"],
            kind=e["kind"],
            subjects=e["subjects"],
            payload=e["payload"],
            prev_hash=e["prev"],
        )
        assert e["prev"] == prev
        assert hashlib.sha256(data).hexdigest() == e["hash"]
        prev = e["hash"]


def test_rotate_and_retention_commands(make_subject, settings):
    make_subject()
    keks = {
        **settings.WAGTAIL_HYTE["KEY_ENCRYPTION_KEYS"],
        "test-2": "qLsbcdG6CEzR3pJE1mGQ38o9BnHq6f4EF0zy8rYqfWc=",
    }
    with override_settings(
        WAGTAIL_HYTE={
            **settings.WAGTAIL_HYTE,
            "KEY_ENCRYPTION_KEYS": keks,
            "CURRENT_KEY_ID": "test-2",
        }
    ):
        out, _err = run("hyte_rotate_keys")
        assert "1 data key(s) re-wrapped under test-2" in out
        assert rotate_keys_task.enqueue().return_value["rewrapped"] == 0
    assert Subject.objects.get().kek_id == "test-2"
    out, _err = run("hyte_enforce_retention")
    assert "0 subject(s) erased" in out
    assert enforce_retention_task.enqueue().return_value["subjects_erased"] == 0


def test_tasks(chain):
    chain(3)
    assert verify_ledger_task.enqueue().return_value == {
        "ok": True,
        "first_bad_seq": None,
        "problem": "",
        "outside_checkpoints": 0,
    }
    assert checkpoint_task.enqueue().return_value == 3
