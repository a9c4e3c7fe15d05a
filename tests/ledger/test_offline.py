"""The offline verifier of an export (no database, no Django), and the raw row reading."""

import base64
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from wagtail_hyte.ledger import canonical, offline
from wagtail_hyte.ledger.checkpoints import (
    CheckpointError,
    key_hash,
    make_checkpoint,
    note_body,
    parse_and_verify,
    trusted_public_keys,
)
from wagtail_hyte.ledger.export import export_to_path
from wagtail_hyte.ledger.keys import get_keyring, public_key_base64
from wagtail_hyte.ledger.verification import verify_chain

from . import tamper as t

pytestmark = pytest.mark.django_db

N = 20
ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((Path(__file__).parent / "golden_vectors.json").read_text())


@pytest.fixture
def exported(chain, tmp_path):
    """A real chain of N entries with a checkpoint at 12, exported; returns the path."""
    chain(N)
    make_checkpoint(size=12)
    path = tmp_path / "ledger.jsonl"
    export_to_path(path)
    return path


def lines(path):
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def write(path, content):
    path.write_text("".join(content), encoding="utf-8")


def entry_index(content, seq):
    for index, line in enumerate(content):
        if line.startswith('{"type":"entry"') and json.loads(line)["seq"] == seq:
            return index
    raise AssertionError(seq)


def assert_bad_at(result, seq, words=""):
    assert not result.ok
    assert result.first_bad_seq == seq, result.problem
    assert words in result.problem


def test_intact_export_verifies(exported, capsys):
    result = offline.verify_export(exported)
    assert result.ok, result.problem
    assert result.entries_checked == N and result.checkpoints_checked == 1
    assert result.head_hash == t.row(N)["hash"]
    key = public_key_base64(get_keyring().public_key())
    assert offline.main([str(exported), "--public-key", key]) == 0
    assert f"Ledger export intact: {N} entries" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("payload", {"code": "c7", "index": 7, "nested": {"ok": True}}),
        ("time", "2026-01-01T00:00:00.000000Z"),
        ("actor", "system:someone-else"),
        ("kind", "personal_data.erased"),
        ("subjects", []),
        ("seq_text", None),
    ],
)
def test_edited_field_fails_at_that_entry(exported, field, value, capsys):
    content = lines(exported)
    index = entry_index(content, 8)
    if field == "seq_text":  # the same number spelled differently
        content[index] = content[index].replace('"seq":8,', '"seq":8.0,')
    else:
        entry = json.loads(content[index])
        old = json.dumps(entry[field], separators=(",", ":"), sort_keys=True)
        new = json.dumps(value, separators=(",", ":"), sort_keys=True)
        assert old != new
        content[index] = content[index].replace(f'"{field}":{old}', f'"{field}":{new}', 1)
    write(exported, content)
    result = offline.verify_export(exported)
    assert_bad_at(result, 8)
    assert offline.main([str(exported)]) == 1
    assert "#8" in capsys.readouterr().err


def test_edited_hash_fails(exported):
    content = lines(exported)
    index = entry_index(content, 5)
    old = json.loads(content[index])["hash"]
    content[index] = content[index].replace(old, "f" * 64)
    write(exported, content)
    assert_bad_at(offline.verify_export(exported), 5, "altered")


def test_deleted_line_is_a_gap(exported):
    content = lines(exported)
    del content[entry_index(content, 5)]
    write(exported, content)
    assert_bad_at(offline.verify_export(exported), 5, "entry #5 is missing (the next entry is #6)")


def test_reordered_lines_fail(exported):
    content = lines(exported)
    a, b = entry_index(content, 5), entry_index(content, 6)
    content[a], content[b] = content[b], content[a]
    write(exported, content)
    assert_bad_at(offline.verify_export(exported), 5, "missing")


def test_rehashed_chain_fails_against_the_checkpoint(chain, tmp_path):
    chain(N)
    note = make_checkpoint(size=N).note
    t.delete_checkpoints()
    t.set_column(3, "actor", "system:x")
    t.rehash_from(3)
    path = tmp_path / "ledger.jsonl"
    export_to_path(path)
    held = tmp_path / "held.txt"
    held.write_text(note, encoding="utf-8")
    assert offline.verify_export(path).ok  # nothing outside the export to compare with
    result = offline.verify_export(path, checkpoints=[("file held.txt", note)])
    assert_bad_at(result, N, "rewritten")
    assert offline.main([str(path), "--checkpoint", str(held)]) == 1


def test_truncated_end_fails_against_a_held_checkpoint(chain, tmp_path, capsys):
    chain(N)
    note = make_checkpoint(size=N).note
    path = tmp_path / "ledger.jsonl"
    export_to_path(path)
    held = tmp_path / "checkpoint.txt"
    held.write_text(note, encoding="utf-8")
    content = lines(path)
    kept = [line for line in content if json.loads(line).get("seq", 0) <= 17]
    # the export's own checkpoint lines are removed too, as a careful attacker would
    write(path, [line for line in kept if json.loads(line)["type"] != "checkpoint"])
    assert offline.verify_export(path).ok
    result = offline.verify_export(path, checkpoints=[("file checkpoint.txt", note)])
    assert_bad_at(result, 18, "entries were removed from the end")
    assert offline.main([str(path), "--checkpoint", str(held)]) == 1
    assert "#18" in capsys.readouterr().err
    # with the checkpoint line left in the export, the export alone shows it
    write(path, kept)
    assert_bad_at(offline.verify_export(path), 18, "removed from the end")


def forged_note(origin, size, root_hash):
    other_key = Ed25519PrivateKey.generate()
    body = note_body(origin, size, root_hash)
    blob = key_hash(origin, other_key.public_key()) + other_key.sign(body.encode())
    return f"{body}\n\u2014 {origin} {base64.b64encode(blob).decode()}\n"


def test_forged_checkpoint_fails(exported):
    origin = offline.verify_export(exported).origin
    forged = forged_note(origin, N, t.row(N)["hash"])
    result = offline.verify_export(exported, checkpoints=[("file forged.txt", forged)])
    assert not result.ok and "not signed with this ledger's key" in result.problem
    genuine = make_checkpoint(size=N).note
    altered = genuine.replace(f"\n{N}\n", f"\n{N - 1}\n", 1)
    result = offline.verify_export(exported, checkpoints=[("file x.txt", altered)])
    assert not result.ok and "signature is invalid" in result.problem
    # a forged checkpoint line inside the export
    content = lines(exported)
    content.append(json.dumps({"type": "checkpoint", "size": N, "note": forged}) + "\n")
    write(exported, content)
    assert not offline.verify_export(exported).ok
    # the file's own key is not trusted when the auditor gives theirs
    other = base64.b64encode(Ed25519PrivateKey.generate().public_key().public_bytes_raw()).decode()
    result = offline.verify_export(exported, public_keys=[other])
    assert not result.ok and "not signed" in result.problem


def test_note_parsing_agrees_with_checkpoints(chain):
    chain(3)
    genuine = make_checkpoint().note
    origin = genuine.split("\n")[0]
    keys = trusted_public_keys()
    cases = [
        genuine,
        genuine.replace("\n3\n", "\n2\n", 1),
        forged_note(origin, 3, t.row(3)["hash"]),
        "garbage",
        genuine.replace(origin, "other.example/ledger"),
        genuine.replace("\n3\n", "\n03\n", 1),
    ]
    for note in cases:
        try:
            expected = parse_and_verify(note, keys[0], origin)
        except CheckpointError as exc:
            with pytest.raises(offline.NoteError) as caught:
                offline.parse_note(note, keys, origin)
            assert str(caught.value) == str(exc)
        else:
            got = offline.parse_note(note, keys, origin)
            assert (got.origin, got.size, got.root_hash) == (
                expected.origin,
                expected.size,
                expected.root_hash,
            )


def export_line(seq, time, actor, kind, subjects, payload, prev, digest):
    """An entry line exactly as export.iter_export_lines writes it."""
    return (
        f'{{"type":"entry","seq":{seq},"time":"{canonical.format_time(time)}","actor":'
        f'{json.dumps(actor, ensure_ascii=False)},"kind":{json.dumps(kind, ensure_ascii=False)}'
        f',"subjects":{subjects},"payload":{payload},"prev":"{prev}","hash":"{digest}"}}\n'
    ).encode()


@pytest.mark.parametrize(
    "variant", [v for c in VECTORS["vectors"] for v in c["variants"]], ids=lambda v: str(v["seq"])
)
def test_lines_rebuild_the_golden_bytes(variant):
    time = dt.datetime.fromisoformat(variant["time"])
    expected = canonical.entry_bytes(**{**variant, "time": time})
    digest = canonical.hashlib.sha256(expected).hexdigest()
    line = export_line(
        variant["seq"],
        time,
        variant["actor"],
        variant["kind"],
        canonical.canonical_json(variant["subjects"]),
        canonical.canonical_json(variant["payload"]),
        variant["prev_hash"],
        digest,
    )
    seq, got_hash, prev, data = offline.entry_fields(line)
    assert (seq, got_hash, prev, data) == (variant["seq"], digest, variant["prev_hash"], expected)
    # the general path (json decoding) agrees with the fast path wherever both apply
    assert offline._fields_general(line)[3] == expected


@pytest.mark.parametrize(
    "actor", ['system:say "hi"', "system:a\u0308", "system:tab\there", "system:\\back"]
)
def test_unusual_stored_values_verify_in_database_and_offline(chain, tmp_path, actor):
    """Odd stored values (quotes, NFD, control characters, odd times) read raw, rebuilt
    by the database (PostgreSQL) or Python, give exactly canonical.stored_entry_bytes."""
    chain(6)
    t.set_column(2, "actor", actor)
    t.set_column(3, "created_at", dt.datetime(999, 3, 4, 5, 6, 7, tzinfo=dt.UTC))
    t.set_column(4, "created_at", dt.datetime(2026, 5, 6, 7, 8, 9, 0, tzinfo=dt.UTC))
    t.set_column(5, "payload", '{"a":"\\u00e4\\"\\\\","b":[1,null,true]}')
    t.rehash_from(2)
    result = verify_chain(record=False)
    assert result.ok, result.problem
    path = tmp_path / "ledger.jsonl"
    export_to_path(path)
    assert offline.verify_export(path).ok


def test_offline_module_imports_no_django(exported):
    code = (
        "import sys\n"
        "sys.modules['django'] = None\n"
        "from wagtail_hyte.ledger import offline\n"
        "assert not [m for m in sys.modules if m.startswith('django') and sys.modules[m]]\n"
        f"sys.exit(offline.main([{str(exported)!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert f"{N} entries" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "wagtail_hyte.ledger.offline", str(exported)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
