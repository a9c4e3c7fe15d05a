from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from django.utils import translation

from wagtail_hyte.agreements import services
from wagtail_hyte.agreements.errors import AgreementNotInForce, QuotaExhausted
from wagtail_hyte.agreements.models import QuotaReservation
from wagtail_hyte.core.periods import HELSINKI

pytestmark = pytest.mark.django_db


def reserve(agreement, reference, at=None):
    with transaction.atomic():
        return services.reserve_slot(agreement, reference=reference, at=at)


def test_status_counts_and_remaining(make_agreement):
    agreement = make_agreement(status="active", quota=3)
    status = services.quota_status(agreement)
    assert (status.used, status.remaining, status.full) == (0, 3, False)
    reserve(agreement, "r1")
    reserve(agreement, "r2")
    status = services.quota_status(agreement)
    assert (status.used, status.remaining, status.percent_used) == (2, 1, 67)


def test_sequential_reservations_stop_exactly_at_quota(make_agreement):
    agreement = make_agreement(status="active", quota=4)
    results = []
    for n in range(10):
        try:
            reserve(agreement, f"r{n}")
            results.append(True)
        except QuotaExhausted:
            results.append(False)
    assert results == [True] * 4 + [False] * 6
    assert QuotaReservation.objects.filter(agreement=agreement).count() == 4


def test_full_quota_message_names_the_next_period_and_writes_nothing(make_agreement):
    agreement = make_agreement(status="active", quota=1, quota_period="month")
    at = datetime(2026, 5, 20, 12, tzinfo=HELSINKI)
    agreement.valid_from = date(2026, 1, 1)
    agreement.save()
    reserve(agreement, "first", at=at)
    with translation.override("en"), pytest.raises(QuotaExhausted) as exc:
        reserve(agreement, "second", at=at)
    assert exc.value.code == "quota_full"
    assert "June 1, 2026" in exc.value.messages[0]
    assert not QuotaReservation.objects.filter(reference="second").exists()


def test_next_period_opens_a_fresh_quota(make_agreement):
    agreement = make_agreement(status="active", quota=1, valid_from=date(2026, 1, 1))
    may = datetime(2026, 5, 31, 23, 30, tzinfo=HELSINKI)
    june = datetime(2026, 6, 1, 0, 10, tzinfo=HELSINKI)
    reserve(agreement, "may", at=may)
    with pytest.raises(QuotaExhausted):
        reserve(agreement, "may-2", at=may)
    reserve(agreement, "june", at=june)
    assert services.quota_status(agreement, at=june).used == 1
    assert services.quota_status(agreement, at=may).used == 1


def test_release_frees_the_slot_once(make_agreement):
    agreement = make_agreement(status="active", quota=1)
    reserve(agreement, "r1")
    with pytest.raises(QuotaExhausted):
        reserve(agreement, "r2")
    assert services.release_slot("r1", reason="consent withdrawn") is True
    assert services.release_slot("r1", reason="again") is False
    reserve(agreement, "r2")
    released = QuotaReservation.objects.get(reference="r1")
    assert released.released_at is not None
    assert released.release_reason == "consent withdrawn"


@pytest.mark.django_db(transaction=True)
def test_reserve_requires_the_callers_transaction(make_agreement):
    agreement = make_agreement(status="active")
    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        services.reserve_slot(agreement, reference="outside")


@pytest.mark.parametrize("status", ["draft", "suspended", "ended"])
def test_agreement_not_active_takes_no_referrals(make_agreement, status):
    agreement = make_agreement(status=status)
    with pytest.raises(AgreementNotInForce):
        reserve(agreement, "x")
    assert not QuotaReservation.objects.exists()


def test_ending_keeps_existing_reservations(make_agreement):
    agreement = make_agreement(status="active")
    reserve(agreement, "before-end")
    services.end(agreement, reason="ended")
    assert QuotaReservation.objects.filter(reference="before-end", released_at=None).exists()
    with pytest.raises(AgreementNotInForce):
        reserve(agreement, "after-end")


def test_outside_validity_takes_no_referrals(make_agreement):
    agreement = make_agreement(status="active")
    later = datetime.now(UTC) + timedelta(days=800)
    with pytest.raises(AgreementNotInForce):
        reserve(agreement, "future", at=later)


def test_reservation_pins_the_version_in_force(make_agreement, make_user):
    user = make_user("coordinator")
    agreement = make_agreement(status="active", quota=2, user=user)
    first = reserve(agreement, "v1")
    assert first.agreement_version == services.current_version(agreement).history_id
    agreement.quota = 3
    services.update_agreement(agreement, user=user, reason="quota raised")
    second = reserve(agreement, "v2")
    assert second.agreement_version != first.agreement_version
    version = agreement.history.get(history_id=first.agreement_version)
    assert version.quota == 2
    assert agreement.history.get(history_id=second.agreement_version).quota == 3


def test_version_at_a_moment(make_agreement):
    agreement = make_agreement(quota=2)
    before = datetime.now(UTC)
    agreement.quota = 7
    services.update_agreement(agreement, reason="more")
    assert services.version_at(agreement, before).quota == 2
    assert services.version_at(agreement, datetime.now(UTC)).quota == 7


def test_quota_statuses_in_bulk_use_one_query(make_agreement, django_assert_num_queries):
    agreements = [make_agreement(status="active", quota=2) for _ in range(5)]
    reserve(agreements[0], "a")
    reserve(agreements[3], "b")
    with django_assert_num_queries(1):
        statuses = services.quota_statuses(agreements)
    assert [statuses[a.pk].used for a in agreements] == [1, 0, 0, 1, 0]
