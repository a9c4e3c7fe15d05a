"""Per-user rate limits, enforced in the database: checked by query counts, never by time."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail_hyte.recommendations import ratelimit, services
from wagtail_hyte.recommendations.models import Delivery, RecommendationCount, SendWindow

from .conftest import EMAIL


@pytest.fixture
def limited(settings):
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "RECOMMENDATION_RATE_LIMITS": [(3, 3600), (5, 86400)],
    }


def _email(user, activity):
    return services.recommend(
        user=user, activities=[activity], channel="email", language="fi", email=EMAIL
    )


def test_limit_stops_sending_and_writes_nothing(limited, professional, make_activity):
    activity = make_activity()
    for _ in range(3):
        _email(professional, activity)
    with pytest.raises(ValidationError) as exc:
        _email(professional, activity)
    assert exc.value.code == "rate_limited"
    assert "at most 3 messages in 60 min." in exc.value.messages[0]
    assert len(mail.outbox) == 3
    assert Delivery.objects.count() == 3
    assert RecommendationCount.objects.get().count == 3
    # The refused send did not count towards the windows either (rolled back).
    assert sorted(SendWindow.objects.values_list("seconds", "count")) == [(3600, 3), (86400, 3)]


def test_limit_is_per_user_and_print_is_not_limited(
    limited, professional, make_user, make_activity
):
    activity = make_activity()
    for _ in range(3):
        _email(professional, activity)
    other = make_user("professional")
    _email(other, activity)
    services.recommend(user=professional, activities=[activity], channel="print", language="fi")
    assert len(mail.outbox) == 4


def test_windows_are_fixed_slots(limited, professional):
    for _ in range(3):
        ratelimit.consume(professional, now=3600 * 10 + 5)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.consume(professional, now=3600 * 10 + 3599)
    # The next hour starts a new hourly window; the daily window still counts.
    ratelimit.consume(professional, now=3600 * 11)
    ratelimit.consume(professional, now=3600 * 11 + 1)
    with pytest.raises(ratelimit.RateLimited, match="at most 5 messages in 1440 min"):
        ratelimit.consume(professional, now=3600 * 12)


def test_consume_costs_constant_queries(limited, professional):
    with CaptureQueriesContext(connection) as first:
        ratelimit.consume(professional, now=100)
    with CaptureQueriesContext(connection) as later:
        ratelimit.consume(professional, now=101)
    # One statement per window, first message or not, whatever the history
    # (core.counters.increment): INSERT ... ON CONFLICT DO UPDATE SET count =
    # count + n RETURNING count.
    assert len(later) == 2
    assert len(first) == 2
    writes = [q["sql"] for q in later.captured_queries]
    assert all("ON CONFLICT" in w and '"count" + ' in w for w in writes)


def test_send_query_count_does_not_grow_with_history(limited, professional, make_activity):
    activity = make_activity()
    _email(professional, activity)
    with CaptureQueriesContext(connection) as second:
        _email(professional, activity)
    with CaptureQueriesContext(connection) as third:
        _email(professional, activity)
    assert len(second) == len(third)


def test_prune_removes_ended_windows(limited, professional):
    ratelimit.consume(professional, now=10)
    ratelimit.consume(professional, now=3600 * 30)
    assert ratelimit.prune(now=3600 * 30) == 2
    assert SendWindow.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_never_pass_the_limit(settings, make_user):
    """Several app servers at once: the database row lock lets exactly N through."""
    import threading

    from django.db import close_old_connections, transaction

    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "RECOMMENDATION_RATE_LIMITS": [(5, 3600)]}
    user = make_user("professional")
    barrier = threading.Barrier(12)
    outcomes = []

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                ratelimit.consume(user, now=7200)
            outcomes.append("ok")
        except ratelimit.RateLimited:
            outcomes.append("limited")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["limited"] * 7 + ["ok"] * 5
    assert SendWindow.objects.get(user=user).count == 5
