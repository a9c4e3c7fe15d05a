"""The follow-up measures' test data: a small world with known answers.

The test modules that use it take its fixtures by name
(``notices, world = data.notices, data.world``) rather than from a conftest, so
the other follow-up tests stay apart.

Dates are chosen in 2025 and the measures are asked with ``today=TODAY`` so
nothing depends on the day the tests run. Agreement versions are made through
the services and then dated (``dated``): simple-history stamps them "now".
"""

from datetime import UTC, date, datetime

import pytest

# The consent notices are the referral tests' fixture.
from tests.referrals.conftest import notices  # noqa: F401

TODAY = date(2025, 6, 15)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def dated(agreement, *moments):
    """Give the agreement's history records, oldest first, the ``moments``."""
    records = list(agreement.history.order_by("history_date", "history_id"))
    assert len(records) == len(moments), [r.history_type for r in records]
    for record, moment in zip(records, moments, strict=True):
        type(record).objects.filter(history_id=record.history_id).update(history_date=moment)


def until_20_march(agreement):
    """Every version of ``agreement`` valid to 20 March 2025."""
    type(agreement).objects.filter(pk=agreement.pk).update(valid_to=date(2025, 3, 20))
    agreement.history.update(valid_to=date(2025, 3, 20))
    agreement.refresh_from_db()


def published(page, day: date):
    from wagtail_hyte.activities.models import ActivityPage

    ActivityPage.objects.filter(pk=page.pk).update(
        first_published_at=utc(day.year, day.month, day.day)
    )


CLIENT = {
    "name": "Testi Asiakas",
    "phone": "040 111 2233",
    "email": "asiakas@example.invalid",
    "contact_method": "phone",
    "contact_time": "",
    "language": "fi",
    "note": "",
}


class World:
    """Partners, agreements with dated versions, activities, and referrals."""


def _referral_template(world):
    from wagtail_hyte.referrals import services

    return services.create_referral(
        activity=world.r1,
        professional=world.professional,
        details=dict(CLIENT),
        notice=world.notices["fi"],
        collection_method="verbal",
    )


def _clone(template, sent, *, activity=None, partner=None, agreement=None, **fields):
    from tests.factories import clone_referrals
    from wagtail_hyte.core.periods import local_date
    from wagtail_hyte.core.workdays import add_working_days

    values = {
        "sent_at": sent,
        "due_date": add_working_days(local_date(sent), 5),
        "status": "sent",
        "first_action_at": None,
        "accepted_at": None,
        **fields,
    }
    if activity is not None:
        values.update(activity_id=activity.pk, partner_id=partner.pk, agreement_id=agreement.pk)
    return clone_referrals(template, 1, **values)[0]


@pytest.fixture
def world(make_partner, make_user, make_agreement, make_activity, notices, municipalities):  # noqa: F811
    from wagtail_hyte.agreements import services
    from wagtail_hyte.core.models import Municipality

    w = World()
    w.notices = notices
    w.professional = make_user("professional")
    jkl, muurame, keuruu = (Municipality.objects.get(code=c) for c in ("179", "500", "249"))
    w.jkl, w.muurame, w.keuruu = jkl, muurame, keuruu

    # --- views (measure 5): partner P's agreement X covers A, later A and D ----
    w.p = make_partner("Polku ry")
    w.q = make_partner("Queue ry")
    w.a = make_activity("A", organiser=w.p, themes=("nature",), municipalities=("179",))
    w.d = make_activity("D", organiser=w.p, themes=("nature",), municipalities=("179",))
    w.b = make_activity("B", organiser=w.q, themes=("nature",), municipalities=("179",))
    w.c = make_activity("C", organiser=w.q, themes=("culture",), municipalities=("179",))
    for page in (w.a, w.d, w.b, w.c):
        published(page, date(2025, 1, 1))
    w.x = make_agreement(
        w.p,
        covers_all_activities=False,
        valid_from=date(2025, 2, 10),
        valid_to=None,  # activation refuses an expired agreement: set below
    )
    w.x.activities.set([w.a])
    services.activate(w.x)
    w.x.refresh_from_db()
    w.x.activities.add(w.d)
    services.suspend(w.x)
    services.resume(w.x)
    dated(
        w.x,
        utc(2025, 2, 1, 8),
        utc(2025, 2, 1, 8, 5),
        utc(2025, 2, 5, 7),
        utc(2025, 3, 1, 10),  # 12:00 in Helsinki: D covered from 1 March
        utc(2025, 3, 12, 7),  # suspended 09:00 on 12 March ...
        utc(2025, 3, 14, 7),  # ... resumed 09:00 on 14 March: 13 March not offered
    )
    until_20_march(w.x)

    # --- referrals: partner R (agreement Y) and partner S (agreement V) -------
    w.r = make_partner("Reitti ry")
    w.s = make_partner("Silta ry")
    w.r1 = make_activity(
        "R1",
        organiser=w.r,
        themes=("physical-activity",),
        municipalities=("179", "500"),
        target_groups=("older-people",),
    )
    w.s1 = make_activity("S1", organiser=w.s, themes=("mental-wellbeing",), municipalities=("249",))
    w.y = make_agreement(w.r, status="active", valid_from=date(2025, 1, 1), valid_to=None)
    dated(w.y, utc(2024, 12, 20, 10), utc(2024, 12, 20, 11))
    w.v = make_agreement(w.s, status="active", valid_from=date(2025, 1, 1), valid_to=None)
    dated(w.v, utc(2024, 12, 20, 10), utc(2024, 12, 20, 11))
    w.t = make_partner("Tupa ry")
    w.w = make_agreement(w.t, status="ended", valid_from=date(2025, 1, 5), valid_to=None)
    dated(w.w, utc(2025, 1, 5, 7), utc(2025, 1, 5, 8), utc(2025, 4, 10, 10))
    w.z = make_agreement(make_partner("Uusi ry"), valid_from=date(2025, 2, 1))  # a draft
    dated(w.z, utc(2025, 1, 20, 10))

    template = _referral_template(w)
    w.template = template
    R = {}
    s_kw = {"activity": w.s1, "partner": w.s, "agreement": w.v}
    # January (local): 5 + 1 to R, 1 to S.
    R["a1"] = _clone(
        template,
        utc(2025, 1, 15, 10),
        status="succeeded",
        first_action_at=utc(2025, 1, 16, 10),
        accepted_at=utc(2025, 1, 16, 10),
        succeeded_at=utc(2025, 2, 3, 10),
    )
    R["a2"] = _clone(  # succeeded, then consent withdrawn: still a success
        template,
        utc(2025, 1, 15, 10),
        status="withdrawn",
        first_action_at=utc(2025, 1, 17, 10),
        succeeded_at=utc(2025, 2, 4, 10),
        withdrawn_at=utc(2025, 2, 20, 10),
    )
    R["a3"] = _clone(
        template,
        utc(2025, 1, 15, 10),
        status="cancelled",
        first_action_at=utc(2025, 1, 18, 10),
        cancelled_at=utc(2025, 2, 5, 10),
        cancellation_reason="declined",
    )
    R["a4"] = _clone(  # first action after the due date (22 January)
        template,
        utc(2025, 1, 15, 10),
        status="cancelled",
        first_action_at=utc(2025, 1, 25, 10),
        cancelled_at=utc(2025, 3, 1, 10),
        cancellation_reason="not_reached",
    )
    R["a5"] = _clone(  # never acted on, withdrawn after its due date
        template, utc(2025, 1, 15, 10), status="withdrawn", withdrawn_at=utc(2025, 2, 10, 10)
    )
    R["a6"] = _clone(  # 23:59 on 31 January in Helsinki
        template, utc(2025, 1, 31, 21, 59), first_action_at=utc(2025, 2, 3, 10)
    )
    R["a7"] = _clone(template, utc(2025, 1, 20, 10), **s_kw)  # S, never acted on
    # February (local): 00:30 on 1 February, 23:59 on 28 February, two on 10 February.
    R["f1"] = _clone(template, utc(2025, 1, 31, 22, 30))
    R["f2"] = _clone(template, utc(2025, 2, 28, 21, 59))
    R["f3"] = _clone(template, utc(2025, 2, 10, 10), first_action_at=utc(2025, 2, 11, 10))
    R["f4"] = _clone(template, utc(2025, 2, 10, 10))
    # March (local): 00:00 on 1 March.
    R["m1"] = _clone(template, utc(2025, 2, 28, 22))
    w.referrals = R
    return w
