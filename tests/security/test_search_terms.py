"""Zero-result search terms: no digits or e-mail look-alikes, only terms seen on k
distinct days are kept as text, and everything is pruned after the keep period."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from wagtail_hyte.metrics import counters, housekeeping
from wagtail_hyte.metrics.models import ZeroResultTermDay, ZeroResultTermSighting


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.mark.parametrize(
    "query",
    [
        "040-123 45 67",
        "+358 40 123 4567",
        "０４０１２３４５６７",  # full-width digits
        "matti＠example.com",  # full-width at sign
        "matti(at)example.com",
        "matti [at] example.com",
        "matti@example.com",
        "010190-123A",
    ],
)
def test_numbers_and_addresses_are_never_kept(db, today, settings, query):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "METRICS_ZERO_RESULT_MIN_DAYS": 1}
    counters.record_search("other", query, 0, day=today)
    terms = list(ZeroResultTermDay.objects.values_list("term", flat=True))
    assert all(not any(ch.isdigit() for ch in t) and "@" not in t for t in terms), terms
    assert "matti" not in " ".join(terms)


def test_digits_are_stripped_from_mixed_terms(db, today, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "METRICS_ZERO_RESULT_MIN_DAYS": 1}
    counters.record_search("other", "Virtanen 040-123 45 67", 0, day=today)
    assert list(ZeroResultTermDay.objects.values_list("term", flat=True)) == ["virtanen"]


def test_a_term_is_kept_only_after_k_distinct_days(db, today):
    name = "Maija Meikäläinen"
    for _ in range(5):  # many searches on one day: still one day
        counters.record_search("other", name, 0, day=today)
    counters.record_search("other", name, 0, day=today - timedelta(days=1))
    assert not ZeroResultTermDay.objects.exists()
    # Only a keyed hash of the term is kept meanwhile.
    sightings = list(ZeroResultTermSighting.objects.values_list("digest", flat=True))
    assert len(sightings) == 2 and all("maija" not in d for d in sightings)
    counters.record_search("other", name, 0, day=today - timedelta(days=2))
    assert list(ZeroResultTermDay.objects.values_list("term", flat=True)) == ["maija meikäläinen"]
    counters.record_search("other", name, 0, day=today)
    assert sum(ZeroResultTermDay.objects.values_list("count", flat=True)) == 2


def test_k_is_a_setting(db, today, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "METRICS_ZERO_RESULT_MIN_DAYS": 2}
    counters.record_search("other", "sählyvuoro", 0, day=today - timedelta(days=1))
    assert not ZeroResultTermDay.objects.exists()
    counters.record_search("other", "sählyvuoro", 0, day=today)
    assert ZeroResultTermDay.objects.filter(term="sählyvuoro").exists()


def test_prune_deletes_old_rows_and_unsafe_legacy_terms(db, today, settings, capsys):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "METRICS_ZERO_RESULT_KEEP_DAYS": 30}
    old = today - timedelta(days=31)
    ZeroResultTermDay.objects.create(date=old, term="vanha", count=1)
    ZeroResultTermDay.objects.create(date=today, term="tuore", count=1)
    ZeroResultTermDay.objects.create(date=today, term="040-123 45 67", count=1)  # legacy row
    ZeroResultTermSighting.objects.create(date=old, digest="a" * 64)
    ZeroResultTermSighting.objects.create(date=today, digest="b" * 64)
    assert housekeeping.prune(today) == {"terms": 1, "sightings": 1, "unsafe_terms": 1}
    assert list(ZeroResultTermDay.objects.values_list("term", flat=True)) == ["tuore"]
    assert ZeroResultTermSighting.objects.count() == 1
    call_command("hyte_prune_metrics")
    assert "terms: 0" in capsys.readouterr().out
