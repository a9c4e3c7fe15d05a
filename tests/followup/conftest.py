"""Fixtures of the follow-up view, export and yearly-report tests: the fake
measures (``fakes.install``) and a signed-in coordinator. The measure tests
use ``data.py`` instead (real data with known answers)."""

import pytest

from . import fakes


@pytest.fixture
def measures(monkeypatch):
    return fakes.install(monkeypatch)


@pytest.fixture
def coordinator_client(client, make_user, english):
    client.force_login(make_user("coordinator"))
    return client
