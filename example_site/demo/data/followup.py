"""Demo history for the follow-up measures: a year and a half of referrals made
and closed through the services (at past times, within the agreements then in
force and their quotas), recommendation counts, page views and searches, so
every follow-up chart shows something. Idempotent: the first history client is
found by the blind index of its invented email address.

Only invented clients ("Demo Historia ..."), and counts; nothing real.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from demo.data.referrals import _activity_for, _handler
from wagtail_hyte.activities.models import ActivityPage
from wagtail_hyte.core.periods import HELSINKI, add_months, local_date
from wagtail_hyte.ledger.models import ConsentNotice
from wagtail_hyte.ledger.services import find_subjects_by_email
from wagtail_hyte.metrics.models import ActivityViewDay, Audience, SearchDay
from wagtail_hyte.recommendations.models import RecommendationCount
from wagtail_hyte.recommendations.organisation import controller_organisation
from wagtail_hyte.referrals import services

#: Months of history before the current one.
MONTHS = 23
#: Referrals per partner and month (the agreements' quotas may refuse some).
PER_MONTH = (1, 4)
# Outcome shares of the closed referrals: (step, reason, weight).
OUTCOMES = [
    ("succeed", "", 55),
    ("cancel", "not_reached", 12),
    ("cancel", "declined", 10),
    ("cancel", "life_changed", 8),
    ("cancel", "wrong_referral", 6),
    ("cancel", "other", 4),
    ("withdraw", "", 5),
]


def _email(month: date, partner_slug: str, n: int) -> str:
    return f"historia.{month:%Y%m}.{partner_slug}.{n}@example.invalid"


def _months(today: date) -> list[date]:
    return [add_months(today, -back) for back in range(MONTHS, -1, -1)]


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=HELSINKI)


def _history_handler(slug: str, partner):
    """The partner's demo staff member, or a staff member who handled its past
    referrals: no password, so not a demo login."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from wagtail_hyte.core.roles import GROUP_NAMES, PARTNER_STAFF
    from wagtail_hyte.partners.models import MembershipRole, PartnerMembership

    handler = _handler(partner)
    if handler is not None:
        return handler
    user, created = get_user_model().objects.get_or_create(
        username=f"historia-{slug}"[:150],
        defaults={"first_name": "Historia", "last_name": partner.name[:150]},
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=GROUP_NAMES[PARTNER_STAFF]))
    PartnerMembership.objects.get_or_create(
        partner=partner, user=user, defaults={"role": MembershipRole.STAFF}
    )
    return user


def _referrals(context, rng: random.Random, notice, today: date, now: datetime) -> int:
    made = 0
    professionals = [context.users[who][0] for who in ("professional", "professional2")]
    for month in _months(today):
        for slug, partner in sorted(context.partners.items()):
            if _activity_for(partner, _moment(month + timedelta(days=27), 12)) is None:
                continue  # no agreement in force (or no quota) late that month
            handler = _history_handler(slug, partner)
            for n in range(rng.randint(*PER_MONTH)):
                day = month + timedelta(days=rng.randint(0, 27))
                at = _moment(day, rng.randint(8, 15))
                if at >= now - timedelta(days=1):
                    continue
                activity = _activity_for(partner, at)
                if activity is None:
                    break  # no agreement in force for this partner then
                try:
                    referral = services.create_referral(
                        activity=activity,
                        professional=rng.choice(professionals),
                        details={
                            "name": f"Demo Historia {month:%m/%Y} {n + 1}",
                            "phone": f"040 1{rng.randint(0, 999999):06d}",
                            "email": _email(month, slug, n),
                            "contact_method": rng.choice(("phone", "email")),
                            "contact_time": "arkisin",
                            "language": rng.choice(("fi", "fi", "fi", "sv")),
                        },
                        notice=notice,
                        collection_method="verbal",
                        feedback_requested=rng.random() < 0.6,
                        at=at,
                    )
                except ValidationError:  # the quota of that period was full
                    break
                made += 1
                _follow(referral, rng, handler, at, now)
    return made


def _follow(referral, rng: random.Random, handler, at: datetime, now: datetime) -> None:
    """Accept after a few days and report an outcome some weeks later, as far as
    the time since sending allows (the newest stay open, some overdue)."""
    first = at + timedelta(hours=rng.choice((3, 20, 30, 50, 75, 100, 140, 200)))
    if first >= now or rng.random() < 0.06:
        return  # not yet acted on
    step, reason, _weight = rng.choices(OUTCOMES, weights=[w for *_x, w in OUTCOMES])[0]
    if step == "withdraw":
        services.withdraw(referral, user=referral.professional, at=first)
        return
    referral = services.accept(referral, user=handler, at=first)
    closed = first + timedelta(days=rng.randint(5, 40))
    if closed >= now:
        return
    services.report_outcome(
        referral, user=handler, succeeded=step == "succeed", reason=reason, at=closed
    )


def _counts(rng: random.Random, today: date) -> tuple[int, int, int]:
    """Daily page views, searches and recommendations (counts only)."""
    start = _months(today)[0]
    days = [start + timedelta(days=n) for n in range((today - start).days)]
    # The demo pages were published just now; the history treats them as
    # published at its start, so views per published day compare fairly.
    launched = _moment(start, 9)
    ActivityPage.objects.filter(first_published_at__gt=launched).update(first_published_at=launched)
    pages = list(ActivityPage.objects.live().order_by("path").values_list("pk", flat=True))
    views = [
        ActivityViewDay(date=day, page_id=pk, views=rng.randint(0, 12))
        for day in days
        for pk in pages
        if rng.random() < 0.5
    ]
    ActivityViewDay.objects.bulk_create(views, ignore_conflicts=True)
    searches = []
    for day in days:
        for audience, (low, high) in ((Audience.PROFESSIONAL, (0, 9)), (Audience.OTHER, (2, 40))):
            total = rng.randint(low, high)
            row = SearchDay(date=day, audience=audience, searches=total, zero_results=total // 8)
            if hasattr(row, "referral_filter") and audience == Audience.PROFESSIONAL:
                row.referral_filter = rng.randint(0, total)
            searches.append(row)
    SearchDay.objects.bulk_create(searches, ignore_conflicts=True)
    from wagtail_hyte.recommendations.counting import referral_offered

    activities = list(ActivityPage.objects.live().order_by("path")[:12])
    offered = referral_offered(activities)
    organisation = controller_organisation(None)
    recommendations = [
        RecommendationCount(
            date=day,
            activity=activity,
            channel=channel,
            referral_offered=offered[activity.pk],
            organisation=organisation,
            count=rng.randint(1, 3),
        )
        for day in days[::3]
        for activity in rng.sample(activities, min(2, len(activities)))
        for channel in rng.sample(["sms", "email", "print"], 1)
    ]
    RecommendationCount.objects.bulk_create(recommendations, ignore_conflicts=True)
    return len(views), len(searches), len(recommendations)


def _date_sends(referrals) -> None:
    """The history's requests went out when each referral closed, not today: move
    their send counts (and ``feedback_sent_at``) to the closing days."""
    from django.db.models import Count
    from django.db.models.functions import Coalesce, TruncDate

    from wagtail_hyte.referrals.feedback_models import FeedbackSendDay

    sent_today = referrals.count()
    referrals.update(feedback_sent_at=Coalesce("succeeded_at", "cancelled_at"))
    per_day = (
        referrals.annotate(day=TruncDate("feedback_sent_at", tzinfo=HELSINKI))
        .values("day")
        .annotate(n=Count("pk"))
    )
    today = FeedbackSendDay.objects.filter(date=local_date()).first()
    if today is not None:
        today.sent = max(0, today.sent - sent_today)
        today.save(update_fields=["sent"])
    for row in per_day:
        day, _created = FeedbackSendDay.objects.get_or_create(date=row["day"])
        day.sent += row["n"]
        day.save(update_fields=["sent"])


def _feedback(rng: random.Random) -> int:
    """About half of the feedback links the history's closed referrals got are
    answered (as the form would: the answer keeps partner, activity and month,
    and the link is used up)."""
    from wagtail_hyte.referrals.feedback import invite_feedback
    from wagtail_hyte.referrals.feedback_models import FeedbackAnswer, FeedbackInvitation
    from wagtail_hyte.referrals.models import Referral

    # The requests the closing referrals queued run after the demo's transaction
    # commits; send them now (invite_feedback sends each referral's one request
    # once, so the queued ones then do nothing).
    closed = Referral.objects.filter(
        feedback_requested=True,
        feedback_sent_at__isnull=True,
        status__in=("succeeded", "cancelled"),
    )
    pks = list(closed.values_list("pk", flat=True))
    for pk in pks:
        invite_feedback(pk)
    _date_sends(Referral.objects.filter(pk__in=pks, feedback_sent_at__isnull=False))
    answers = []
    used = []
    for invitation in FeedbackInvitation.objects.order_by("month", "pk"):
        if rng.random() < 0.5:
            continue
        contacted = rng.choices(("yes", "no", "dont_remember"), weights=(85, 10, 5))[0]
        took_part = rng.choices(("yes", "no", "not_yet"), weights=(65, 20, 15))[0]
        answers.append(
            FeedbackAnswer(
                partner_id=invitation.partner_id,
                activity_id=invitation.activity_id,
                month=invitation.month,
                contacted=contacted,
                took_part=took_part,
                usefulness=rng.choice((None, 2, 3, 4, 4, 5, 5)),
            )
        )
        used.append(invitation.pk)
    FeedbackAnswer.objects.bulk_create(answers)
    FeedbackInvitation.objects.filter(pk__in=used).delete()
    return len(answers)


def load(context):
    today = local_date()
    first_slug = sorted(context.partners)[0]
    if find_subjects_by_email(_email(_months(today)[0], first_slug, 0)).exists() or (
        ActivityViewDay.objects.filter(date__lt=today - timedelta(days=60)).exists()
    ):
        context.say("  follow-up history already loaded")
        return
    notice = ConsentNotice.objects.filter(key="referral", language="fi").order_by("-version")
    notice = notice.first()
    if notice is None:
        context.say("  no consent notice: follow-up history skipped")
        return
    rng = random.Random(20250120)  # the same history on every machine
    made = _referrals(context, rng, notice, today, timezone.now())
    views, searches, recommendations = _counts(rng, today)
    answers = _feedback(rng)
    from wagtail_hyte.followup.rollups import rebuild

    months = _months(today)
    rebuild(months[0], months[-1])  # what the nightly job keeps up to date
    context.say(
        f"  follow-up history: {made} referrals, {views} page-view days, "
        f"{searches} search days, {recommendations} recommendation counts, "
        f"{answers} feedback answers"
    )
