"""The default message and cover-letter templates, seeded by migration 0002.

Coordinators edit them in the admin (HYTE > Message templates). When a template
is missing, these texts are used. {kind: {language: (subject, body)}}.
"""

DEFAULT_TEMPLATES = {
    "sms": {
        "fi": ("", "Hei! Tässä suosittelemani toiminta:\n{activities}\nTerveisin {organisation}"),
        "sv": (
            "",
            "Hej! Här är verksamheten jag rekommenderar:\n{activities}\nHälsningar {organisation}",
        ),
        "en": (
            "",
            "Hello! Here is the activity I recommend:\n{activities}\nBest wishes, {organisation}",
        ),
    },
    "email": {
        "fi": (
            "Suositus: toimintaa sinulle",
            "Hei!\n\nKuten sovimme, lähetän tietoja toiminnasta, josta voisi olla sinulle iloa. "
            "Linkeistä näet lisää tietoa ja miten pääset mukaan.\n\n{activities}\n\n"
            "Voit kysyä lisää suoraan järjestäjältä. Tähän viestiin ei tarvitse vastata.\n\n"
            "Ystävällisin terveisin\n{professional}\n{organisation}",
        ),
        "sv": (
            "Rekommendation: verksamhet för dig",
            "Hej!\n\nSom vi kom överens om skickar jag information om verksamhet som du kunde ha "
            "glädje av. Via länkarna ser du mer och hur du kommer med.\n\n{activities}\n\n"
            "Du kan fråga mer direkt av arrangören. Du behöver inte svara på det här meddelandet."
            "\n\nVänliga hälsningar\n{professional}\n{organisation}",
        ),
        "en": (
            "Recommendation: activities for you",
            "Hello,\n\nAs we agreed, here is information about activities you might enjoy. "
            "The links tell you more and how to join.\n\n{activities}\n\n"
            "You can ask the organiser directly. There is no need to reply to this message.\n\n"
            "Kind regards\n{professional}\n{organisation}",
        ),
    },
    "letter": {
        "fi": (
            "",
            "Hei!\n\nKuten sovimme, tässä on tietoa toiminnasta, josta voisi olla sinulle iloa. "
            "Alla on kerrottu, milloin ja missä toiminta on, mitä se maksaa ja miten pääset "
            "mukaan. Voit avata toiminnan sivun puhelimella QR-koodista.\n\n"
            "Ystävällisin terveisin\n{professional}\n{organisation}",
        ),
        "sv": (
            "",
            "Hej!\n\nSom vi kom överens om finns här information om verksamhet som du kunde ha "
            "glädje av. Nedan står när och var verksamheten är, vad den kostar och hur du kommer "
            "med. Du kan öppna verksamhetens sida med telefonen via QR-koden.\n\n"
            "Vänliga hälsningar\n{professional}\n{organisation}",
        ),
        "en": (
            "",
            "Hello,\n\nAs we agreed, here is information about activities you might enjoy. "
            "Below you will find when and where each activity is, what it costs and how to "
            "join. You can open an activity's page on your phone with its QR code.\n\n"
            "Kind regards\n{professional}\n{organisation}",
        ),
    },
}


def default_template(kind: str, language: str) -> tuple[str, str]:
    by_language = DEFAULT_TEMPLATES[kind]
    return by_language.get(language) or by_language["fi"]


def seed_templates(model) -> int:
    """Create the missing templates (never overwrites edits). Returns how many were created."""
    created = 0
    for kind, by_language in DEFAULT_TEMPLATES.items():
        for language, (subject, body) in by_language.items():
            _obj, was_created = model.objects.get_or_create(
                kind=kind, language=language, defaults={"subject": subject, "body": body}
            )
            created += was_created
    return created
