"""Shared test helpers."""

import os

import pytest

CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str):
    """Skip locally, fail under CI=true: in CI a part that cannot run is a failure."""
    if CI:
        pytest.fail(f"Required test dependency unavailable under CI: {reason}")
    pytest.skip(reason)
