"""Every kind of tampering is detected at the right sequence number."""

import base64
import datetime as dt
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail_hyte.ledger.checkpoints import key_hash, make_checkpoint, note_body, sign_note
from wagtail_hyte.ledger.verification import verify_chain

from . import tamper as t

pytestmark = pytest.mark.django_db

N = 20


def verify(*notes):
    return verify_chain(external_notes=[(f"n{i}", n) for i, n in enumerate(notes)], record=False)


def assert_bad_at(result, seq, words=""):
    assert not result.ok
    assert result.first_bad_seq == seq, result.problem
    assert words in result.problem


def test_untouched_chain_verifies(chain):
    chain(N)
    result = verify()
    assert result.ok and result.entries_checked == N


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("payload", '{"code":"c7","index":7,"nested":{"ok":true}}'),
        ("created_at", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
        ("actor", "system:someone-else"),
        ("kind", "personal_data.erased"),
        ("subjects", "[]"),
    ],
)
def test_changed_column_detected(chain, column, value):
    chain(N)
    t.set_column(8, column, value)
    assert_bad_at(verify(), 8, "altered")


def test_changed_hash_detected(chain):
    chain(N)
    t.set_column(5, "hash", "f" * 64)
    assert_bad_at(verify(), 5, "altered")


def test_deleted_row_detected(chain):
    chain(N)
    t.delete_row(7)
    assert_bad_at(verify(), 7, "missing")


def test_swapped_rows_detected(chain):
    chain(N)
    t.swap_rows(6, 9)
    assert_bad_at(verify(), 6, "link")


def test_inserted_row_detected(chain):
    chain(N)
    t.shift_up_from(10)
    t.insert_forged(10, t.row(9)["hash"])
    assert_bad_at(verify(), 11, "link")  # the original #10 no longer links


def test_row_appended_without_head_detected(chain):
    chain(N)
    t.insert_forged(N + 1, t.row(N)["hash"])
    assert_bad_at(verify(), N + 1, "head")


def test_truncated_tail_detected_by_head(chain):
    chain(N)
    for seq in range(N, 15, -1):
        t.delete_row(seq)
    assert_bad_at(verify(), 16, "head")


def test_truncated_tail_with_head_rewritten_caught_by_external_checkpoint(chain):
    chain(N)
    note = make_checkpoint().note
    t.delete_checkpoints()  # the attacker removes the copies inside the database
    for seq in range(N, 15, -1):
        t.delete_row(seq)
    t.set_head(15, t.row(15)["hash"])
    assert verify().ok  # without an outside copy the truncation is invisible
    assert_bad_at(verify(note), 16, "removed")


def test_full_rehash_caught_by_external_checkpoint(chain):
    chain(N)
    early = make_checkpoint(size=10).note
    late = make_checkpoint(size=N).note
    t.delete_checkpoints()
    payload = json.loads(t.row(15)["payload"])
    payload["code"] = "rewritten"
    t.set_column(15, "payload", json.dumps(payload, sort_keys=True, separators=(",", ":")))
    t.rehash_from(15)
    assert verify().ok  # a wholesale rewrite is consistent inside the database
    # the part before the rewrite still matches, but the outside note's row is gone
    assert_bad_at(verify(early), 10, "missing from the database")
    assert_bad_at(verify(early, late), N, "rewritten")


def test_stored_checkpoint_also_checked(chain):
    chain(N)
    make_checkpoint(size=12)
    t.set_column(3, "actor", "system:x")
    t.rehash_from(3)
    assert_bad_at(verify(), 12, "stored checkpoint")


def test_forged_checkpoint_refused(chain):
    chain(N)
    genuine = make_checkpoint().note
    other_key = Ed25519PrivateKey.generate()
    origin = genuine.split("\n")[0]
    body = note_body(origin, N, t.row(N)["hash"])
    blob = key_hash(origin, other_key.public_key()) + other_key.sign(body.encode())
    import base64

    forged = f"{body}\n\u2014 {origin} {base64.b64encode(blob).decode()}\n"
    result = verify(forged)
    assert not result.ok and "not signed with this ledger's key" in result.problem
    # a genuine signature over changed text
    altered = genuine.replace(f"\n{N}\n", f"\n{N - 1}\n", 1)
    result = verify(altered)
    assert not result.ok and "signature is invalid" in result.problem
    assert not verify("garbage").ok


def test_replayed_checkpoint_refused(chain, settings):
    chain(N)
    with override_settings(
        WAGTAIL_HYTE={**settings.WAGTAIL_HYTE, "LEDGER_ORIGIN": "staging.example/ledger"}
    ):
        from_other_log = make_checkpoint().note
    t.delete_checkpoints()
    result = verify(from_other_log)
    assert not result.ok and "another log" in result.problem
    # a genuine checkpoint of an earlier chain, replayed after the chain was rebuilt
    old = make_checkpoint(size=N).note
    t.delete_checkpoints()
    t.set_column(2, "kind", "key.rotated")
    t.rehash_from(2)
    assert_bad_at(verify(old), N, "rewritten")


def test_checkpoint_note_format(chain):
    chain(3)
    note = make_checkpoint().note
    lines = note.split("\n")
    assert lines[1] == "3"
    assert lines[3] == "" and lines[4].startswith("\u2014 ")
    assert lines[2] == base64.b64encode(bytes.fromhex(t.row(3)["hash"])).decode()
    assert note == sign_note(lines[0], 3, t.row(3)["hash"])  # Ed25519 is deterministic


MUTATIONS = [
    "payload",
    "created_at",
    "actor",
    "kind",
    "subjects",
    "prev_hash",
    "hash",
    "delete",
    "swap",
    "truncate",
    "append",
]


def test_random_single_mutations_are_all_detected(chain):
    """At least 1,000 random single mutations of a small chain; every one detected."""
    size = 12
    chain(size)
    assert verify().ok
    applied = []

    @settings(
        max_examples=1100,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        mutation=st.sampled_from(MUTATIONS),
        seq=st.integers(1, size),
        other=st.integers(1, size),
        salt=st.integers(0, 10**6),
    )
    def mutate_and_verify(mutation, seq, other, salt):
        with transaction.atomic():
            expected = apply(mutation, seq, other, salt, size)
            result = verify()
            transaction.set_rollback(True)
        applied.append(mutation)
        assert not result.ok, (mutation, seq)
        assert result.first_bad_seq == expected, (mutation, seq, other, result.problem)

    mutate_and_verify()
    assert len(applied) >= 1000
    assert set(applied) == set(MUTATIONS)
    assert verify().ok  # and no false alarm on the untouched chain afterwards


def apply(mutation, seq, other, salt, size):
    """Apply one mutation; return the sequence number verification must name."""
    if mutation == "payload":
        t.set_column(seq, "payload", json.dumps({"index": salt}))
    elif mutation == "created_at":
        current = t.row(seq)["created_at"]
        t.set_column(seq, "created_at", current + dt.timedelta(microseconds=1 + salt))
    elif mutation == "actor":
        t.set_column(seq, "actor", f"user:{salt}")
    elif mutation == "kind":
        current = t.row(seq)["kind"]
        t.set_column(seq, "kind", "key.rotated" if current != "key.rotated" else "consent.given")
    elif mutation == "subjects":
        t.set_column(seq, "subjects", f'["{salt:08d}-0000-4000-8000-000000000000"]')
    elif mutation == "prev_hash":
        t.set_column(seq, "prev_hash", f"{salt + 1:064x}")
    elif mutation == "hash":
        t.set_column(seq, "hash", f"{salt + 1:064x}")
    elif mutation == "delete":
        t.delete_row(seq)
    elif mutation == "swap":
        a, b = sorted((seq, other))
        if a == b:
            b = a + 1 if a < size else a - 1
            a, b = sorted((a, b))
        t.swap_rows(a, b)
        return a
    elif mutation == "truncate":
        keep = seq - 1
        for n in range(size, keep, -1):
            t.delete_row(n)
        return keep + 1
    elif mutation == "append":
        t.insert_forged(size + 1, t.row(size)["hash"], actor=f"user:{salt}")
        return size + 1
    return seq


def test_checkpoints_of_a_retired_signing_key_still_verify(chain, settings):
    from wagtail_hyte.ledger.keys import get_keyring, public_key_base64

    chain(N)
    old_note = make_checkpoint().note
    old_public = public_key_base64(get_keyring().public_key())
    new_seed = "mZ0s1bWm4Rk1a0mP3o6Lx0n8zS7yZ0pQq9rT2vW1xYk="
    hyte = {**settings.WAGTAIL_HYTE, "CHECKPOINT_SIGNING_KEY": new_seed}
    with override_settings(WAGTAIL_HYTE=hyte):
        result = verify(old_note)
        assert not result.ok and "not signed with this ledger's key" in result.problem
    hyte["CHECKPOINT_RETIRED_PUBLIC_KEYS"] = [old_public]
    with override_settings(WAGTAIL_HYTE=hyte):
        make_checkpoint()
        result = verify(old_note)
        assert result.ok and result.checkpoints_checked == 3
