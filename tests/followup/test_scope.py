"""The launch date, the default scope, and the catalogue's referral filter counted."""

from datetime import date

import pytest

from tests.followup import data
from wagtail_hyte.followup.scope import Scope, default_scope, launch_date

pytestmark = pytest.mark.django_db

# The data set's fixtures and helpers (tests/followup/data.py).
notices, world = data.notices, data.world
utc = data.utc


def test_the_launch_date_setting_is_the_first_month(settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "FOLLOW_UP_LAUNCH_DATE": "2025-01-20"}
    assert launch_date() == date(2025, 1, 20)
    assert default_scope(today=date(2025, 6, 15)) == Scope(date(2025, 1, 1), date(2025, 6, 1))
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "FOLLOW_UP_LAUNCH_DATE": date(2025, 3, 3)}
    assert default_scope(today=date(2025, 6, 15)).months()[0] == date(2025, 3, 1)


def test_without_a_launch_date_the_first_data_month_is_used(settings, make_activity):
    from wagtail_hyte.metrics.models import ActivityViewDay
    from wagtail_hyte.recommendations.models import RecommendationCount

    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "FOLLOW_UP_LAUNCH_DATE": None}
    assert launch_date() is None
    assert default_scope(today=date(2025, 6, 15)) == Scope(date(2025, 6, 1), date(2025, 6, 1))
    page = make_activity()
    ActivityViewDay.objects.create(date=date(2025, 3, 9), page=page, views=1)
    assert launch_date() == date(2025, 3, 1)
    RecommendationCount.objects.create(
        date=date(2025, 2, 27), activity=page, channel="sms", referral_offered=False, count=1
    )
    assert launch_date() == date(2025, 2, 1)
    assert default_scope(today=date(2025, 6, 15)) == Scope(date(2025, 2, 1), date(2025, 6, 1))


def test_the_first_referral_counts_by_its_local_month(settings, world):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "FOLLOW_UP_LAUNCH_DATE": None}
    from wagtail_hyte.referrals.models import Referral

    Referral.objects.filter(pk=world.referrals["a1"].pk).update(sent_at=utc(2024, 11, 30, 22, 30))
    assert launch_date() == date(2024, 12, 1)  # 00:30 on 1 December in Helsinki


def test_a_scope_ends_after_it_starts():
    with pytest.raises(ValueError):
        Scope(date(2025, 3, 1), date(2025, 2, 1))


def test_catalogue_searches_report_the_referral_filter(client, world, make_user):
    """The catalogue sends the filters in use; metrics counts ``referral`` ones."""
    from django.utils import timezone

    from wagtail_hyte.activities.models import ActivityIndexPage
    from wagtail_hyte.metrics.models import SearchDay

    catalogue = ActivityIndexPage.objects.get()
    client.force_login(world.professional)
    assert client.get(catalogue.url, {"referral": "1"}).status_code == 200
    assert client.get(catalogue.url, {"q": "kävely", "referral": "1"}).status_code == 200
    assert client.get(catalogue.url, {"q": "kävely"}).status_code == 200
    client.logout()
    client.get(catalogue.url, {"referral": "1"})
    rows = {
        row.audience: (row.searches, row.referral_filter)
        for row in SearchDay.objects.filter(date=timezone.localdate())
    }
    assert rows == {"professional": (3, 2), "other": (1, 1)}


def test_the_signal_carries_the_filters(rf):
    from django.contrib.auth.models import AnonymousUser

    from wagtail_hyte.activities.counters import record_search
    from wagtail_hyte.activities.signals import catalogue_searched

    seen = []

    def listener(sender, **kwargs):
        seen.append(kwargs["filters"])

    catalogue_searched.connect(listener)
    try:
        request = rf.get("/")
        request.user = AnonymousUser()
        record_search(request, "kävely", 2, filters={"referral": "1", "theme": "nature"})
        record_search(request, "kävely", 2)
    finally:
        catalogue_searched.disconnect(listener)
    assert seen == [{"referral": "1", "theme": "nature"}, {}]
