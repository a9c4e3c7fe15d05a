"""Fixtures for the activity catalogue tests.

``catalogue``, ``make_activity`` and ``taxonomies`` come from ``tests/conftest.py``
(over ``tests/factories.py``).
"""

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def future(today):
    return lambda days: today + timedelta(days=days)
