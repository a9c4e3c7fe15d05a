"""Demo partner agreements: several active ones with different quotas and
periods, one expiring soon, one ended, one suspended and one draft.

They start on different days over the last year and a half (``since``, months
before today), so the follow-up's agreement series and the referral history
(demo.data.followup) have months to show."""

from datetime import date, timedelta

from wagtail_hyte.agreements import services
from wagtail_hyte.agreements.models import AgreementStatus, PartnerAgreement
from wagtail_hyte.core.periods import add_months, local_date, local_midnight

# reference, partner slug, title, quota, period, contact days, target status, options
DEMO_AGREEMENTS = [
    (
        "HYTE-2026-001",
        "jyvaskyla-liikunta",
        "Liikuntaneuvonta ja ohjatut ryhmät",
        10,
        "month",
        5,
        AgreementStatus.ACTIVE,
        {"since": 22},
    ),
    (
        "HYTE-2026-002",
        "laukaan-elakelaiset",
        "Ikäihmisten vertaisryhmät",
        5,
        "quarter",
        7,
        AgreementStatus.ACTIVE,
        {"since": 20},
    ),
    (
        "HYTE-2026-003",
        "mielenterveys-ks",
        "Matalan kynnyksen vertaistuki",
        20,
        "year",
        3,
        AgreementStatus.ACTIVE,
        {"chosen": 2, "expires_in_days": 20, "since": 15},
    ),
    (
        "HYTE-2026-004",
        "digituki-hanke",
        "Digituki hankkeen ajan",
        8,
        "term",
        10,
        AgreementStatus.ACTIVE,
        {"since": 11},
    ),
    (
        "HYTE-2026-005",
        "jamsan-seurakunta",
        "Diakonian ryhmät",
        3,
        "month",
        5,
        AgreementStatus.ACTIVE,
        {"since": 4},
    ),
    (
        "HYTE-2025-006",
        "aanekoski-kulttuuri",
        "Kulttuurin hyvinvointiryhmät",
        6,
        "quarter",
        5,
        AgreementStatus.ENDED,
        {"ended_early": True},
    ),
    (
        "HYTE-2026-007",
        "keuruun-liikuntakeskus",
        "Senioriliikunta",
        4,
        "month",
        5,
        AgreementStatus.SUSPENDED,
        {"since": 17},
    ),
    (
        "HYTE-2027-008",
        "muuramen-martat",
        "Ravitsemuskurssit",
        6,
        "quarter",
        10,
        AgreementStatus.DRAFT,
        {},
    ),
]


def months_before(today: date, months: int) -> date:
    """The 5th of the month ``months`` before ``today``'s (today itself for 0): the
    agreements start mid-month, as real ones do."""
    if not months:
        return today
    return add_months(today, -months).replace(day=5)


STEPS = {
    AgreementStatus.DRAFT: [],
    AgreementStatus.ACTIVE: ["activate"],
    AgreementStatus.SUSPENDED: ["activate", "suspend"],
    AgreementStatus.ENDED: ["activate", "end"],
}


def load(context):
    from wagtail_hyte.activities.models import ActivityPage

    coordinator = context.users["coordinator"][0]
    today = local_date()
    for ref, slug, title, quota, period, days, status, options in DEMO_AGREEMENTS:
        partner = context.partners[slug]
        valid_from = months_before(today, options.get("since", 0))
        if options.get("ended_early"):
            # Signed for two years, ended early by the partner.
            valid_from, valid_to = months_before(today, 23), date(today.year, 12, 31)
        elif "expires_in_days" in options:
            valid_to = today + timedelta(days=options["expires_in_days"])
        else:
            valid_to = date(today.year + 1, 12, 31)
        agreement, created = PartnerAgreement.objects.get_or_create(
            reference_number=ref,
            defaults={
                "partner": partner,
                "title": title,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "quota": quota,
                "quota_period": period,
                "contact_days": days,
                "covers_all_activities": "chosen" not in options,
                "notification_emails": f"lahetteet@{slug}.example.invalid",
                "notes": "Demo agreement.",
            },
        )
        if not created:
            continue
        if "chosen" in options:
            chosen = ActivityPage.objects.filter(organiser=partner).order_by("pk")[
                : options["chosen"]
            ]
            agreement.activities.set(chosen)
        reasons = {
            "activate": "Sopimus allekirjoitettu",
            "suspend": "Toiminta tauolla henkilöstövajeen vuoksi",
            "end": "Toimija päätti yhteistyön",
        }
        for step in STEPS[status]:
            getattr(services, step)(agreement, user=coordinator, reason=reasons[step])
        _date_signing(agreement, valid_from, later_steps=len(STEPS[status]) - 1)
    context.say(f"  {len(DEMO_AGREEMENTS)} partner agreements")


def _date_signing(agreement, valid_from: date, later_steps: int) -> None:
    """Date the versions up to the activation on the morning of ``valid_from``, as
    if the agreement had been signed then: the follow-up reads "in force" and
    "offered a referral" from the version history. Suspending or ending (the
    ``later_steps``) keep today's date."""
    records = list(agreement.history.order_by("history_date", "history_id"))
    if later_steps > 0:
        records = records[:-later_steps]
    signed = local_midnight(min(valid_from, local_date())) + timedelta(hours=9)
    for n, record in enumerate(records):
        type(record).objects.filter(history_id=record.history_id).update(
            history_date=signed + timedelta(seconds=n)
        )
