"""The follow-up measures on a data set with known answers (tests/followup/data.py).

Months are local (Europe/Helsinki); ``value`` is kept even when a cell is
hidden, so the tests check both the number and whether it is shown.
"""

from datetime import date

import pytest

from tests.followup import data
from wagtail_hyte.followup import measures
from wagtail_hyte.followup.measures import MEASURES, all_measures, breakdown, measure
from wagtail_hyte.followup.scope import Scope

pytestmark = pytest.mark.django_db

# The data set's fixtures and helpers (tests/followup/data.py).
notices, world = data.notices, data.world
TODAY = data.TODAY
utc = data.utc

JAN_APR = Scope(date(2025, 1, 1), date(2025, 4, 1))


def values(m, key):
    return [cell.value for cell in m.row(key).values]


def hidden(m, key):
    return [cell.hidden for cell in m.row(key).values]


def test_the_measures_are_listed_in_order():
    assert MEASURES == [
        "agreements",
        "referrals",
        "recommendations",
        "searches",
        "views_offered",
        "recommendations_offered",
        "outcomes",
        "response_times",
        "overdue",
        "quota_use",
        "feedback",
    ]


def test_scope_months():
    assert Scope(date(2024, 11, 20), date(2025, 2, 3)).months() == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]


def test_agreements_follow_their_version_history(world):
    m = measure("agreements", JAN_APR, today=TODAY)
    assert m.months == JAN_APR.months() and not m.protected
    # Y, V, W in January; X from 10 February to 20 March; W ended on 10 April.
    assert values(m, "in_force") == [3, 4, 3, 2]
    assert values(m, "new") == [3, 1, 0, 0]  # the draft Z is not counted
    assert values(m, "ended") == [0, 0, 1, 1]
    assert not any(hidden(m, "in_force") + hidden(m, "new") + hidden(m, "ended"))
    assert "Europe/Helsinki" in m.definition


def test_agreements_by_partner(world):
    m = measure(
        "agreements", Scope(date(2025, 1, 1), date(2025, 4, 1), partner_id=world.p.pk), today=TODAY
    )
    assert values(m, "in_force") == [0, 1, 0, 0]
    assert values(m, "new") == [0, 1, 0, 0]


def test_referrals_by_local_month_with_small_cells_hidden(world):
    m = measure("referrals", JAN_APR, today=TODAY)
    row = m.row("total")
    assert row.is_total and m.protected
    # 31 Jan 21:59 UTC is January in Helsinki, 22:30 UTC February; 28 Feb 21:59 UTC
    # is February, 22:00 UTC March.
    assert values(m, "total") == [7, 4, 1, 0]
    assert hidden(m, "total") == [False, True, True, False]
    assert [str(cell) for cell in row.values] == ["7", "< 5", "< 5", "0"]


def test_referrals_by_partner_with_secondary_suppression(world):
    m = breakdown("referrals", JAN_APR, "partner", today=TODAY)
    assert [row.key for row in m.rows] == [
        "total",
        f"partner-{world.r.pk}",
        f"partner-{world.s.pk}",
    ]
    assert values(m, "total") == [7, 4, 1, 0]
    assert values(m, f"partner-{world.r.pk}") == [6, 4, 1, 0]
    assert values(m, f"partner-{world.s.pk}") == [1, 0, 0, 0]
    # January: S's 1 is hidden, so R's 6 is hidden too (else 7 - 6 gives it away).
    assert hidden(m, f"partner-{world.r.pk}") == [True, True, True, False]
    assert hidden(m, f"partner-{world.s.pk}") == [True, False, False, False]


def test_referrals_by_municipality_count_an_activity_in_each_of_its_municipalities(world, english):
    m = breakdown("referrals", JAN_APR, "municipality", today=TODAY)
    rows = {row.label: [cell.value for cell in row.values] for row in m.rows[1:]}
    assert rows == {
        "Jyväskylä": [6, 4, 1, 0],
        "Muurame": [6, 4, 1, 0],
        "Keuruu": [1, 0, 0, 0],
    }
    assert "counts in both" in m.definition
    # Keuruu's January 1 is the only hidden part: the smallest other goes too.
    assert [row.values[0].hidden for row in m.rows] == [False, True, True, False]


def test_referrals_by_theme_and_target_group(world):
    m = breakdown("referrals", JAN_APR, "theme", today=TODAY)
    assert {row.key: values(m, row.key) for row in m.rows[1:]} == {
        f"theme-{world.r1.themes.get().pk}": [6, 4, 1, 0],
        f"theme-{world.s1.themes.get().pk}": [1, 0, 0, 0],
    }
    m = breakdown("referrals", JAN_APR, "target_group", today=TODAY)
    assert [(row.key, values(m, row.key)) for row in m.rows[1:]] == [
        (f"target_group-{world.r1.target_groups.get().pk}", [6, 4, 1, 0]),
        ("target_group-none", [1, 0, 0, 0]),
    ]


def test_referrals_filtered_by_partner_municipality_and_theme(world):
    def total(**filters):
        return values(measure("referrals", Scope(JAN_APR.start, JAN_APR.end, **filters)), "total")

    assert total(partner_id=world.s.pk) == [1, 0, 0, 0]
    assert total(municipality_id=world.keuruu.pk) == [1, 0, 0, 0]
    assert total(municipality_id=world.muurame.pk) == [6, 4, 1, 0]
    assert total(theme_id=world.s1.themes.get().pk) == [1, 0, 0, 0]
    assert total(partner_id=world.r.pk, municipality_id=world.keuruu.pk) == [0, 0, 0, 0]


def test_unknown_breakdowns_are_refused(world):
    with pytest.raises(ValueError):
        breakdown("outcomes", JAN_APR, "theme")
    with pytest.raises(ValueError):
        breakdown("searches", JAN_APR, "partner")


def test_outcomes_by_month_of_closing(world):
    m = measure("outcomes", JAN_APR, today=TODAY)
    assert [row.key for row in m.rows] == [
        "total",
        "succeeded",
        "not_reached",
        "declined",
        "life_changed",
        "wrong_referral",
        "other",
        "withdrawn",
    ]
    # February: a1 and a2 succeeded (a2's later withdrawal does not undo it), a3
    # declined, a5 withdrawn before any outcome; March: a4 not reached.
    assert values(m, "total") == [0, 4, 1, 0]
    assert values(m, "succeeded") == [0, 2, 0, 0]
    assert values(m, "declined") == [0, 1, 0, 0]
    assert values(m, "not_reached") == [0, 0, 1, 0]
    assert values(m, "withdrawn") == [0, 1, 0, 0]
    assert hidden(m, "total") == [False, True, True, False]

    by_partner = breakdown("outcomes", JAN_APR, "partner", today=TODAY)
    assert by_partner.rows[0].key == f"partner-{world.r.pk}" and by_partner.rows[0].is_total
    assert values(by_partner, f"partner-{world.r.pk}-succeeded") == [0, 2, 0, 0]


def test_response_times(world):
    m = measure("response_times", JAN_APR, today=TODAY)
    assert m.unit == "days"
    # January: first actions after 1, 2, 2.5 (31 Jan 23:59 -> 3 Feb 12:00), 3 and 10 days.
    assert values(m, "first_action_median")[0] == 2.5
    assert values(m, "first_action_p90")[0] == 7.2
    assert hidden(m, "first_action_median")[0] is False
    # Outcomes after 19, 20, 21 and 45 days: a base of 4 is hidden.
    assert values(m, "outcome_median")[0] == 20.5
    assert hidden(m, "outcome_median")[0] is True
    # Within the promise: a1, a2, a3, a6 of a1-a7 (a4 late, a5 and a7 never acted on);
    # 3 outside is a small cell, so the share is hidden.
    assert values(m, "within_promise")[0] == 57.1
    assert hidden(m, "within_promise")[0] is True
    # February: one first action (f3): hidden.
    assert values(m, "first_action_median")[1] == 1.0
    assert hidden(m, "first_action_median")[1] is True
    assert values(m, "first_action_median")[3] is None


def test_overdue_as_of_each_month_end(world):
    m = measure("overdue", JAN_APR, today=TODAY)
    assert values(m, "sent") == [7, 4, 1, 0]
    # January: a5 and a7 (a4 was acted on late, before the month ended; a6 is due
    # in February). February: f1 and f4. March: m1.
    assert values(m, "overdue") == [2, 2, 1, 0]
    assert values(m, "overdue_share") == [28.6, 50.0, 100.0, None]
    assert all(hidden(m, "overdue_share")[:3])


def test_quota_use_per_agreement_period(world):
    from wagtail_hyte.agreements.models import QuotaReservation
    from wagtail_hyte.core.periods import local_midnight

    def reserve(n, month, released=False):
        for i in range(n):
            QuotaReservation.objects.create(
                agreement=world.y,
                agreement_version=1,
                reference=f"test:{month}:{i}:{released}",
                reserved_at=utc(2025, month, 3),
                period_start=local_midnight(date(2025, month, 1)),
                period_end=local_midnight(date(2025, month + 1, 1)),
                released_at=utc(2025, month, 4) if released else None,
            )

    reserve(3, 2)
    reserve(1, 2, released=True)
    reserve(5, 3)
    m = measure("quota_use", Scope(JAN_APR.start, JAN_APR.end, partner_id=world.r.pk), today=TODAY)
    key = f"agreement-{world.y.pk}"
    assert [row.key for row in m.rows] == [f"{key}-reserved", f"{key}-quota"]
    assert values(m, f"{key}-reserved") == [0, 3, 5, 0]
    assert hidden(m, f"{key}-reserved") == [False, True, False, False]
    assert values(m, f"{key}-quota") == [5, 5, 5, 5]
    # X (partner P) was in force only in February and March.
    m = measure("quota_use", Scope(JAN_APR.start, JAN_APR.end, partner_id=world.p.pk), today=TODAY)
    assert values(m, f"agreement-{world.x.pk}-quota") == [None, 5, 5, None]


def test_recommendations_per_channel_and_by_referral_option(world):
    from wagtail_hyte.recommendations.models import RecommendationCount

    for day, page, channel, offered, n in [
        (date(2025, 1, 10), world.r1, "sms", True, 3),
        (date(2025, 1, 31), world.r1, "email", True, 2),
        (date(2025, 2, 1), world.s1, "print", False, 4),
        (date(2025, 2, 2), world.s1, "sms", False, 1),
    ]:
        RecommendationCount.objects.create(
            date=day, activity=page, channel=channel, referral_offered=offered, count=n
        )
    m = measure("recommendations", JAN_APR, today=TODAY)
    assert not m.protected
    assert values(m, "total") == [5, 5, 0, 0]
    assert values(m, "sms") == [3, 1, 0, 0]
    assert values(m, "email") == [2, 0, 0, 0]
    assert values(m, "print") == [0, 4, 0, 0]
    assert not any(hidden(m, "sms"))
    m = measure("recommendations_offered", JAN_APR, today=TODAY)
    assert values(m, "offered") == [5, 0, 0, 0]
    assert values(m, "not_offered") == [0, 5, 0, 0]
    assert values(m, "offered_share") == [100.0, 0.0, None, None]
    scoped = Scope(JAN_APR.start, JAN_APR.end, partner_id=world.s.pk)
    assert values(measure("recommendations", scoped), "total") == [0, 5, 0, 0]


def test_searches_count_professionals_and_the_referral_filter(world):
    from wagtail_hyte.metrics import counters

    day = date(2025, 1, 5)
    for referral_filter in (True, False, False):
        counters.record_search(
            "professional", "kävely", 3, day=day, referral_filter=referral_filter
        )
    counters.record_search("other", "kävely", 3, day=day, referral_filter=True)
    for _ in range(2):
        counters.record_search("professional", "", 3, day=date(2025, 2, 28), referral_filter=True)
    m = measure("searches", JAN_APR, today=TODAY)
    assert values(m, "total") == [3, 2, 0, 0]
    assert values(m, "referral_filter") == [1, 2, 0, 0]
    assert values(m, "referral_filter_share") == [33.3, 100.0, None, None]
    assert not any(hidden(m, "referral_filter"))


def test_all_measures_cost_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from wagtail_hyte.followup.rollups import rebuild

    rebuild(JAN_APR.start, JAN_APR.end, today=TODAY)
    for filters in ({}, {"partner_id": world.r.pk, "municipality_id": world.jkl.pk}):
        scope = Scope(JAN_APR.start, JAN_APR.end, **filters)
        with django_assert_max_num_queries(10):
            result = all_measures(scope, today=TODAY)
        assert [m.slug for m in result] == MEASURES
        for m in result:
            assert m.title and m.definition
            assert all(len(row.values) == len(m.months) for row in m.rows)


def test_measure_titles_are_translated(world):
    from django.utils import translation

    with translation.override("en"):
        assert measure("referrals", JAN_APR).title == "Referrals made"
    assert measures.BUILDERS.keys() == set(MEASURES)


def test_feedback_sends_and_anonymous_answers_by_month(world):
    from wagtail_hyte.referrals.feedback_models import FeedbackAnswer, FeedbackSendDay

    FeedbackSendDay.objects.create(date=date(2025, 1, 31), sent=6, failed=1)
    FeedbackSendDay.objects.create(date=date(2025, 2, 1), sent=2, failed=0)

    def answer(month, contacted="yes", took_part="yes", usefulness=4, activity=None):
        activity = activity or world.a
        FeedbackAnswer.objects.create(
            partner_id=activity.organiser_id,
            activity=activity,
            month=month,
            contacted=contacted,
            took_part=took_part,
            usefulness=usefulness,
        )

    for usefulness in (5, 4, 4, 3, None, 2, 5, 4, 4, 5):
        answer(date(2025, 1, 1), usefulness=usefulness)
    for _n in range(5):
        answer(date(2025, 1, 1), contacted="no", took_part="no", usefulness=None)
    answer(date(2025, 2, 1))
    m = measure("feedback", JAN_APR, today=TODAY)
    assert values(m, "sent") == [6, 2, 0, 0]
    assert hidden(m, "sent") == [False, True, False, False]  # 2 is a small cell
    assert hidden(m, "failed") == [True, False, False, False]
    assert values(m, "answers") == [15, 1, 0, 0]
    assert values(m, "contacted_share") == [66.7, 100.0, None, None]
    assert hidden(m, "contacted_share")[:2] == [False, True]
    assert values(m, "usefulness")[0] == 4.0  # 36 / 9 rated
    assert hidden(m, "usefulness")[:2] == [False, True]
    # The scope's filters reach the answers (activity C is another partner's).
    other = measure("feedback", Scope(date(2025, 1, 1), date(2025, 4, 1), partner_id=world.q.pk))
    assert values(other, "answers") == [0, 0, 0, 0]
