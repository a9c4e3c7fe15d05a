"""The canonical encoding against checked-in golden vectors."""

import datetime as dt
import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wagtail_hyte.ledger import canonical

VECTORS = json.loads((Path(__file__).parent / "golden_vectors.json").read_text())


def fields(variant):
    values = dict(variant)
    values["time"] = dt.datetime.fromisoformat(values["time"])
    return values


@pytest.mark.parametrize(
    ("case", "variant"),
    [(c, v) for c in VECTORS["vectors"] for v in c["variants"]],
    ids=lambda x: x["name"] if isinstance(x, dict) and "name" in x else "",
)
def test_golden_vector(case, variant):
    encoded = canonical.entry_bytes(**fields(variant))
    assert encoded.decode("utf-8") == case["canonical"]
    assert hashlib.sha256(encoded).hexdigest() == case["sha256"]
    assert canonical.entry_hash(**fields(variant)) == case["sha256"]


def test_vectors_cover_the_required_cases():
    assert VECTORS["encoding"] == canonical.VERSION
    text = json.dumps(VECTORS)
    assert "a\\u0308" in text and "\\u00e4" in text  # decomposed and composed
    assert "+03:00" in text and "-05:00" in text


def test_stored_fast_path_matches_golden_vectors():
    for case in VECTORS["vectors"]:
        v = fields(case["variants"][0])
        fast = canonical.stored_entry_bytes(
            v["seq"],
            v["time"],
            v["actor"],
            v["kind"],
            canonical.canonical_json(v["subjects"]),
            canonical.canonical_json(v["payload"]),
            v["prev_hash"],
        )
        assert fast.decode() == case["canonical"]


def test_floats_and_naive_times_are_refused():
    with pytest.raises(canonical.CanonicalEncodingError):
        canonical.canonical_json({"x": 1.5})
    with pytest.raises(canonical.CanonicalEncodingError):
        canonical.format_time(dt.datetime(2026, 1, 1))
    with pytest.raises(canonical.CanonicalEncodingError):
        canonical.canonical_json({"a\u0308": 1, "\u00e4": 2})  # equal after NFC


codes = st.text(st.characters(categories=["L", "N"]), max_size=8)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | codes,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(codes, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    payload=st.dictionaries(codes, json_values, max_size=4),
    actor=codes,
    kind=codes,
    seq=st.integers(1, 10**12),
    micros=st.integers(0, 10**15),
    offset=st.integers(-14 * 60, 14 * 60),
)
def test_fast_path_equals_general_encoder(payload, actor, kind, seq, micros, offset):
    tz = dt.timezone(dt.timedelta(minutes=offset))
    time = dt.datetime(2000, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)
    time = time.astimezone(tz)
    try:
        normal = canonical.normalise(payload)
    except canonical.CanonicalEncodingError:
        return  # keys colliding after NFC are refused, which is tested above
    general = canonical.entry_bytes(
        seq=seq,
        time=time,
        actor=actor,
        kind=kind,
        subjects=[],
        payload=normal,
        prev_hash="ab" * 32,
    )
    fast = canonical.stored_entry_bytes(
        seq, time, actor, kind, "[]", canonical.dumps(normal), "ab" * 32
    )
    assert fast == general
    assert unicodedata.is_normalized("NFC", general.decode())


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_quoted_strings_match_the_general_encoder(text):
    assert canonical._quote(text) == canonical.dumps(unicodedata.normalize("NFC", text))
