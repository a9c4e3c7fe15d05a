"""The demo referrals: every status and every cancellation reason; a second run adds nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from wagtail_hyte.core.periods import local_date
from wagtail_hyte.ledger.verification import verify_chain
from wagtail_hyte.referrals.models import CancellationReason, Referral, ReferralStatus

pytestmark = pytest.mark.django_db


def load():
    with override_settings(DEBUG=True):
        call_command("hyte_load_demo", stdout=StringIO())


def test_demo_referrals_cover_every_status_and_reason():
    load()
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert set(
        Referral.objects.exclude(cancellation_reason="").values_list(
            "cancellation_reason", flat=True
        )
    ) == set(CancellationReason.values)
    if (local_date() - timedelta(days=20)).year == local_date().year:
        # the demo agreements start on 1 January: earlier referrals fall back to today
        assert Referral.objects.overdue().exists()
    count = Referral.objects.count()
    load()
    assert Referral.objects.count() == count
    assert verify_chain(record=False).ok
