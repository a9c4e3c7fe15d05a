from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from wagtail_hyte.agreements import services
from wagtail_hyte.agreements.models import AgreementStatus, PartnerAgreement, validate_email_list
from wagtail_hyte.core.periods import local_date

pytestmark = pytest.mark.django_db


def test_activation_needs_positive_quota(make_agreement):
    agreement = make_agreement(quota=0)
    with pytest.raises(ValidationError) as exc:
        services.activate(agreement)
    assert "quota" in exc.value.message_dict
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_activation_refuses_expired_agreement(make_agreement):
    today = local_date()
    agreement = make_agreement(valid_from=today - timedelta(400), valid_to=today - timedelta(1))
    with pytest.raises(ValidationError) as exc:
        services.activate(agreement)
    assert "valid_to" in exc.value.message_dict


def test_end_before_start_is_rejected_by_clean_and_database(make_agreement, make_partner):
    today = local_date()
    agreement = PartnerAgreement(
        partner=make_partner(),
        reference_number="X-1",
        title="x",
        quota=1,
        valid_from=today,
        valid_to=today - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as exc:
        agreement.full_clean()
    assert list(exc.value.message_dict) == ["valid_to"]
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_activation_refuses_inactive_partner(make_agreement, make_partner):
    agreement = make_agreement(partner=make_partner(active=False))
    with pytest.raises(ValidationError) as exc:
        services.activate(agreement)
    assert "partner" in exc.value.message_dict


def test_overlapping_all_activity_agreements_are_refused(make_agreement, make_partner):
    partner = make_partner()
    make_agreement(partner=partner, status="active")
    second = make_agreement(partner=partner)
    with pytest.raises(ValidationError) as exc:
        services.activate(second)
    assert exc.value.code == "overlap"
    second.refresh_from_db()
    assert second.status == AgreementStatus.DRAFT


def test_agreements_in_consecutive_periods_may_both_be_active(make_agreement, make_partner):
    partner = make_partner()
    today = local_date()
    make_agreement(partner=partner, status="active", valid_to=today + timedelta(10))
    later = make_agreement(
        partner=partner, valid_from=today + timedelta(11), valid_to=today + timedelta(400)
    )
    services.activate(later)
    later.refresh_from_db()
    assert later.status == AgreementStatus.ACTIVE


def test_other_partners_do_not_clash(make_agreement, make_partner):
    make_agreement(partner=make_partner(), status="active")
    other = make_agreement(partner=make_partner())
    services.activate(other)


def test_ended_agreement_does_not_clash(make_agreement, make_partner):
    partner = make_partner()
    make_agreement(partner=partner, status="ended")
    services.activate(make_agreement(partner=partner))


def test_open_ended_agreement_overlaps_everything_later(make_agreement, make_partner):
    partner = make_partner()
    make_agreement(partner=partner, status="active", valid_to=None)
    far = make_agreement(
        partner=partner,
        valid_from=local_date() + timedelta(3000),
        valid_to=local_date() + timedelta(3100),
    )
    with pytest.raises(ValidationError):
        services.activate(far)


def test_notification_addresses_are_validated():
    validate_email_list("a@example.invalid, b@example.invalid\nc@example.invalid")
    with pytest.raises(ValidationError) as exc:
        validate_email_list("a@example.invalid, not-an-address")
    assert "not-an-address" in exc.value.messages[0]
