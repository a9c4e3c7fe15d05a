"""The professional's start: the admin home finds activities, and the referral
form says before any detail is typed whether a referral can be made."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from wagtail_hyte.core.periods import local_date
from wagtail_hyte.referrals.models import Referral

from .conftest import CLIENT

pytestmark = pytest.mark.django_db


def new_url(activity):
    return reverse("hyte_referrals:new", args=[activity.pk])


def test_the_professional_home_searches_the_catalogue_for_referrable_activities(
    client, world, refer
):
    late = refer()
    refer()
    Referral.objects.filter(pk=late.pk).update(due_date=local_date() - timedelta(1))
    client.force_login(world.professional)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    catalogue = world.activity.get_parent().specific
    assert f'action="{catalogue.url}"' in html
    assert 'name="q"' in html
    assert 'name="referral" value="1" checked' in html
    assert "2 avointa lähetettä" in html
    assert "1 ohittanut yhteydenottopäivän" in html
    assert reverse("hyte_referrals:receipt", args=[late.pk]) in html


@pytest.mark.parametrize("role", ["partner_staff", "coordinator", "editor"])
def test_others_do_not_get_the_professional_home(client, world, role):
    user = {"partner_staff": world.staff, "coordinator": world.coordinator, "editor": world.editor}
    client.force_login(user[role])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "hyte_professional_home" not in html


def test_the_form_shows_the_quota_and_the_promise_before_any_detail(client, world, refer):
    refer()
    client.force_login(world.professional)
    html = client.get(new_url(world.activity)).content.decode()
    assert "4 / 5" in html
    assert 'name="name"' in html
    assert "5 arkipäivän kuluessa" in html


def test_a_full_activity_does_not_open_the_form(client, world, refer):
    for _ in range(world.agreement.quota):
        refer()
    client.force_login(world.professional)
    response = client.get(new_url(world.activity))
    html = response.content.decode()
    assert 'name="name"' not in html
    assert "lähetekiintiö on tältä jaksolta täynnä" in html
    reopens = Referral.objects.first().agreement
    from wagtail_hyte.agreements.services import quota_status

    opens = quota_status(reopens).next_period_opens
    assert date_format(timezone.localtime(opens).date()) in html
    # Posting the details anyway makes nothing and says the same.
    before = Referral.objects.count()
    posted = client.post(new_url(world.activity), {**CLIENT, "step": "details"})
    assert 'name="name"' not in posted.content.decode()
    assert "lähetekiintiö on tältä jaksolta täynnä" in posted.content.decode()
    assert Referral.objects.count() == before


def test_an_activity_without_an_agreement_does_not_open_the_form(client, world, make_activity):
    lone = make_activity("Ilman sopimusta", organiser=world.other_partner)
    client.force_login(world.professional)
    html = client.get(new_url(lone)).content.decode()
    assert 'name="name"' not in html
    assert "Tähän toimintaan ei voi tehdä lähetettä: mikään voimassa oleva" in html


def test_the_consent_step_reads_the_details_back(client, world):
    client.force_login(world.professional)
    html = client.post(
        new_url(world.activity), {**CLIENT, "phone": "040-765 4321", "step": "details"}
    ).content.decode()
    assert 'value="consent"' in html
    review = html.split('class="hyte-review"', 1)[1].split("</dl>", 1)[0]
    assert "+358407654321" in review
    assert "Qwibble Zorkington" in review
    assert "Puhelin" in review  # the contact method as a word, not "phone"
    assert ">phone<" not in review and ">fi<" not in review


def test_a_failed_submit_puts_an_error_summary_first(client, world):
    client.force_login(world.professional)
    html = client.post(
        new_url(world.activity), {**CLIENT, "phone": "12", "step": "details"}
    ).content.decode()
    summary = html.split('class="help-block help-critical hyte-error-summary"', 1)[1]
    assert summary.split(">", 1)[0].count("autofocus") == 1
    assert 'href="#id_phone"' in summary.split("</div>", 1)[0]
