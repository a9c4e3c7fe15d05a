"""Fixtures for the referral tests: a world of people around an active agreement.

``make_agreement``, ``catalogue`` and ``make_activity`` come from ``tests/conftest.py``
(over ``tests/factories.py``).
"""

import pytest

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
    w.agreement = make_agreement(w.partner, status="active", quota=5)
    w.activity = make_activity("Kävelyryhmä", organiser=w.partner)
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
