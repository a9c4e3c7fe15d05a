"""Each rule has one definition: the forms, the Python and SQL forms of a rule,
and every message about it agree."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from tests.referrals.conftest import CLIENT

pytestmark = pytest.mark.django_db


def _service_errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return {
        field: [str(m) for m in messages] for field, messages in caught.value.message_dict.items()
    }


def _form_errors(form) -> dict:
    assert not form.is_valid()
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


@pytest.mark.parametrize(
    "change",
    [
        {"phone": "", "email": ""},
        {"phone": "12", "contact_method": "phone"},
        {"email": "not-an-address", "contact_method": "email"},
        {"contact_method": "email", "email": ""},
        {"name": ""},
        {"name": "N" * 201},
        {"contact_time": "t" * 101},
        {"note": "n" * 501},
    ],
)
def test_contact_form_gives_the_contact_services_messages(change):
    from wagtail_hyte.ledger.contact import clean_contact
    from wagtail_hyte.referrals.forms import ContactForm

    values = {**CLIENT, **change}
    expected = _service_errors(lambda: clean_contact(values))
    assert _form_errors(ContactForm(values)) == expected


def test_contact_form_returns_the_normalised_details():
    from wagtail_hyte.ledger.contact import clean_contact
    from wagtail_hyte.referrals.forms import ContactForm

    values = {**CLIENT, "email": "  Qwibble@Example.INVALID ", "phone": "040-765 4321"}
    form = ContactForm(values)
    assert form.is_valid(), form.errors
    details = form.details()
    assert details == {key: getattr(clean_contact(values), key) for key in details}
    assert details["phone"] == "+358407654321"
    assert details["email"] == "qwibble@example.invalid"


def test_the_form_fields_take_their_limits_from_the_contact_rules():
    from wagtail_hyte.ledger.contact import CONTACT_TIME_MAX, NAME_MAX, NOTE_MAX
    from wagtail_hyte.referrals.forms import ContactForm, OutcomeForm

    form = ContactForm()
    assert form.fields["name"].widget.attrs["maxlength"] == NAME_MAX
    assert form.fields["contact_time"].widget.attrs["maxlength"] == CONTACT_TIME_MAX
    assert form.fields["note"].widget.attrs["maxlength"] == NOTE_MAX
    assert OutcomeForm().fields["note"].widget.attrs["maxlength"] == NOTE_MAX


@pytest.mark.parametrize(
    "values, service_kwargs",
    [
        ({"outcome": "cancelled", "reason": ""}, {"succeeded": False, "reason": ""}),
        (
            {"outcome": "succeeded", "note": "n" * 501},
            {"succeeded": True, "note": "n" * 501},
        ),
        (
            {"outcome": "cancelled", "reason": "not_reached", "note": "n" * 501},
            {"succeeded": False, "reason": "not_reached", "note": "n" * 501},
        ),
    ],
)
def test_outcome_form_gives_the_services_messages(world, refer, values, service_kwargs):
    from wagtail_hyte.referrals import services
    from wagtail_hyte.referrals.forms import OutcomeForm

    referral = refer()
    expected = _service_errors(
        lambda: services.report_outcome(referral, user=world.staff, **service_kwargs)
    )
    assert _form_errors(OutcomeForm(values)) == expected
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_a_succeeded_outcome_drops_a_stray_reason():
    from wagtail_hyte.referrals.forms import OutcomeForm

    form = OutcomeForm({"outcome": "succeeded", "reason": "not_reached"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reason"] == ""


def test_covers_and_covering_are_the_same_rule(make_partner, make_agreement, make_activity):
    from wagtail_hyte.agreements.models import PartnerAgreement

    partner, other = make_partner(), make_partner()
    chosen, not_chosen = make_activity(organiser=partner), make_activity(organiser=partner)
    foreign = make_activity(organiser=other)
    whole = make_agreement(partner, covers_all_activities=True)
    part = make_agreement(partner, covers_all_activities=False)
    part.activities.set([chosen, foreign])  # a foreign activity never counts
    expected = {
        (whole.pk, chosen.pk): True,
        (whole.pk, not_chosen.pk): True,
        (whole.pk, foreign.pk): False,
        (part.pk, chosen.pk): True,
        (part.pk, not_chosen.pk): False,
        (part.pk, foreign.pk): False,
    }
    for agreement in PartnerAgreement.objects.filter(pk__in=[whole.pk, part.pk]):
        for activity in (chosen, not_chosen, foreign):
            in_sql = PartnerAgreement.objects.covering(activity).filter(pk=agreement.pk).exists()
            key = (agreement.pk, activity.pk)
            assert (agreement.covers(activity), in_sql) == (expected[key], expected[key]), key


@pytest.mark.parametrize("status", ["draft", "active", "suspended", "ended"])
def test_in_force_on_and_in_force_are_the_same_rule(make_agreement, status):
    from wagtail_hyte.agreements.models import PartnerAgreement
    from wagtail_hyte.core.periods import local_date

    today = local_date()
    agreement = make_agreement(status=status, valid_from=today, valid_to=today + timedelta(9))
    for day in (today - timedelta(1), today, today + timedelta(9), today + timedelta(10)):
        in_sql = PartnerAgreement.objects.in_force(day).filter(pk=agreement.pk).exists()
        expected = status == "active" and today <= day <= today + timedelta(9)
        assert (agreement.in_force_on(day), in_sql) == (expected, expected), day


def test_is_overdue_and_the_overdue_queryset_are_the_same_rule(world, refer):
    from wagtail_hyte.core.periods import local_date
    from wagtail_hyte.referrals import services
    from wagtail_hyte.referrals.figures import partner_figures
    from wagtail_hyte.referrals.models import Referral

    late, accepted, fresh = refer(), refer(), refer()
    Referral.objects.filter(pk__in=[late.pk, accepted.pk]).update(
        due_date=local_date() - timedelta(1)
    )
    services.accept(accepted, user=world.staff)
    referrals = Referral.objects.filter(pk__in=[late.pk, accepted.pk, fresh.pk])
    in_sql = set(referrals.overdue().values_list("pk", flat=True))
    in_python = {r.pk for r in referrals if r.overdue}
    assert in_sql == in_python == {late.pk}
    (figures,) = partner_figures(referrals)
    assert (figures.open, figures.overdue) == (3, 1)


def test_the_quota_full_message_is_the_same_in_the_catalogue_and_the_refusal(world, refer):
    from wagtail_hyte.agreements.availability import referral_offer
    from wagtail_hyte.agreements.errors import QuotaExhausted
    from wagtail_hyte.agreements.services import reserve_slot
    from wagtail_hyte.referrals.catalogue import full_badge

    for _ in range(world.agreement.quota):
        refer()
    offer = referral_offer(world.activity)
    assert offer.quota.full
    with pytest.raises(QuotaExhausted) as caught:
        reserve_slot(world.agreement, reference="extra")
    assert caught.value.messages == [full_badge(offer).description]
    reopens = date_format(timezone.localtime(offer.quota.next_period_opens).date())
    assert f" {reopens} " in caught.value.messages[0]
