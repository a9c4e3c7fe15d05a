"""The one counter upsert (core.counters.increment), on both of its paths.

The single-statement upsert (PostgreSQL, SQLite) and the UPDATE-then-INSERT
fallback (other databases) give the same rows and the same returned counts.
The thread tests on PostgreSQL are in tests/activities/test_counters.py and
tests/recommendations/test_ratelimit.py.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail_hyte.core import counters
from wagtail_hyte.metrics.models import SearchDay
from wagtail_hyte.recommendations.models import SendWindow

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 3, 1)


@pytest.fixture(params=["upsert", "fallback"])
def path(request, monkeypatch):
    if request.param == "fallback":
        monkeypatch.setattr(counters, "UPSERT_VENDORS", ())
    return request.param


def test_creates_then_adds(path):
    lookup = {"date": DAY, "audience": "other"}
    counters.increment(SearchDay, lookup, {"searches": 1, "zero_results": 0})
    counters.increment(SearchDay, lookup, {"searches": 1, "zero_results": 1})
    counters.increment(SearchDay, {"date": DAY, "audience": "professional"}, {"searches": 2})
    rows = SearchDay.objects.order_by("audience").values_list(
        "audience", "searches", "zero_results"
    )
    assert list(rows) == [("other", 2, 1), ("professional", 2, 0)]


def test_returns_the_count_after_the_increment(path, make_user):
    user = make_user("professional")
    lookup = {"user": user, "seconds": 60, "window": 7}
    with transaction.atomic():
        assert counters.increment(SendWindow, lookup, {"count": 2}, returning="count") == 2
        assert counters.increment(SendWindow, lookup, {"count": 1}, returning="count") == 3
    assert counters.increment(SendWindow, lookup, {"count": 1}) is None
    assert SendWindow.objects.get(user=user, window=7).count == 4
    other = {"user_id": user.pk, "seconds": 60, "window": 8}  # the attname works too
    assert counters.increment(SendWindow, other, {"count": 5}, returning="count") == 5
    assert SendWindow.objects.count() == 2


def test_the_upsert_is_one_statement(make_user):
    assert connection.vendor in counters.UPSERT_VENDORS
    user = make_user("professional")
    lookup = {"user": user, "seconds": 60, "window": 1}
    for expected in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            assert counters.increment(SendWindow, lookup, {"count": 1}, returning="count") == (
                expected
            )
        (query,) = queries.captured_queries
        assert "ON CONFLICT" in query["sql"] and '"count" + ' in query["sql"]


def test_needs_a_lookup_and_an_amount():
    with pytest.raises(ValueError):
        counters.increment(SearchDay, {}, {"searches": 1})
    with pytest.raises(ValueError):
        counters.increment(SearchDay, {"date": DAY, "audience": "other"}, {})
