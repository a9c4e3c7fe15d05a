"""Partner response figures: outcomes, median and 90th percentile, the contact
promise, small cells, and the public "usually contacts within N days"."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import clone_referrals
from tests.helpers import body
from wagtail_hyte.referrals.columns import ShownFigures
from wagtail_hyte.referrals.figures import partner_figures, percentile, usual_contact_days
from wagtail_hyte.referrals.models import Referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _hyte(**values):
    from django.conf import settings

    return override_settings(WAGTAIL_HYTE={**getattr(settings, "WAGTAIL_HYTE", {}), **values})


def test_percentile_is_nearest_rank():
    assert percentile([], 90) is None
    assert percentile([3.0], 90) == 3.0
    assert percentile([float(n) for n in range(1, 11)], 90) == 9.0
    assert percentile([float(n) for n in range(1, 11)], 50) == 5.0


def _acted(template, days: list[float], **fields):
    """One acted-on referral per entry of ``days`` (days from sending to first action)."""
    rows = clone_referrals(template, len(days), **fields)
    for row, d in zip(rows, days, strict=True):
        Referral.objects.filter(pk=row.pk).update(
            first_action_at=row.sent_at + timedelta(days=d),
            due_date=(row.sent_at + timedelta(days=3)).date(),
            status="succeeded",
        )
    return rows


def test_outcomes_medians_and_the_promise(world, refer):
    template = refer()
    _acted(template, [0.5, 1, 1, 2, 2, 2, 4, 6, 8, 10])  # 4 acted after the 3-day due date
    (figures,) = partner_figures(Referral.objects.exclude(pk=template.pk))
    assert figures.referrals == 10
    assert figures.succeeded == 10
    assert figures.acted == 10
    assert figures.median_days == 2.0
    assert figures.p90_days == 8.0
    assert figures.in_time + figures.late == 10
    assert figures.promise_rate == round(100 * figures.in_time / 10)


def test_too_few_referrals_show_no_derived_figures(world, refer):
    template = refer()
    _acted(template, [1, 2, 3])
    (figures,) = partner_figures(Referral.objects.exclude(pk=template.pk))
    assert figures.acted == 3
    assert figures.median_days is None
    assert figures.p90_days is None
    assert figures.average_days is None
    assert figures.acceptance_rate is None
    shown = ShownFigures(figures)
    assert shown.referrals == "< 5"
    assert shown.succeeded == "< 5"
    assert shown.open == "0"  # zeros reveal nobody


def test_the_threshold_is_a_setting(world, refer):
    template = refer()
    _acted(template, [1, 2, 3])
    with _hyte(FOLLOW_UP_SMALL_CELL=3):
        (figures,) = partner_figures(Referral.objects.exclude(pk=template.pk))
        assert ShownFigures(figures).referrals == "3"
        assert figures.median_days == 2.0


def test_the_inbox_shows_the_partners_own_figures_with_small_cells_hidden(client, world, refer):
    refer()
    client.force_login(world.staff)
    page = body(client.get(reverse("hyte_referrals:inbox"))).decode()
    assert "Median days to first action" in page
    assert "&lt; 5" in page


def test_usual_contact_days_needs_enough_referrals_and_is_cached(
    world, refer, django_assert_max_num_queries
):
    cache.clear()
    template = refer()
    partner = world.partner.pk
    with _hyte(RESPONSE_TIME_MIN_REFERRALS=5):
        _acted(template, [0.5, 1, 1.5, 2.5, 9])
        assert usual_contact_days([partner]) == {partner: 2}  # median 1.5 rounded up
        with django_assert_max_num_queries(0):
            assert usual_contact_days([partner]) == {partner: 2}
    cache.clear()
    with _hyte(RESPONSE_TIME_MIN_REFERRALS=6):
        assert usual_contact_days([partner]) == {}
    cache.clear()
    with _hyte(RESPONSE_TIME_MIN_REFERRALS=0):
        assert usual_contact_days([partner]) == {}


def test_usual_contact_days_counts_only_the_last_year(world, refer):
    cache.clear()
    template = refer()
    old = timezone.now() - timedelta(days=400)
    rows = clone_referrals(template, 5, sent_at=old)
    Referral.objects.filter(pk__in=[r.pk for r in rows]).update(
        first_action_at=old + timedelta(days=1)
    )
    with _hyte(RESPONSE_TIME_MIN_REFERRALS=5):
        assert usual_contact_days([world.partner.pk]) == {}


def test_the_public_page_says_how_soon_the_partner_usually_contacts(client, world, refer):
    cache.clear()
    template = refer()
    with _hyte(RESPONSE_TIME_MIN_REFERRALS=5):
        page = client.get(world.activity.url).content.decode()
        assert "usually contacts within" not in page  # one referral: not enough
        cache.clear()
        _acted(template, [1, 2, 2.5, 3, 4])
        page = client.get(world.activity.url).content.decode()
        assert "The organiser usually contacts within 3 days." in page


def test_the_inbox_shows_this_periods_quota_use_of_own_agreements_only(client, world, refer):
    refer()
    client.force_login(world.staff)
    page = body(client.get(reverse("hyte_referrals:inbox"))).decode()
    assert "Referrals this period" in page
    assert f"1 of {world.agreement.quota}" in page
    client.force_login(world.other_staff)
    page = body(client.get(reverse("hyte_referrals:inbox"))).decode()
    assert world.agreement.title not in page
