"""32 threads creating referrals for the last few quota slots never overbook (PostgreSQL)."""

import pytest

from tests.helpers import run_concurrently
from wagtail_hyte.agreements.errors import QuotaExhausted
from wagtail_hyte.agreements.models import QuotaReservation
from wagtail_hyte.ledger.models import Subject
from wagtail_hyte.ledger.verification import verify_chain
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.models import Referral

THREADS = 32


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_referrals_never_overbook(world):
    world.agreement.quota = 5
    world.agreement.save()
    services.create_referral(
        activity=world.activity,
        professional=world.professional,
        details={"name": "Eka", "phone": "040 100 0000"},
        notice=world.notices["fi"],
        collection_method="verbal",
    )
    services.create_referral(
        activity=world.activity,
        professional=world.professional,
        details={"name": "Toka", "phone": "040 100 0001"},
        notice=world.notices["fi"],
        collection_method="verbal",
    )
    outcomes = run_concurrently(
        lambda n: services.create_referral(
            activity=world.activity,
            professional=world.professional,
            details={"name": f"Asiakas {n}", "phone": f"040 200 {n:04d}"},
            notice=world.notices["fi"],
            collection_method="verbal",
        ),
        THREADS,
        {QuotaExhausted: "full"},
    )
    assert outcomes.count("ok") == 3, outcomes
    assert outcomes.count("full") == THREADS - 3, outcomes
    assert Referral.objects.count() == 5
    assert QuotaReservation.objects.filter(released_at__isnull=True).count() == 5
    assert Subject.objects.count() == 5
    assert verify_chain(record=False).ok
