"""Fixtures for the agreement tests; ``make_agreement``, ``catalogue`` and
``make_activity`` come from ``tests/conftest.py`` (over ``tests/factories.py``)."""

from datetime import date

import pytest

from wagtail_hyte.core.periods import local_date


@pytest.fixture
def year_start():
    return date(local_date().year, 1, 1)
