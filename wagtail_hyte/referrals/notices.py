"""Which consent notice a client is shown: the latest version in the client's language.

Also the default notice texts (fi, sv, en) that migration 0004 publishes as
version 1 on a new site. Coordinators edit them, or publish newer versions,
in the admin (HYTE → Consent notices); the defaults never overwrite a notice.
"""

import hashlib

from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.ledger.models import ConsentNotice

NOTICE_KEY = "referral"
NOTICE_CHANGED = _(
    "The consent text changed after it was shown to the client. Show the client the "
    "text below and ask for consent again."
)

# {language: (title, text)}. The text is shown as such at the consent step (no
# placeholders there); ``{days}`` and ``{controller}`` are filled in once, when
# the defaults are published, from RETENTION_DAYS and CONTROLLER["name"].
DEFAULT_NOTICES = {
    "fi": (
        "Suostumus hyvinvointilähetteeseen",
        "Hyvinvointilähetteellä ammattilainen ohjaa sinut lähetteessä nimetyn toimijan "
        "(esimerkiksi yhdistyksen, seurakunnan, kunnan tai yrityksen) toimintaan.\n\n"
        "Kun annat suostumuksen, lähetteessä nimetylle toimijalle välitetään nimesi, "
        "puhelinnumerosi ja/tai sähköpostiosoitteesi sekä toiveesi yhteydenoton tavasta ja "
        "ajasta. Toimija käyttää tietoja vain ottaakseen sinuun yhteyttä ja auttaakseen sinua "
        "pääsemään mukaan toimintaan. Toimija merkitsee palveluun, toteutuiko lähete.\n\n"
        "Suostumus on vapaaehtoinen. Jos et anna suostumusta tai perut sen, se ei vaikuta "
        "sosiaali- ja terveyspalveluihisi. Voit perua suostumuksen milloin tahansa kertomalla "
        "siitä lähetteen tehneelle ammattilaiselle, toimijalle tai hyvinvointialueelle. "
        "Perumisen jälkeen toimija ei enää näe yhteystietojasi.\n\n"
        "Yhteystietosi säilytetään salattuina niin kauan kuin lähete on kesken. Ne poistetaan, "
        "kun lähetteen päättymisestä on kulunut {days} päivää. Tieto suostumuksesta ja sen "
        "perumisesta säilyy ilman yhteystietojasi.\n\n"
        "Henkilötietojen rekisterinpitäjä on {controller}. Lisätietoja tietojesi käsittelystä "
        "ja oikeuksistasi saat hyvinvointialueen tietosuojaselosteesta.",
    ),
    "sv": (
        "Samtycke till välmåenderemiss",
        "Med en välmåenderemiss hänvisar yrkespersonen dig till verksamhet som ordnas av den "
        "aktör som nämns i remissen (till exempel en förening, en församling, en kommun eller "
        "ett företag).\n\n"
        "När du ger ditt samtycke lämnas ditt namn, ditt telefonnummer och/eller din "
        "e-postadress och dina önskemål om hur och när du vill bli kontaktad till den aktör "
        "som nämns i remissen. Aktören använder uppgifterna endast för att kontakta dig och "
        "hjälpa dig att komma med i verksamheten. Aktören antecknar i tjänsten om remissen "
        "ledde till deltagande.\n\n"
        "Samtycket är frivilligt. Om du inte ger ditt samtycke eller återkallar det påverkar "
        "det inte dina social- och hälsovårdstjänster. Du kan när som helst återkalla "
        "samtycket genom att meddela yrkespersonen som gjorde remissen, aktören eller "
        "välfärdsområdet. Efter återkallandet ser aktören inte längre dina kontaktuppgifter."
        "\n\n"
        "Dina kontaktuppgifter förvaras krypterade så länge remissen pågår. De raderas när "
        "{days} dagar har gått sedan remissen avslutades. Uppgiften om samtycket och om att "
        "det återkallats bevaras utan dina kontaktuppgifter.\n\n"
        "Personuppgiftsansvarig är {controller}. Mer information om behandlingen av dina "
        "uppgifter och om dina rättigheter finns i välfärdsområdets dataskyddsbeskrivning.",
    ),
    "en": (
        "Consent to a wellbeing referral",
        "With a wellbeing referral the professional refers you to an activity run by the "
        "organisation named on the referral (for example an association, a parish, a "
        "municipality or a company).\n\n"
        "When you consent, your name, your phone number and/or email address and your wishes "
        "on how and when to be contacted are passed to the organisation named on the "
        "referral. The organisation uses them only to contact you and help you join the "
        "activity. The organisation records in the service whether the referral led to "
        "joining.\n\n"
        "Consent is voluntary. Not giving consent, or withdrawing it, does not affect your "
        "health and social services. You can withdraw your consent at any time by telling the "
        "professional who made the referral, the organisation or the welfare area. After "
        "that the organisation can no longer see your contact details.\n\n"
        "Your contact details are kept encrypted while the referral is open. They are erased "
        "{days} days after the referral has ended. A record of your consent, and of its "
        "withdrawal, is kept without your contact details.\n\n"
        "The controller of your personal data is {controller}. The welfare area's privacy "
        "notice tells more about how your data is processed and about your rights.",
    ),
}

# The controller when CONTROLLER["name"] is not set.
DEFAULT_CONTROLLER = {
    "fi": "hyvinvointialue, jonka ammattilainen tekee lähetteen",
    "sv": "det välfärdsområde vars yrkesperson gör remissen",
    "en": "the welfare area whose professional makes the referral",
}


def notice_for(language: str):
    notices = ConsentNotice.objects.filter(key=NOTICE_KEY).order_by("-version")
    notice = notices.filter(language=language).first()
    if notice is None and hyte_settings.LANGUAGES:
        notice = notices.filter(language=hyte_settings.LANGUAGES[0]).first()
    return notice


def default_notice(language: str) -> tuple[str, str]:
    """The default (title, text) in ``language``, filled in from the current settings."""
    title, text = DEFAULT_NOTICES[language]
    controller = (hyte_settings.CONTROLLER or {}).get("name") or DEFAULT_CONTROLLER[language]
    days = int(hyte_settings.RETENTION_DAYS)
    return title, text.replace("{days}", str(days)).replace("{controller}", controller)


def hash_text(text: str) -> str:
    """As ``ConsentNotice.hash_text`` (historical models in migrations have no methods)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_default_notices(model, history_model=None) -> list:
    """Publish version 1 of the default notice for each language with no referral notice.

    ``model`` is ``ConsentNotice`` or its historical version in a migration, which
    neither computes ``text_sha256`` (``save`` is not the model's) nor records
    history (simple_history's receivers listen to the real model only): the hash
    is computed here, and with ``history_model`` a "created" history row is
    written, as ``HistoricalRecords`` would (the real model records its own, so
    then ``history_model`` is ignored). Never changes an existing notice.
    Returns the notices created.
    """
    from django.utils import timezone

    if hasattr(model, "history"):  # the real model: simple_history records the rows
        history_model = None
    created = []
    existing = set(
        model.objects.filter(key=NOTICE_KEY).values_list("language", flat=True).distinct()
    )
    for language in DEFAULT_NOTICES:
        if language in existing:
            continue
        title, text = default_notice(language)
        notice = model(key=NOTICE_KEY, version=1, language=language, title=title, text=text)
        notice.text_sha256 = hash_text(text)
        notice.save()
        if history_model is not None:
            history_model.objects.create(
                id=notice.pk,
                key=notice.key,
                version=notice.version,
                language=notice.language,
                title=notice.title,
                text=notice.text,
                text_sha256=notice.text_sha256,
                created_at=notice.created_at,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="default notice",
            )
        created.append(notice)
    return created
