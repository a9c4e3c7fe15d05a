"""Demo consent notices, pseudonymous clients with consents, reads and a withdrawal.

The consent notices are the default ones migration 0004 of the referrals app
publishes; they are added here only for a language that has none (e.g. after
a coordinator deleted one), and the latest version per language is used.
Idempotent: demo clients are found by the blind index of their (invented)
email addresses, so a second run adds nothing.
"""

from wagtail_hyte.ledger.checkpoints import make_checkpoint
from wagtail_hyte.ledger.models import ConsentNotice
from wagtail_hyte.ledger.services import (
    create_subject_with_contact,
    find_subjects_by_email,
    read_contact_details,
    record_consent,
    withdraw_consent,
)
from wagtail_hyte.ledger.verification import verify_chain
from wagtail_hyte.referrals.notices import DEFAULT_NOTICES, NOTICE_KEY, seed_default_notices

# Invented clients: (email, name, phone, partner slug, withdrawn?)
CLIENTS = [
    (
        "demo.asiakas1@example.invalid",
        "Demo Asiakas Yksi",
        "040 000 0001",
        "laukaan-elakelaiset",
        False,
    ),
    (
        "demo.asiakas2@example.invalid",
        "Demo Asiakas Kaksi",
        "040 000 0002",
        "jyvaskylan-latu",
        False,
    ),
    (
        "demo.asiakas3@example.invalid",
        "Demo Asiakas Kolme",
        "040 000 0003",
        "mielenterveys-ks",
        True,
    ),
]


def load(context):
    seed_default_notices(ConsentNotice)
    notices = {
        language: ConsentNotice.objects.filter(key=NOTICE_KEY, language=language)
        .order_by("-version")
        .first()
        for language in DEFAULT_NOTICES
    }
    professional = context.users["professional"][0]
    partner_user = context.users["partner"][0]
    added = 0
    for email, name, phone, slug, withdrawn in CLIENTS:
        if find_subjects_by_email(email).exists():
            continue
        subject = create_subject_with_contact(
            {
                "name": name,
                "phone": phone,
                "email": email,
                "contact_method": "phone",
                "language": "fi",
            },
            professional,
        )
        partner = context.partners[slug]
        consent = record_consent(
            subject,
            recipient=partner,
            purpose="referral",
            data_categories=["name", "phone", "email", "contact_preferences"],
            notice=notices["fi"],
            collection_method="verbal",
            recorded_by=professional,
        )
        read_contact_details(subject, partner_user, "referral.contact_client", recipient=partner)
        if withdrawn:
            withdraw_consent(consent, withdrawn_by=professional, method="verbal")
        added += 1
    context.extra["consent_notices"] = notices
    if added:
        make_checkpoint()
        result = verify_chain()
        context.say(f"  ledger: {added} demo clients, chain intact: {result.ok}")
