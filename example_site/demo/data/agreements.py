"""Demo partner agreements: several active ones with different quotas and
periods, one expiring soon, one ended, one suspended and one draft."""

from datetime import date, timedelta

from wagtail_hyte.agreements import services
from wagtail_hyte.agreements.models import AgreementStatus, PartnerAgreement
from wagtail_hyte.core.periods import local_date

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
        {},
    ),
    (
        "HYTE-2026-002",
        "laukaan-elakelaiset",
        "Ikäihmisten vertaisryhmät",
        5,
        "quarter",
        7,
        AgreementStatus.ACTIVE,
        {},
    ),
    (
        "HYTE-2026-003",
        "mielenterveys-ks",
        "Matalan kynnyksen vertaistuki",
        20,
        "year",
        3,
        AgreementStatus.ACTIVE,
        {"chosen": 2, "expires_in_days": 20},
    ),
    (
        "HYTE-2026-004",
        "digituki-hanke",
        "Digituki hankkeen ajan",
        8,
        "term",
        10,
        AgreementStatus.ACTIVE,
        {},
    ),
    (
        "HYTE-2026-005",
        "jamsan-seurakunta",
        "Diakonian ryhmät",
        3,
        "month",
        5,
        AgreementStatus.ACTIVE,
        {},
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
        {},
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
    year_start = date(today.year, 1, 1)
    for ref, slug, title, quota, period, days, status, options in DEMO_AGREEMENTS:
        partner = context.partners[slug]
        if options.get("ended_early"):
            # Signed for two years, ended early by the partner.
            valid_from, valid_to = date(today.year - 1, 1, 1), date(today.year, 12, 31)
        elif "expires_in_days" in options:
            valid_from, valid_to = year_start, today + timedelta(days=options["expires_in_days"])
        else:
            valid_from, valid_to = year_start, date(today.year + 1, 12, 31)
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
    context.say(f"  {len(DEMO_AGREEMENTS)} partner agreements")
