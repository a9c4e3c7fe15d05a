"""'Referral possible' in the catalogue: badge, filter, and capacity for professionals."""

import pytest
from django.db import transaction

from wagtail_hyte.agreements import availability, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_partner, make_agreement, make_activity):
    open_partner, full_partner, none_partner = (
        make_partner(name="Avoin ry"),
        make_partner(name="Täysi ry"),
        make_partner(name="Ei sopimusta ry"),
    )
    open_agreement = make_agreement(partner=open_partner, status="active", quota=3)
    full_agreement = make_agreement(
        partner=full_partner, status="active", quota=1, quota_period="month"
    )
    with transaction.atomic():
        services.reserve_slot(full_agreement, reference="full-1")
    return {
        "open": make_activity("Avoin ryhmä", organiser=open_partner),
        "full": make_activity("Täysi ryhmä", organiser=full_partner),
        "none": make_activity("Sopimukseton ryhmä", organiser=none_partner),
        "open_agreement": open_agreement,
    }


def test_offers_for_a_listing(world, django_assert_max_num_queries):
    pages = [world["open"], world["full"], world["none"]]
    # agreements in force, their chosen activities, quota use, intake pauses
    with django_assert_max_num_queries(4):
        offers = availability.referral_offers(pages)
    assert offers[world["open"].pk].available
    assert not offers[world["full"].pk].available
    assert world["none"].pk not in offers


def test_chosen_activities_only(make_partner, make_agreement, make_activity):
    partner = make_partner()
    covered, other = make_activity(organiser=partner), make_activity(organiser=partner)
    agreement = make_agreement(partner=partner, covers_all_activities=False)
    agreement.activities.set([covered])
    services.activate(agreement)
    offers = availability.referral_offers([covered, other])
    assert covered.pk in offers and other.pk not in offers
    from wagtail_hyte.activities.models import ActivityPage

    matching = ActivityPage.objects.filter(availability.referral_available_condition())
    assert list(matching) == [covered]


def test_suspended_or_ended_agreement_offers_nothing(world):
    services.suspend(world["open_agreement"], reason="pause")
    assert availability.referral_offer(world["open"]) is None


def test_public_listing_shows_badge_only_where_possible(client, world, catalogue):
    page = client.get(catalogue.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("Lähete mahdollinen") >= 1
    assert "Lähetteet täynnä" not in text


def test_referral_filter(client, world, catalogue):
    text = client.get(catalogue.url, {"referral": "1"}).content.decode()
    assert "Avoin ryhmä" in text
    assert "Täysi ryhmä" not in text
    assert "Sopimukseton ryhmä" not in text


def test_professional_sees_when_quota_is_full_and_next_period(client, world, make_user):
    client.force_login(make_user("professional"))
    text = client.get(world["full"].url).content.decode()
    assert "Lähetteet täynnä" in text
    period = services.quota_status(world["open_agreement"]).period
    assert period.end is not None


def test_public_does_not_see_full_quota(client, world):
    text = client.get(world["full"].url).content.decode()
    assert "Lähetteet täynnä" not in text
    text = client.get(world["open"].url).content.decode()
    assert "Lähete mahdollinen" in text


def test_referral_filter_is_never_served_from_the_cache(client, world, catalogue):
    """Taking the last quota slot changes no page: the filter is not cacheable."""
    assert "Avoin ryhmä" in client.get(catalogue.url, {"referral": "1"}).content.decode()
    for n in range(3):
        with transaction.atomic():
            services.reserve_slot(world["open_agreement"], reference=f"open-{n}")
    text = client.get(catalogue.url, {"referral": "1"}).content.decode()
    assert "Avoin ryhmä" not in text
