"""The partner logs attempts to reach the client ("called 3 times") before
giving up: codes only, ledgered, the partner's own staff only, open referrals
only, and shown on the referral page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from wagtail_hyte.agreements import services as agreement_services
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.partners.models import Partner
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.errors import PartnerAccessCut
from wagtail_hyte.referrals.models import ContactAttempt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def attempt(referral, user, method="phone", result="no_answer"):
    return services.log_contact_attempt(referral, user=user, method=method, result=result)


def test_attempts_are_logged_ledgered_and_count_as_first_action(world, refer):
    referral = refer()
    assert referral.first_action_at is None
    first = attempt(referral, world.staff)
    attempt(referral, world.staff, "sms", "message_left")
    referral.refresh_from_db()
    assert referral.first_action_at == first.at
    assert [(a.method, a.result) for a in referral.contact_attempts.all()] == [
        ("phone", "no_answer"),
        ("sms", "message_left"),
    ]
    entries = LedgerEntry.objects.filter(kind="referral.contact_attempt").order_by("seq")
    assert [e.payload_data for e in entries] == [
        {"referral": str(referral.reference), "method": "phone", "result": "no_answer"},
        {"referral": str(referral.reference), "method": "sms", "result": "message_left"},
    ]
    assert entries[0].actor == f"user:{world.staff.pk}"


def test_only_the_receiving_partners_staff(world, refer):
    referral = refer()
    for user in (world.other_staff, world.professional, world.coordinator):
        with pytest.raises(PermissionDenied):
            attempt(referral, user)
    assert not ContactAttempt.objects.exists()


def test_closed_referrals_and_bad_codes_are_refused(world, refer):
    referral = refer()
    with pytest.raises(ValidationError) as caught:
        attempt(referral, world.staff, method="pigeon", result="lost")
    assert set(caught.value.error_dict) == {"method", "result"}
    services.report_outcome(referral, user=world.staff, succeeded=False, reason="not_reached")
    with pytest.raises(ValidationError, match="open referrals only"):
        attempt(referral, world.staff)
    assert not ContactAttempt.objects.exists()
    assert not LedgerEntry.objects.filter(kind="referral.contact_attempt").exists()


def test_refused_while_the_partner_is_deactivated(world, refer):
    referral = refer()
    Partner.objects.filter(pk=world.partner.pk).update(active=False)
    with pytest.raises(PartnerAccessCut):
        attempt(referral, world.staff)


def test_allowed_when_the_agreement_is_suspended(world, refer):
    referral = refer()
    agreement_services.suspend(world.agreement, reason="test")
    attempt(referral, world.staff)  # like reporting the outcome: the loop can close
    assert ContactAttempt.objects.count() == 1


def test_the_page_logs_and_lists_attempts(client, world, refer):
    referral = refer()
    client.force_login(world.staff)
    url = reverse("hyte_referrals:contact_attempt", args=[referral.pk])
    page = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    html = client.get(page).content.decode()
    assert "No attempts logged yet." in html and f'action="{url}"' in html
    for _n in range(3):
        response = client.post(url, {"method": "phone", "result": "no_answer"})
        assert response.status_code == 302 and response["Location"] == page
    html = client.get(page).content.decode()
    assert "Tried 3 times (Phone call × 3)." in html
    assert html.count("<td>No answer</td>") == 3
    # a bad choice comes back with an error and logs nothing
    response = client.post(url, {"method": "phone"})
    assert response.status_code == 200 and "hyte-error-summary" in response.content.decode()
    assert ContactAttempt.objects.count() == 3
