"""Usage counters: page views per activity per day, searches per day by audience,
zero-result searches; atomic under concurrency; nothing personal stored."""

import threading

import pytest
from django.db import connection, connections

from wagtail_hyte.core import counters as core_counters
from wagtail_hyte.metrics import counters
from wagtail_hyte.metrics.models import ActivityViewDay, SearchDay, ZeroResultTermDay

pytestmark = pytest.mark.django_db


def test_page_views_are_counted_per_activity_and_day(client, make_activity, today):
    first, second = make_activity("Eka"), make_activity("Toka")
    for _ in range(3):
        assert client.get(first.url).status_code == 200
    client.get(second.url)
    views = dict(ActivityViewDay.objects.filter(date=today).values_list("page_id", "views"))
    assert views == {first.pk: 3, second.pk: 1}


def test_previews_and_listings_without_criteria_are_not_counted(client, catalogue, make_activity):
    make_activity()
    client.get(catalogue.url)
    assert not SearchDay.objects.exists()


def test_searches_split_by_audience_with_zero_results(
    client, catalogue, make_activity, make_user, today, settings
):
    # Terms are kept as text only once seen on enough days (tests/security/test_search_terms.py).
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "METRICS_ZERO_RESULT_MIN_DAYS": 1}
    make_activity("Kuntosali")
    client.get(catalogue.url, {"q": "kuntosali"})
    client.get(catalogue.url, {"q": "Olematon  SANA"})
    client.get(catalogue.url, {"municipality": "179"})
    professional = make_user("professional")
    client.force_login(professional)
    client.get(catalogue.url, {"q": "olematon sana"})
    client.get(catalogue.url, {"theme": "nature"})
    editor = make_user("editor")
    client.force_login(editor)
    client.get(catalogue.url, {"q": "kuntosali"})
    rows = {r.audience: (r.searches, r.zero_results) for r in SearchDay.objects.filter(date=today)}
    assert rows == {"other": (4, 1), "professional": (2, 1)}
    assert list(ZeroResultTermDay.objects.values_list("term", "count")) == [("olematon sana", 2)]


def test_terms_that_may_identify_a_person_are_not_kept(today, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "METRICS_ZERO_RESULT_MIN_DAYS": 1}
    for term in ("matti@example.com", "040 1234567", "010190-123A", "puhelin 0401234567"):
        counters.record_search("other", term, 0)
    # Digits are stripped: only the word is left of the last one.
    assert list(ZeroResultTermDay.objects.values_list("term", flat=True)) == ["puhelin"]
    assert SearchDay.objects.get(date=today, audience="other").zero_results == 4


def test_zero_result_terms_can_be_switched_off(settings, today):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "METRICS_KEEP_ZERO_RESULT_TERMS": False}
    counters.record_search("other", "kävely", 0)
    assert not ZeroResultTermDay.objects.exists()


def test_nothing_personal_is_stored(client, catalogue, make_activity, make_user):
    activity = make_activity()
    user = make_user("professional", username="salainen-kayttaja")
    client.force_login(user)
    client.get(activity.url, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Secret-Agent/1.0")
    client.get(catalogue.url, {"q": "tunnistamaton"}, REMOTE_ADDR="203.0.113.77")
    columns = set()
    for model in (ActivityViewDay, SearchDay, ZeroResultTermDay):
        columns |= {f.column for f in model._meta.concrete_fields}
        for row in model.objects.values():
            dump = " ".join(str(v) for v in row.values())
            assert "203.0.113.77" not in dump and "Secret-Agent" not in dump
            assert str(user.pk) != str(row.get("user_id")) and "salainen" not in dump
    assert columns == {
        "id",
        "date",
        "page_id",
        "views",
        "audience",
        "searches",
        "zero_results",
        "referral_filter",
        "term",
        "count",
    }


def test_counting_sets_no_cookies(client, catalogue, make_activity):
    """Only what the host's base template sets (the example site's language form
    has a CSRF token); the catalogue and its counters add none."""
    activity = make_activity()
    host_cookies = set(client.get("/").cookies)
    assert host_cookies <= {"csrftoken"}
    assert set(client.get(activity.url).cookies) <= host_cookies
    assert set(client.get(catalogue.url, {"q": "kävely"}).cookies) <= host_cookies


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counters_are_atomic_under_concurrent_requests(catalogue, make_activity, today, settings):
    from django.test import Client

    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "METRICS_ZERO_RESULT_MIN_DAYS": 1}
    activity = make_activity()
    threads_n, per_thread = 8, 10
    barrier = threading.Barrier(threads_n)
    errors = []

    def worker():
        try:
            client = Client()
            barrier.wait()
            for _ in range(per_thread):
                assert client.get(activity.url).status_code == 200
                assert client.get(catalogue.url, {"q": "ei löydy mitään"}).status_code == 200
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    total = threads_n * per_thread
    assert ActivityViewDay.objects.get(date=today, page=activity).views == total
    day = SearchDay.objects.get(date=today, audience="other")
    assert (day.searches, day.zero_results) == (total, total)
    assert ZeroResultTermDay.objects.get(date=today).count == total
    assert connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_increment_fallback_path_is_atomic_too(today, monkeypatch):
    """The UPDATE-then-INSERT path (databases without upsert) under real threads."""
    monkeypatch.setattr(core_counters, "UPSERT_VENDORS", ())
    threads_n = 8
    barrier = threading.Barrier(threads_n)

    def worker():
        barrier.wait()
        for _ in range(20):
            counters.record_search("professional", "", 1)
        connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert SearchDay.objects.get(date=today, audience="professional").searches == threads_n * 20
