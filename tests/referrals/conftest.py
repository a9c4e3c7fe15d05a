"""Fixtures for the referral tests (copied, not imported, from other test packages)."""

import itertools
from datetime import timedelta

import pytest

from wagtail_hyte.agreements import services as agreement_services
from wagtail_hyte.agreements.models import PartnerAgreement
from wagtail_hyte.core.periods import local_date

CLIENT = {
    "name": "Qwibble Zorkington",
    "phone": "040 765 4321",
    "email": "qwibble.zork-9931@example.invalid",
    "contact_method": "phone",
    "contact_time": "aamupaivisin 8-10",
    "language": "fi",
    "note": "Muistiinpano-kanari 5512",
}
CLIENT_NEEDLES = ["qwibble", "zorkington", "7654321", "765 4321", "zork-9931", "kanari 5512"]

_n = itertools.count(1)


@pytest.fixture
def make_agreement(db, make_partner):
    def make(partner=None, *, status="active", **fields):
        n = next(_n)
        today = local_date()
        values = {
            "reference_number": f"R-{n:04d}",
            "title": f"Agreement {n}",
            "valid_from": today - timedelta(days=30),
            "valid_to": today + timedelta(days=365),
            "quota": 5,
            "quota_period": "month",
            "contact_days": 5,
            "notification_emails": "inbox@partner.invalid, staff@partner.invalid",
        }
        values.update(fields)
        agreement = PartnerAgreement.objects.create(partner=partner or make_partner(), **values)
        if status in ("active", "suspended"):
            agreement_services.activate(agreement, reason="test")
        if status == "suspended":
            agreement_services.suspend(agreement, reason="test")
        agreement.refresh_from_db()
        return agreement

    return make


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

    def make(partner, **fields):
        n = next(_n)
        page = ActivityPage(
            title=fields.pop("title", f"Toiminta {n}"),
            slug=f"toiminta-r{n}",
            organiser=partner,
            summary=fields.pop("summary", "Hyvinvointia yhdessä."),
            **fields,
        )
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def notices(db):
    from wagtail_hyte.ledger.models import ConsentNotice

    texts = {
        "fi": ("Suostumus", "Yhteystietosi välitetään toimijalle lähetettä varten."),
        "sv": ("Samtycke", "Dina kontaktuppgifter lämnas till aktören för remissen."),
        "en": ("Consent", "Your contact details are passed to the organisation."),
    }
    return {
        lang: ConsentNotice.objects.get_or_create(
            key="referral", version=1, language=lang, defaults={"title": t, "text": x}
        )[0]
        for lang, (t, x) in texts.items()
    }


class World:
    """A partner with an active agreement and an activity, and the people around it."""


@pytest.fixture
def world(make_partner, make_user, make_agreement, make_activity, notices):
    w = World()
    w.partner = make_partner(name="Lähetekumppani ry")
    w.other_partner = make_partner(name="Toinen ry")
    w.agreement = make_agreement(w.partner, quota=5)
    w.activity = make_activity(w.partner, title="Kävelyryhmä")
    w.professional = make_user("professional")
    w.professional2 = make_user("professional")
    w.staff = make_user("partner_staff", partner=w.partner)
    w.other_staff = make_user("partner_staff", partner=w.other_partner)
    w.coordinator = make_user("coordinator")
    w.auditor = make_user("auditor")
    w.editor = make_user("editor")
    w.notices = notices
    return w


@pytest.fixture
def refer(world):
    from wagtail_hyte.referrals import services

    def make(details=None, *, activity=None, professional=None, **kwargs):
        values = dict(CLIENT)
        values.update(details or {})
        kwargs.setdefault("collection_method", "verbal")
        kwargs.setdefault("notice", world.notices["fi"])
        return services.create_referral(
            activity=activity or world.activity,
            professional=professional or world.professional,
            details=values,
            **kwargs,
        )

    return make
