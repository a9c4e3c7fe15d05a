"""A partner marks a group full or pauses referrals: the catalogue and the
referral form say why and when they reopen, the service refuses under the
agreement's lock, and only the partner's staff and coordinators may do it."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import translation

from wagtail_hyte.activities.models import ActivityPage
from wagtail_hyte.agreements import intake
from wagtail_hyte.agreements.availability import referral_available_condition, referral_offer
from wagtail_hyte.agreements.models import IntakePause
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.referrals.models import Referral

from .conftest import CLIENT

pytestmark = pytest.mark.django_db

INTAKE = reverse("hyte_agreements:intake")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def available_ids():
    return set(
        ActivityPage.objects.filter(referral_available_condition()).values_list("pk", flat=True)
    )


def test_a_full_group_stops_referrals_to_that_activity_only(world, refer, make_activity):
    other = make_activity("Toinen ryhmä", organiser=world.partner)
    reopens = local_date() + timedelta(days=14)
    intake.pause_intake(
        world.partner,
        user=world.staff,
        reason="group_full",
        activity=world.activity,
        reopens_on=reopens,
    )
    offer = referral_offer(world.activity)
    assert not offer.available
    assert "The group is full" in offer.unavailable_message()
    assert reopens.strftime("%m/%d/%Y") in offer.unavailable_message()
    assert referral_offer(other).available
    assert world.activity.pk not in available_ids() and other.pk in available_ids()
    with pytest.raises(intake.IntakePaused):
        refer()
    assert not Referral.objects.exists()
    refer(activity=other)


def test_a_partner_wide_pause_and_taking_referrals_again(world, refer):
    pause = intake.pause_intake(world.partner, user=world.staff, reason="paused")
    assert "paused referrals" in referral_offer(world.activity).unavailable_message()
    with pytest.raises(intake.IntakePaused):
        refer()
    intake.end_pause(pause, user=world.staff)
    assert referral_offer(world.activity).available
    refer()
    with pytest.raises(ValidationError, match="already ended"):
        intake.end_pause(pause, user=world.staff)


def test_a_pause_ends_on_its_reopening_date(world):
    reopens = local_date() + timedelta(days=3)
    intake.pause_intake(world.partner, user=world.staff, reason="paused", reopens_on=reopens)
    assert IntakePause.objects.in_effect(reopens - timedelta(days=1)).exists()
    assert not IntakePause.objects.in_effect(reopens).exists()


def test_who_may_pause(world, make_user):
    for user in (world.other_staff, world.professional, world.editor, world.auditor):
        with pytest.raises(PermissionDenied):
            intake.pause_intake(world.partner, user=user, reason="paused")
    intake.pause_intake(world.partner, user=world.coordinator, reason="paused")
    assert IntakePause.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reason": "nope"}, "reason"),
        ({"reason": "paused", "starts_on": local_date() - timedelta(days=1)}, "starts_on"),
        ({"reason": "paused", "reopens_on": local_date()}, "reopens_on"),
    ],
)
def test_bad_input_is_refused(world, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        intake.pause_intake(world.partner, user=world.staff, **kwargs)
    assert field in caught.value.error_dict
    assert not IntakePause.objects.exists()


def test_another_partners_activity_is_refused(world, make_activity):
    theirs = make_activity("Muiden ryhmä", organiser=world.other_partner)
    with pytest.raises(ValidationError) as caught:
        intake.pause_intake(world.partner, user=world.staff, reason="group_full", activity=theirs)
    assert "activity" in caught.value.error_dict


def test_the_referral_form_does_not_open_and_says_why(client, world):
    intake.pause_intake(
        world.partner, user=world.staff, reason="group_full", activity=world.activity
    )
    client.force_login(world.professional)
    response = client.get(reverse("hyte_referrals:new", args=[world.activity.pk]))
    html = response.content.decode()
    assert "The group is full" in html
    assert 'name="step"' not in html  # no form to type the client's details into


def test_the_intake_screen(client, world):
    client.force_login(world.staff)
    page = client.get(INTAKE).content.decode()
    assert world.activity.title in page and "Taking referrals" in page
    response = client.post(
        INTAKE,
        {"partner": world.partner.pk, "activity": str(world.activity.pk), "reason": "group_full"},
    )
    assert response.status_code == 302
    pause = IntakePause.objects.get()
    assert (pause.activity_id, pause.created_by) == (world.activity.pk, world.staff)
    page = client.get(INTAKE).content.decode()
    assert "The group is full" in page
    # a typed-in other partner is not found; their pauses cannot be ended
    assert client.get(INTAKE, {"partner": world.other_partner.pk}).status_code == 404
    theirs = intake.pause_intake(world.other_partner, user=world.coordinator, reason="paused")
    end = reverse("hyte_agreements:intake_end", args=[theirs.pk])
    assert client.post(end).status_code == 404
    assert client.post(reverse("hyte_agreements:intake_end", args=[pause.pk])).status_code == 302
    pause.refresh_from_db()
    assert pause.ended_by == world.staff


def test_the_screen_shows_errors_and_refuses_other_roles(client, world):
    client.force_login(world.staff)
    response = client.post(INTAKE, {"partner": world.partner.pk, "activity": ""})
    assert response.status_code == 200 and "hyte-error-summary" in response.content.decode()
    assert not IntakePause.objects.exists()
    for user in (world.professional, world.editor, world.auditor):
        client.force_login(user)
        assert client.get(INTAKE).status_code in (302, 403)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_referral_racing_a_pause_waits_for_it_and_is_refused(world):
    from wagtail_hyte.referrals import services

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    paused, release, outcome = threading.Event(), threading.Event(), []

    def pause_and_hold():
        try:
            with transaction.atomic():
                intake.pause_intake(world.partner, user=world.staff, reason="paused")
                paused.set()
                release.wait(timeout=30)
        finally:
            close_old_connections()
            connection.close()

    def refer():
        try:
            services.create_referral(
                activity=world.activity,
                professional=world.professional,
                details=dict(CLIENT),
                notice=world.notices["fi"],
                collection_method="verbal",
            )
            outcome.append("created")
        except intake.IntakePaused:
            outcome.append("paused")
        finally:
            close_old_connections()
            connection.close()

    holder = threading.Thread(target=pause_and_hold)
    holder.start()
    assert paused.wait(timeout=30)
    referrer = threading.Thread(target=refer)
    referrer.start()
    referrer.join(timeout=1)  # blocked on the agreement's lock while the pause is open
    release.set()
    holder.join()
    referrer.join()
    assert outcome == ["paused"]
    assert not Referral.objects.exists()
