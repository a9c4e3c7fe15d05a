from datetime import date, timedelta

import pytest

from wagtail_hyte.agreements import services
from wagtail_hyte.agreements.models import PartnerAgreement
from wagtail_hyte.core.periods import local_date


@pytest.fixture
def make_agreement(db, make_partner):
    counter = iter(range(1, 10_000))

    def make(partner=None, *, status="draft", user=None, **fields):
        n = next(counter)
        today = local_date()
        values = {
            "reference_number": f"T-{n:04d}",
            "title": f"Agreement {n}",
            "valid_from": today - timedelta(days=30),
            "valid_to": today + timedelta(days=365),
            "quota": 5,
            "quota_period": "month",
            "contact_days": 5,
        }
        values.update(fields)
        agreement = PartnerAgreement.objects.create(partner=partner or make_partner(), **values)
        if status in ("active", "suspended", "ended"):
            services.activate(agreement, user=user, reason="test")
        if status == "suspended":
            services.suspend(agreement, user=user, reason="test")
        if status == "ended":
            services.end(agreement, user=user, reason="test")
        if status == "draft-ended":
            services.end(agreement, user=user, reason="test")
        agreement.refresh_from_db()
        return agreement

    return make


@pytest.fixture
def year_start():
    return date(local_date().year, 1, 1)


@pytest.fixture
def catalogue(home_page):
    from wagtail_hyte.activities.models import ActivityIndexPage

    existing = ActivityIndexPage.objects.first()
    if existing:
        return existing
    return home_page.add_child(instance=ActivityIndexPage(title="Tarjotin", slug="tarjotin"))


@pytest.fixture
def make_activity(catalogue, municipalities):
    from wagtail_hyte.activities.models import ActivityPage

    counter = iter(range(1, 10_000))

    def make(partner, **fields):
        n = next(counter)
        page = ActivityPage(
            title=fields.pop("title", f"Toiminta {n}"),
            slug=f"toiminta-{n}",
            organiser=partner,
            summary=fields.pop("summary", "Hyvinvointia yhdessä."),
            **fields,
        )
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make
