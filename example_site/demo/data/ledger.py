"""Demo consent notices, pseudonymous clients with consents, reads and a withdrawal.

Idempotent: notices are found by (key, version, language); demo clients by the
blind index of their (invented) email addresses, so a second run adds nothing.
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

NOTICES = {
    "fi": (
        "Suostumus hyvinvointilähetteeseen",
        "Annan suostumukseni siihen, että nimeni ja yhteystietoni välitetään lähetteessä "
        "nimetylle toimijalle, joka ottaa minuun yhteyttä toimintaan pääsemiseksi. Voin perua "
        "suostumukseni milloin tahansa ottamalla yhteyttä ammattilaiseen tai toimijaan.",
    ),
    "sv": (
        "Samtycke till välmåenderemiss",
        "Jag samtycker till att mitt namn och mina kontaktuppgifter lämnas till den aktör som "
        "nämns i remissen, som kontaktar mig för att hjälpa mig till verksamheten. Jag kan när "
        "som helst återkalla samtycket genom att kontakta yrkespersonen eller aktören.",
    ),
    "en": (
        "Consent to a wellbeing referral",
        "I consent to my name and contact details being passed to the organisation named in "
        "the referral, which will contact me to help me join the activity. I can withdraw my "
        "consent at any time by contacting the professional or the organisation.",
    ),
}

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
    notices = {}
    for language, (title, text) in NOTICES.items():
        notices[language], _created = ConsentNotice.objects.get_or_create(
            key="referral", version=1, language=language, defaults={"title": title, "text": text}
        )
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
