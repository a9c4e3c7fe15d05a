"""Ledger benchmark: verification throughput against raw hashlib (verify_chain and
the offline verifier of an export), peak memory of a 1,000,000-entry
verification, and the append rate.

The large chains are built fast: a valid chain is precomputed in Python with the
ledger's own canonical encoder (each entry linked to the previous hash) and
bulk-inserted with executemany in batches, bypassing append_entry's per-entry
lock. Verification then reads it exactly as it would read a chain built by
appends. Sizes can be changed with HYTE_BENCH_ENTRIES / HYTE_BENCH_LARGE.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import tempfile
import time
import tracemalloc

from _harness import best_of, django_database, report

ENTRIES = int(os.environ.get("HYTE_BENCH_ENTRIES", "100000"))
LARGE = int(os.environ.get("HYTE_BENCH_LARGE", "1000000"))
BATCH = 5000


def precomputed_chain(start_seq, count, prev):
    """Yield (row, canonical bytes) of a valid chain continuing after ``prev``."""
    from wagtail_hyte.ledger import canonical

    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    kinds = ("consent.given", "personal_data.read", "consent.withdrawn", "personal_data.stored")
    for seq in range(start_seq, start_seq + count):
        subject = f"{seq:08x}-0000-4000-8000-{seq:012x}"
        payload = {
            "consent": f"{seq:032x}",
            "purpose": "referral.contact",
            "ciphertext_sha256": hashlib.sha256(seq.to_bytes(8, "big")).hexdigest(),
        }
        fields = {
            "seq": seq,
            "time": t0 + dt.timedelta(milliseconds=seq),
            "actor": f"user:{seq % 50 + 1}",
            "kind": kinds[seq % 4],
            "subjects": [subject],
            "payload": payload,
            "prev_hash": prev,
        }
        data = canonical.entry_bytes(**fields)
        digest = hashlib.sha256(data).hexdigest()
        row = (
            seq,
            fields["time"],
            fields["actor"],
            fields["kind"],
            canonical.canonical_json(fields["subjects"]),
            canonical.canonical_json(payload),
            prev,
            digest,
        )
        yield row, data
        prev = digest


def insert_chain(count, keep_bytes=False):
    """Append ``count`` precomputed entries; return their canonical bytes if asked."""
    from django.db import connection, transaction

    from wagtail_hyte.ledger import canonical
    from wagtail_hyte.ledger.models import ChainHead

    head = ChainHead.objects.filter(pk=1).first()
    start, prev = (head.seq + 1, head.hash) if head else (1, canonical.GENESIS_HASH)
    sql = (
        "INSERT INTO wagtail_hyte_ledger_ledgerentry "
        "(seq, created_at, actor, kind, subjects, payload, prev_hash, hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    adapt = connection.ops.adapt_datetimefield_value
    kept, batch = [], []
    last = None
    with connection.cursor() as cursor:
        for row, data in precomputed_chain(start, count, prev):
            batch.append((row[0], adapt(row[1]), *row[2:]))
            if keep_bytes:
                kept.append(data)
            last = row
            if len(batch) == BATCH:
                with transaction.atomic():
                    cursor.executemany(sql, batch)
                batch = []
        if batch:
            with transaction.atomic():
                cursor.executemany(sql, batch)
    ChainHead.objects.update_or_create(pk=1, defaults={"seq": last[0], "hash": last[7]})
    return kept


def main():
    with django_database():
        from django.db import connection

        from wagtail_hyte.ledger.chain import append_entry
        from wagtail_hyte.ledger.export import export_to_path
        from wagtail_hyte.ledger.models import LedgerEntry
        from wagtail_hyte.ledger.offline import verify_export
        from wagtail_hyte.ledger.verification import COLUMNS, verify_chain

        started = time.perf_counter()
        data = insert_chain(ENTRIES, keep_bytes=True)
        print(
            f"# built a precomputed valid chain of {ENTRIES} entries with bulk inserts "
            f"in {time.perf_counter() - started:.1f} s"
        )
        print(f"# mean canonical entry size {sum(map(len, data)) / len(data):.0f} bytes")

        sha256 = hashlib.sha256

        def raw_hashlib():
            for item in data:
                sha256(item).hexdigest()

        def fetch_and_hash():
            rows = (
                LedgerEntry.objects.order_by("seq").values_list(*COLUMNS).iterator(chunk_size=5000)
            )
            for _row, item in zip(rows, data, strict=True):
                sha256(item).hexdigest()

        def verify():
            result = verify_chain(record=False, chunk_size=5000)
            assert result.ok and result.entries_checked == ENTRIES, result.problem

        base = best_of(raw_hashlib, repeat=3)
        fetch = best_of(fetch_and_hash, repeat=3)
        took = best_of(verify, repeat=3)
        report(f"raw hashlib over the same {ENTRIES} canonical entries", base)
        report("stream the same rows + hashlib over the same bytes", fetch, baseline=base)
        report(f"verify_chain over {ENTRIES} entries", took, baseline=base)
        report("verify_chain vs streaming the rows + hashlib", took, baseline=fetch)
        print(f"{'verification throughput':<55} {ENTRIES / took:>12.0f} entries/s")

        # The auditor's offline check (no database) over an export of the same chain.
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "ledger.jsonl")
            export_to_path(path)

            def verify_offline():
                result = verify_export(path)
                assert result.ok and result.entries_checked == ENTRIES, result.problem

            took_offline = best_of(verify_offline, repeat=3)
        label = f"offline verify_export over an export of the {ENTRIES}"
        report(label, took_offline, baseline=base)
        print(f"{'offline verification throughput':<55} {ENTRIES / took_offline:>12.0f} entries/s")
        data.clear()

        appends = 2000
        started = time.perf_counter()
        for i in range(appends):
            append_entry("key.rotated", "system:bench", [], {"i": i})
        elapsed = time.perf_counter() - started
        print(
            f"{'append rate (1 client, own transaction each)':<55} "
            f"{appends / elapsed:>12.0f} entries/s"
        )

        large = LARGE
        if connection.vendor == "sqlite" and "HYTE_BENCH_LARGE" not in os.environ:
            large = 200_000
            print(
                "# SQLite (in-memory test database): large chain reduced to 200,000; "
                "run make bench (PostgreSQL) for 1,000,000"
            )
        missing = large - LedgerEntry.objects.count()
        if missing > 0:
            started = time.perf_counter()
            insert_chain(missing)
            print(
                f"# extended the chain to {large} entries in {time.perf_counter() - started:.1f} s"
            )
        gc.collect()
        rss_start = rss_bytes()
        rss_peak = [rss_start]

        def sample(_done):
            rss_peak[0] = max(rss_peak[0], rss_bytes())

        tracemalloc.start()
        started = time.perf_counter()
        result = verify_chain(record=False, chunk_size=5000, progress=sample)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert result.ok, result.problem
        label = f"verifying {result.entries_checked} entries"
        print(
            f"{'peak Python memory (tracemalloc) ' + label:<55} "
            f"{peak / 2**20:>12.1f} MB   (target < 150 MB)"
        )
        print(
            f"{'growth of resident memory (RSS, sampled) ' + label:<55} "
            f"{(rss_peak[0] - rss_start) / 2**20:>12.1f} MB"
        )
        print(f"{'  (time under tracemalloc)':<55} {elapsed:>12.1f} s")


def rss_bytes() -> int:
    """Current resident set size (Linux /proc), covering C buffers tracemalloc misses."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


if __name__ == "__main__":
    main()
