"""An erasure request waits while a referral is open (``hyte_erase_subject``)."""

import io

import pytest
from django.core.management import CommandError, call_command

from wagtail_hyte.ledger.models import Subject
from wagtail_hyte.referrals import services

pytestmark = pytest.mark.django_db


def erase(*args):
    call_command("hyte_erase_subject", *args, stdout=io.StringIO())


def test_an_open_referral_holds_the_data(world, refer):
    referral = refer()
    with pytest.raises(CommandError, match="open business"):
        erase(str(referral.subject_id), "--reference", "TS-1", "--by", world.auditor.username)
    assert Subject.objects.get(pk=referral.subject_id).erased_at is None
    # once the consent is withdrawn the referral is closed and the erasure runs
    services.withdraw(referral, user=world.professional, method="verbal")
    erase(str(referral.subject_id), "--reference", "TS-1", "--by", world.auditor.username)
    assert Subject.objects.get(pk=referral.subject_id).erased_at is not None
