"""Fixtures for the activity catalogue: a catalogue page and an activity factory."""

import itertools
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

_n = itertools.count(1)


@pytest.fixture
def taxonomies(db):
    """The seeded themes, target groups and accessibility features (re-seeded after a flush)."""
    from wagtail_hyte.activities.models import AccessibilityFeature, TargetGroup, Theme
    from wagtail_hyte.activities.taxonomy_seed import seed_taxonomies

    seed_taxonomies(Theme, TargetGroup, AccessibilityFeature)


@pytest.fixture
def catalogue(home_page, taxonomies, municipalities):
    from wagtail_hyte.activities.models import ActivityIndexPage

    return home_page.add_child(
        instance=ActivityIndexPage(title="Hyvinvointitarjotin", slug=f"tarjotin-{next(_n)}")
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_activity(catalogue, make_partner, today):
    """Create a live activity under ``catalogue``; keyword arguments set fields.

    ``themes``, ``target_groups``, ``accessibility`` are slugs; ``municipalities``
    codes; ``weekly`` a list of (weekday, start time); ``meetings`` a list of
    dates (switches to a series, or one-off with a single date).
    """
    from wagtail_hyte.activities.models import (
        AccessibilityFeature,
        ActivityMeeting,
        ActivityPage,
        TargetGroup,
        Theme,
        WeeklyTime,
    )
    from wagtail_hyte.core.models import Municipality

    default_partner = make_partner("Keski-Suomen Latu ry", slug=f"latu-{next(_n)}")

    def make(
        title=None,
        *,
        themes=("nature",),
        target_groups=(),
        accessibility=(),
        municipalities=("179",),
        weekly=((0, time(10)),),
        meetings=None,
        parent=None,
        organiser=None,
        **fields,
    ):
        n = next(_n)
        page = ActivityPage(
            title=title or f"Toiminta {n}",
            slug=f"toiminta-{n}",
            organiser=organiser or default_partner,
            summary=fields.pop("summary", "Yhteistä tekemistä ja hyvää mieltä."),
            **fields,
        )
        if meetings is not None:
            page.schedule_type = "one_off" if len(meetings) == 1 else "series"
            page.meetings = [
                ActivityMeeting(date=d, start_time=time(18)) if isinstance(d, date) else d
                for d in meetings
            ]
        else:
            page.schedule_type = "weekly"
            page.weekly_times = [WeeklyTime(weekday=d, start_time=t) for d, t in weekly]
        page.themes = list(Theme.objects.filter(slug__in=themes))
        page.target_groups = list(TargetGroup.objects.filter(slug__in=target_groups))
        page.accessibility_features = list(
            AccessibilityFeature.objects.filter(slug__in=accessibility)
        )
        page.municipalities = list(Municipality.objects.filter(code__in=municipalities))
        (parent or catalogue).add_child(instance=page)
        return ActivityPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def future(today):
    return lambda days: today + timedelta(days=days)
