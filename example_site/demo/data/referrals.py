"""Demo wellbeing referrals: every status and every cancellation reason, with
invented clients. Idempotent: each demo client is found by the blind index of
its (invented) email address, so a second run adds nothing."""

from datetime import timedelta

from django.utils import timezone

from wagtail_hyte.agreements.availability import referral_offer
from wagtail_hyte.ledger.models import ConsentNotice
from wagtail_hyte.ledger.services import find_subjects_by_email
from wagtail_hyte.referrals import services

# (email, name, phone, partner slug, professional, days ago, steps, reason)
DEMO_REFERRALS = [
    (
        "lahete.sent@example.invalid",
        "Demo Lähete Yksi",
        "040 000 1001",
        "laukaan-elakelaiset",
        "professional",
        0,
        [],
        "",
    ),
    (
        "lahete.overdue@example.invalid",
        "Demo Lähete Kaksi",
        "040 000 1002",
        "laukaan-elakelaiset",
        "professional",
        20,
        [],
        "",
    ),
    (
        "lahete.accepted@example.invalid",
        "Demo Lähete Kolme",
        "040 000 1003",
        "laukaan-elakelaiset",
        "professional2",
        3,
        ["accept"],
        "",
    ),
    (
        "lahete.succeeded@example.invalid",
        "Demo Lähete Neljä",
        "040 000 1004",
        "laukaan-elakelaiset",
        "professional",
        10,
        ["accept", "succeed"],
        "",
    ),
    (
        "lahete.notreached@example.invalid",
        "Demo Lähete Viisi",
        "040 000 1005",
        "mielenterveys-ks",
        "professional",
        9,
        ["cancel"],
        "not_reached",
    ),
    (
        "lahete.declined@example.invalid",
        "Demo Lähete Kuusi",
        "040 000 1006",
        "mielenterveys-ks",
        "professional2",
        8,
        ["accept", "cancel"],
        "declined",
    ),
    (
        "lahete.lifechanged@example.invalid",
        "Demo Lähete Seitsemän",
        "040 000 1007",
        "mielenterveys-ks",
        "professional",
        7,
        ["accept", "cancel"],
        "life_changed",
    ),
    (
        "lahete.wrong@example.invalid",
        "Demo Lähete Kahdeksan",
        "040 000 1008",
        "mielenterveys-ks",
        "professional",
        6,
        ["cancel"],
        "wrong_referral",
    ),
    (
        "lahete.other@example.invalid",
        "Demo Lähete Yhdeksän",
        "040 000 1009",
        "mielenterveys-ks",
        "professional2",
        5,
        ["accept", "cancel"],
        "other",
    ),
    (
        "lahete.withdrawn@example.invalid",
        "Demo Lähete Kymmenen",
        "040 000 1010",
        "mielenterveys-ks",
        "professional",
        4,
        ["withdraw"],
        "",
    ),
]


def _activity_for(partner, at):
    from wagtail_hyte.activities.models import ActivityPage

    for activity in ActivityPage.objects.live().filter(organiser=partner).order_by("pk"):
        offer = referral_offer(activity, at)
        if offer and offer.available:
            return activity
    return None


def _handler(partner):
    from wagtail_hyte.partners.models import PartnerMembership

    membership = PartnerMembership.objects.filter(partner=partner).select_related("user").first()
    return membership.user if membership else None


def load(context):
    notice = ConsentNotice.objects.filter(key="referral", language="fi").order_by("-version")
    notice = notice.first()
    if notice is None:
        context.say("  no consent notice: demo referrals skipped")
        return
    created = 0
    now = timezone.now()
    for email, name, phone, slug, who, days_ago, steps, reason in DEMO_REFERRALS:
        if find_subjects_by_email(email).exists():
            continue
        partner = context.partners[slug]
        at = now - timedelta(days=days_ago)
        activity = _activity_for(partner, at)
        if activity is None:  # the agreement was not yet in force then
            at = now
            activity = _activity_for(partner, at)
        handler = _handler(partner)
        if activity is None or (set(steps) - {"withdraw"} and handler is None):
            context.say(f"  {slug}: no activity open for referral, skipped")
            continue
        professional = context.users[who][0]
        referral = services.create_referral(
            activity=activity,
            professional=professional,
            details={
                "name": name,
                "phone": phone,
                "email": email,
                "contact_method": "phone",
                "contact_time": "arkisin 9-12",
                "language": "fi",
            },
            notice=notice,
            collection_method="verbal",
            at=at,
        )
        for step in steps:
            if step == "accept":
                referral = services.accept(referral, user=handler)
            elif step == "succeed":
                referral = services.report_outcome(referral, user=handler, succeeded=True)
            elif step == "cancel":
                referral = services.report_outcome(
                    referral, user=handler, succeeded=False, reason=reason
                )
            elif step == "withdraw":
                referral = services.withdraw(referral, user=professional)
        created += 1
    context.say(f"  {created} new demo referrals")
