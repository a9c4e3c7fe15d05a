"""The client's receipt: who referred and how to reach them, the activity's time and
place, the chosen contact method, consent wording by how consent was given, and
the controller, retention and privacy notice."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from wagtail_hyte.activities.models import ActivityLocation, ActivityMeeting, WeeklyTime
from wagtail_hyte.core.models import StaffProfile
from wagtail_hyte.core.staff import work_contact
from wagtail_hyte.referrals.receipt import consent_wording, when_lines, where_lines

from ..helpers import submitted_fields
from .conftest import CLIENT

CONTROLLER = {
    "name": "Keski-Suomen hyvinvointialue",
    "business_id": "3221308-6",
    "email": "tietosuoja@example.invalid",
    "privacy_notice_url": "https://example.invalid/tietosuoja",
}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def receipt(client, world, referral):
    client.force_login(world.professional)
    response = client.get(reverse("hyte_referrals:receipt", args=[referral.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_receipt_names_the_referrer_unit_and_work_contact(client, world, refer):
    world.professional.first_name, world.professional.last_name = "Sanna", "Sosionomi"
    world.professional.save()
    StaffProfile.objects.create(
        user=world.professional,
        unit="Jyväskylän terveysasema, sosiaalityö",
        work_phone="+358142660000",
        work_email="sanna.sosionomi@example.invalid",
    )
    html = receipt(client, world, refer())
    assert "Sanna Sosionomi" in html
    assert "Jyväskylän terveysasema, sosiaalityö" in html
    assert 'href="tel:+358142660000"' in html
    assert "014 2660000" in html or "014 266 0000" in html  # national form
    assert "mailto:sanna.sosionomi@example.invalid" in html
    assert "Your unit or work phone is missing" not in html


def test_receipt_asks_the_professional_to_complete_a_missing_profile(client, world, refer):
    html = receipt(client, world, refer())
    assert "Your unit or work phone is missing" in html
    assert reverse("wagtailadmin_account") in html


def test_receipt_shows_contact_method_time_and_place(client, world, refer):
    activity = world.activity
    activity.schedule_type = "series"
    activity.save()
    today = date.today()
    ActivityMeeting.objects.create(
        page=activity, date=today - timedelta(days=7), start_time=time(10)
    )
    ActivityMeeting.objects.create(
        page=activity, date=today + timedelta(days=7), start_time=time(17, 30)
    )
    html = receipt(client, world, refer())
    assert "Contact method" in html and "Phone call" in html
    next_day = date_format(today + timedelta(days=7), "SHORT_DATE_FORMAT")
    assert f"Next time: {next_day} 17.30" in html
    past = date_format(today - timedelta(days=7), "SHORT_DATE_FORMAT")
    assert past not in html  # a meeting already held is not offered


@pytest.mark.parametrize(
    ("method", "words"),
    [
        ("verbal", "read aloud to you"),
        ("written", "in writing"),
        ("electronic", "shown to you on screen"),
    ],
)
def test_consent_wording_matches_the_collection_method(client, world, refer, method, words):
    referral = refer(collection_method=method)
    assert words in consent_wording(referral.consent)
    assert words in receipt(client, world, referral)


def test_receipt_names_controller_retention_and_privacy_notice(client, world, refer, settings):
    settings.WAGTAIL_HYTE = {
        **settings.WAGTAIL_HYTE,
        "CONTROLLER": CONTROLLER,
        "RETENTION_DAYS": 180,
    }
    html = receipt(client, world, refer())
    assert "The controller of your personal data is Keski-Suomen hyvinvointialue." in html
    assert "erased 180 days after the referral has ended" in html
    assert 'href="https://example.invalid/tietosuoja"' in html
    assert "tietosuoja@example.invalid" in html


def test_where_lines_join_the_address_parts(world, municipalities):
    activity = world.activity
    ActivityLocation.objects.filter(page=activity).delete()
    ActivityLocation.objects.create(
        page=activity,
        name="Monitoimitalo",
        street_address="Kauppakatu 1",
        postal_code="40100",
        municipality=municipalities[0],
    )
    lines = where_lines(activity)
    assert lines == [f"Monitoimitalo, Kauppakatu 1, 40100 {municipalities[0].name}"]


def test_when_lines_list_weekly_times(world):
    activity = world.activity
    activity.schedule_type = "weekly"
    activity.save()
    WeeklyTime.objects.filter(page=activity).delete()
    WeeklyTime.objects.create(page=activity, weekday=1, start_time=time(18), end_time=time(19, 30))
    lines = when_lines(activity)
    assert any("18.00–19.30" in line for line in lines)
    assert lines[0].startswith("Next time:")


def test_work_contact_falls_back_to_the_account_email(world):
    world.professional.email = "account@example.invalid"
    world.professional.save()
    contact = work_contact(world.professional)
    assert contact.email == "account@example.invalid"
    assert contact.unit == "" and not contact.complete


def test_account_settings_save_the_work_contact(client, world):
    world.professional.first_name, world.professional.last_name = "Sanna", "Sosionomi"
    world.professional.save()
    client.force_login(world.professional)
    page = client.get(reverse("wagtailadmin_account"))
    assert "Work contact details" in page.content.decode()
    # everything else on the account page is submitted as it was rendered
    data = submitted_fields(page.content.decode())
    data.update(
        {
            "hyte_work_contact-unit": ["Perhekeskus"],
            "hyte_work_contact-work_phone": ["040 123 4567"],
            "hyte_work_contact-work_email": [""],
        }
    )
    response = client.post(reverse("wagtailadmin_account"), data)
    assert response.status_code == 302, [
        (panel.name, panel.get_form().errors)
        for panels in response.context["panels_by_tab"].values()
        for panel in panels
    ]
    profile = StaffProfile.objects.get(user=world.professional)
    assert profile.unit == "Perhekeskus"
    assert profile.work_phone == "+358401234567"


def test_account_settings_refuse_an_invalid_work_phone(client, world):
    client.force_login(world.professional)
    response = client.post(
        reverse("wagtailadmin_account"),
        {"hyte_work_contact-unit": "Perhekeskus", "hyte_work_contact-work_phone": "12"},
    )
    assert response.status_code == 200
    assert not StaffProfile.objects.filter(user=world.professional).exists()


def test_the_consent_step_links_the_privacy_notice(client, world, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "CONTROLLER": CONTROLLER}
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    page = client.post(url, {**CLIENT, "step": "details"}).content.decode()
    assert 'name="step" value="consent"' in page
    assert 'href="https://example.invalid/tietosuoja"' in page
    # the confirmation fits every way of giving consent, reading aloud included
    assert "read the consent text aloud to the client or shown it to them" in page
