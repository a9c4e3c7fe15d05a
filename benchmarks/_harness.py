"""Shared helpers for the benchmark scripts run by `make bench`.

Benchmarks print figures and ratios against a baseline measured in the same
run; they never assert wall-clock times. Each script:

    from _harness import django_database, best_of, report
    with django_database():        # a fresh test database (DATABASE_URL or SQLite)
        ...
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def django_database(settings_module: str = "example_site.settings.test"):
    sys.path[:0] = [str(ROOT / "example_site"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"# database: {connection.vendor}")
        yield
    finally:
        teardown_databases(old, verbosity=0)


def best_of(fn, *, repeat: int = 5, number: int = 1) -> float:
    """Best (lowest) seconds per call over ``repeat`` rounds of ``number`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def report(name: str, value: float, unit: str = "ms", *, baseline: float | None = None) -> None:
    shown = value * 1000 if unit == "ms" else value
    line = f"{name:<55} {shown:>12.3f} {unit}"
    if baseline:
        line += f"   ratio {value / baseline:6.2f}x"
    print(line, flush=True)
