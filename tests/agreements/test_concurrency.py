"""The core invariant: racing reservations never overbook (PostgreSQL, real threads)."""

import pytest
from django.db import transaction

from tests.helpers import run_concurrently
from wagtail_hyte.agreements import services
from wagtail_hyte.agreements.errors import QuotaExhausted
from wagtail_hyte.agreements.models import QuotaReservation

THREADS = 32
ROUNDS = 15


def race(agreement, round_number, threads=THREADS):
    def reserve(n):
        with transaction.atomic():
            services.reserve_slot(agreement, reference=f"round{round_number}-t{n}")

    return run_concurrently(reserve, threads, {QuotaExhausted: "full"})


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_threads_racing_for_slots_never_overbook(make_agreement):
    for round_number in range(ROUNDS):
        quota = 1 + round_number % 7
        agreement = make_agreement(status="active", quota=quota)
        outcomes = race(agreement, round_number)
        assert outcomes.count("ok") == quota, outcomes
        assert outcomes.count("full") == THREADS - quota, outcomes
        assert QuotaReservation.objects.filter(agreement=agreement).count() == quota


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_release_and_reserve_race(make_agreement):
    agreement = make_agreement(status="active", quota=3)
    for n in range(3):
        with transaction.atomic():
            services.reserve_slot(agreement, reference=f"held-{n}")
    services.release_slot("held-0", reason="withdrawn")
    outcomes = race(agreement, 99, threads=16)
    assert outcomes.count("ok") == 1
    assert QuotaReservation.objects.filter(agreement=agreement, released_at=None).count() == 3
