"""The demo activity catalogue: 66 activities in Keski-Suomi and 3 service paths.

The front page, the catalogue and three activities are also translated into
Swedish and English (Wagtail page translations, see ``_translations``).

Generated from building blocks (kinds of activity x municipalities x partners),
so that every theme, target group, format and schedule type appears. Dates are
relative to today, so the demo stays current. Idempotent: pages are found by
slug under the catalogue and only missing ones are created.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowPage, WorkflowTask

from wagtail_hyte.activities import roles as activity_roles
from wagtail_hyte.activities.models import (
    AccessibilityFeature,
    ActivityIndexPage,
    ActivityLeader,
    ActivityLocation,
    ActivityMeeting,
    ActivityPage,
    ServicePathPage,
    TargetGroup,
    Theme,
    WeeklyTime,
)
from wagtail_hyte.core.models import Municipality
from wagtail_hyte.core.roles import EDITOR, GROUP_NAMES

# code: (place name, street, postal code, latitude, longitude)
PLACES = {
    "179": ("Jyväskylän pääkirjasto", "Vapaudenkatu 39", "40100", "62.242603", "25.747257"),
    "992": ("Äänekosken kaupunginkirjasto", "Torikatu 1", "44100", "62.602310", "25.728070"),
    "410": ("Laukaan Kuntala", "Laukaantie 6", "41340", "62.414250", "25.952590"),
    "500": ("Muuramen Kuntalan sali", "Virastotie 8", "40950", "62.129120", "25.667830"),
    "182": ("Jämsän seurakuntakeskus", "Seppolantie 2", "42100", "61.864370", "25.190270"),
    "249": ("Keuruun liikuntakeskus", "Liikuntakeskuksentie 3", "42700", "62.259740", "24.704710"),
    "729": ("Saarijärven Kulttuuritalo", "Sivulantie 11", "43100", "62.705010", "25.256520"),
    "931": ("Viitasaaren Kuntala", "Keskitie 10", "44500", "63.075320", "25.861220"),
    "601": ("Pihtiputaan kirjasto", "Keskustie 1", "44800", "63.370870", "25.575850"),
    "592": ("Petäjäveden seurantalo", "Asematie 4", "41900", "62.254260", "25.191210"),
    "892": ("Uuraisten monitoimitalo", "Kirkkotie 7", "41230", "62.500930", "25.437980"),
    "850": ("Toivakan kunnantalo", "Rutalahdentie 3", "41660", "62.098300", "26.081380"),
    "077": ("Hankasalmen kirjasto", "Keskustie 36", "41520", "62.389700", "26.436600"),
    "275": ("Konneveden Kuntala", "Keskustie 5", "44300", "62.628500", "26.604500"),
}

# Each kind: title, summary, plain summary, themes, target groups, (min, max age),
# format, schedule, cost, languages, accessibility, partners, leaders, registration
KINDS = [
    {
        "title": "Helposti lähelläsi -hyvinvointiryhmä 70+",
        "summary": "Pienryhmä yli 70-vuotiaille: viisi tapaamista neljän kuukauden aikana. "
        "Sisällöt suunnitellaan yhdessä osallistujien toiveiden mukaan: tietoa palveluista, "
        "keskustelua ja retkiä.",
        "plain": "Ryhmä yli 70-vuotiaille. Tapaamme viisi kertaa. Juttelemme ja teemme asioita "
        "yhdessä. Saat tietoa palveluista.",
        "themes": ["social-participation", "mental-wellbeing", "everyday-safety"],
        "groups": ["older-people"],
        "ages": (70, None),
        "format": "in_person",
        "schedule": "series",
        "group": (6, 8),
        "cost": "free",
        "languages": ["fi"],
        "access": ["step-free", "induction-loop", "accessible-toilet"],
        "partners": ["hyvinvointialue-hyte"],
        "leaders": [
            (
                "leader",
                "ikääntyneiden palveluohjaaja",
                "Keski-Suomen hyvinvointialue",
                "welfare_area",
            ),
            ("leader", "liikunnanohjaaja", "kunnan liikuntapalvelut", "municipality"),
            ("leader", "järjestötyöntekijä", "paikallinen eläkeläisyhdistys", "association"),
            ("leader", "sosionomiopiskelija", "Jyväskylän ammattikorkeakoulu", "school"),
            ("visiting_expert", "etuuskäsittelijä", "Kela", "kela"),
            ("visiting_expert", "diakoniatyöntekijä", "seurakunta", "parish"),
        ],
        "registration": True,
    },
    {
        "title": "Liikuntaneuvonta",
        "summary": "Henkilökohtaista ohjausta liikunnan aloittamiseen: kartoitamme tilanteesi ja "
        "teemme yhdessä sopivan suunnitelman. Ammattilainen voi ohjata liikuntaneuvontaan.",
        "plain": "Liikuntaneuvoja auttaa sinua aloittamaan liikunnan. Teemme yhdessä suunnitelman.",
        "themes": ["physical-activity"],
        "groups": ["working-age", "unemployed", "older-people"],
        "ages": (18, None),
        "format": "in_person",
        "schedule": "weekly",
        "cost": "free",
        "languages": ["fi", "sv", "en"],
        "access": ["step-free", "parking"],
        "partners": ["jyvaskyla-liikunta", "keuruun-liikuntakeskus"],
        "leaders": [("leader", "liikuntaneuvoja", "kunnan liikuntapalvelut", "municipality")],
        "registration": True,
        "contact": "Liikuntaneuvonta",
    },
    {
        "title": "Senioreiden kuntosaliryhmä",
        "summary": "Ohjattu kuntosaliharjoittelu lihasvoiman ja tasapainon ylläpitoon. "
        "Sopii myös aloittelijoille.",
        "plain": "Harjoittelemme kuntosalilla ohjaajan kanssa. Voit tulla, vaikka et ole "
        "käynyt salilla ennen.",
        "themes": ["physical-activity", "everyday-safety"],
        "groups": ["older-people"],
        "ages": (63, None),
        "format": "in_person",
        "schedule": "weekly",
        "group": (5, 12),
        "cost": "paid",
        "cost_text": "3 € / kerta, kuntalaisen liikuntakortilla maksuton",
        "languages": ["fi"],
        "access": ["step-free", "accessible-toilet", "public-transport"],
        "partners": ["keuruun-liikuntakeskus", "jyvaskyla-liikunta"],
        "leaders": [("leader", "fysioterapeutti", "liikuntakeskus", "company")],
        "registration": False,
    },
    {
        "title": "Kulttuurikaveri-illat",
        "summary": "Käymme yhdessä teatterissa, konserteissa ja näyttelyissä. Vapaaehtoinen "
        "kulttuurikaveri seuraa mukana, ettei tarvitse lähteä yksin.",
        "plain": "Menemme yhdessä teatteriin tai konserttiin. Sinun ei tarvitse mennä yksin.",
        "themes": ["culture", "social-participation"],
        "groups": ["everyone", "disabled-people"],
        "ages": (None, None),
        "format": "in_person",
        "schedule": "one_off",
        "cost": "paid",
        "cost_text": "Lipun hinta, kaverin lippu maksuton",
        "languages": ["fi", "fi-x-selko"],
        "access": ["step-free", "induction-loop", "assistance-dog"],
        "partners": ["aanekoski-kulttuuri"],
        "leaders": [("leader", "kulttuurituottaja", "kaupungin kulttuuripalvelut", "municipality")],
        "registration": True,
    },
    {
        "title": "Mielen hyvinvoinnin vertaisryhmä",
        "summary": "Luottamuksellinen vertaisryhmä, jossa jaetaan kokemuksia ja keinoja "
        "jaksamiseen. Ryhmää ohjaa koulutettu vertaisohjaaja.",
        "plain": "Ryhmässä puhutaan jaksamisesta. Kaikki kertovat vain sen, mitä haluavat.",
        "themes": ["mental-wellbeing", "peer-support"],
        "groups": ["working-age", "young-people"],
        "ages": (18, 64),
        "format": "hybrid",
        "schedule": "weekly",
        "group": (4, 10),
        "cost": "free",
        "languages": ["fi"],
        "access": ["low-stimulus", "step-free"],
        "partners": ["mielenterveys-ks"],
        "leaders": [
            ("leader", "vertaisohjaaja", "Mielen hyvinvoinnin yhdistys", "association"),
            ("visiting_expert", "psykiatrinen sairaanhoitaja", "hyvinvointialue", "welfare_area"),
        ],
        "registration": False,
        "online": "Teams-linkki lähetetään pyynnöstä",
    },
    {
        "title": "Digituki: apua puhelimen ja tabletin käyttöön",
        "summary": "Tule kysymään neuvoa älypuhelimen, tabletin ja sähköisen asioinnin kanssa. "
        "Omalla laitteella tai lainalaitteella.",
        "plain": "Autamme puhelimen ja tabletin kanssa. Ota oma laite mukaan, jos sinulla on.",
        "themes": ["digital-skills", "everyday-safety"],
        "groups": ["older-people", "immigrants", "everyone"],
        "ages": (None, None),
        "format": "in_person",
        "schedule": "weekly",
        "cost": "free",
        "languages": ["fi", "en", "ru", "uk", "ar"],
        "access": ["step-free", "large-print", "plain-language"],
        "partners": ["digituki-hanke"],
        "leaders": [("leader", "digituutori", "digitukihanke", "project")],
        "registration": False,
    },
    {
        "title": "Etädigituki verkossa",
        "summary": "Digituki etäyhteydellä: opastamme videopuhelussa kotoa käsin esimerkiksi "
        "Omakannan ja pankkitunnusten käytössä.",
        "plain": "Saat apua kotiin videopuhelulla.",
        "themes": ["digital-skills"],
        "groups": ["older-people", "disabled-people"],
        "ages": (None, None),
        "format": "online",
        "schedule": "weekly",
        "cost": "free",
        "languages": ["fi", "sv"],
        "access": ["plain-language"],
        "partners": ["digituki-hanke"],
        "leaders": [("leader", "digituutori", "digitukihanke", "project")],
        "registration": True,
        "online": "Varaa aika puhelimitse, saat linkin tekstiviestillä",
    },
    {
        "title": "Luontoretki lähimetsään",
        "summary": "Rauhallinen opastettu retki lähiluontoon. Pysähdymme kuuntelemaan ja "
        "keitämme nuotiokahvit.",
        "plain": "Kävelemme metsässä rauhallisesti. Juomme kahvit nuotiolla.",
        "themes": ["nature", "physical-activity", "mental-wellbeing"],
        "groups": ["everyone", "families"],
        "ages": (None, None),
        "format": "in_person",
        "schedule": "one_off",
        "cost": "free",
        "languages": ["fi"],
        "access": ["parking"],
        "partners": ["jyvaskylan-latu"],
        "leaders": [("leader", "retkiohjaaja", "Keski-Suomen Latu", "association")],
        "registration": True,
    },
    {
        "title": "Arjen ruokakurssi",
        "summary": "Edullista ja terveellistä arkiruokaa yhdessä kokaten. Kurssilla saa "
        "reseptit ja vinkit ruokabudjetin suunnitteluun.",
        "plain": "Kokkaamme yhdessä edullista ruokaa. Saat reseptit kotiin.",
        "themes": ["nutrition", "social-participation"],
        "groups": ["unemployed", "families", "immigrants"],
        "ages": (16, None),
        "format": "in_person",
        "schedule": "series",
        "group": (6, 10),
        "cost": "paid",
        "cost_text": "10 € koko kurssi, raaka-aineet sisältyvät",
        "languages": ["fi", "en"],
        "access": ["step-free"],
        "partners": ["muuramen-martat"],
        "leaders": [("leader", "kotitalousneuvoja", "Marttayhdistys", "association")],
        "registration": True,
    },
    {
        "title": "Omaishoitajien vertaiskahvila",
        "summary": "Omaishoitajien oma hetki: vertaistukea, tietoa palveluista ja "
        "virkistystä. Hoidettavalle voi järjestää sijaisen tapaamisen ajaksi.",
        "plain": "Omaishoitajat tapaavat ja juttelevat. Saat tukea ja tietoa.",
        "themes": ["peer-support", "mental-wellbeing"],
        "groups": ["carers"],
        "ages": (None, None),
        "format": "in_person",
        "schedule": "weekly",
        "cost": "free",
        "languages": ["fi"],
        "access": ["step-free", "accessible-toilet", "induction-loop"],
        "partners": ["jamsan-seurakunta", "laukaan-elakelaiset"],
        "leaders": [
            ("leader", "diakoniatyöntekijä", "seurakunta", "parish"),
            ("visiting_expert", "omaishoidon palveluohjaaja", "hyvinvointialue", "welfare_area"),
        ],
        "registration": False,
    },
    {
        "title": "Perheiden liikuntakerho",
        "summary": "Leikkiä ja liikuntaa koko perheelle. Lapset ja aikuiset liikkuvat yhdessä "
        "ohjaajan vetämänä.",
        "plain": "Lapset ja aikuiset leikkivät ja liikkuvat yhdessä.",
        "themes": ["physical-activity", "family-life"],
        "groups": ["families", "children"],
        "ages": (2, None),
        "format": "in_person",
        "schedule": "weekly",
        "cost": "free",
        "languages": ["fi", "sv"],
        "access": ["step-free", "parking"],
        "partners": ["jyvaskyla-liikunta"],
        "leaders": [("leader", "liikunnanohjaaja", "kunnan liikuntapalvelut", "municipality")],
        "registration": False,
    },
    {
        "title": "Nuorten päihteetön iltaryhmä",
        "summary": "Nuorten oma ryhmä: pelejä, ruoanlaittoa ja keskustelua ilman päihteitä. "
        "Ohjaajina nuorisotyöntekijät.",
        "plain": "Nuorten ryhmä illalla. Pelaamme ja syömme yhdessä.",
        "themes": ["substance-free", "social-participation"],
        "groups": ["young-people"],
        "ages": (13, 17),
        "format": "in_person",
        "schedule": "weekly",
        "cost": "free",
        "languages": ["fi"],
        "access": ["step-free"],
        "partners": ["hyvinvointialue-hyte", "jamsan-seurakunta"],
        "leaders": [("leader", "nuorisotyöntekijä", "seurakunta", "parish")],
        "registration": False,
    },
    {
        "title": "Turvallisesti kotona -info",
        "summary": "Infotilaisuus kodin turvallisuudesta: kaatumisten ehkäisy, paloturvallisuus "
        "ja huijausten tunnistaminen.",
        "plain": "Kerromme, miten voit asua turvallisesti kotona.",
        "themes": ["everyday-safety"],
        "groups": ["older-people", "carers"],
        "ages": (60, None),
        "format": "hybrid",
        "schedule": "one_off",
        "cost": "free",
        "languages": ["fi", "sv"],
        "access": ["step-free", "induction-loop", "sign-language"],
        "partners": ["hyvinvointialue-hyte", "laukaan-elakelaiset"],
        "leaders": [
            ("leader", "hyte-koordinaattori", "hyvinvointialue", "welfare_area"),
            ("visiting_expert", "palotarkastaja", "pelastuslaitos", "other"),
        ],
        "registration": False,
        "online": "Striimi kunnan verkkosivuilla",
    },
    {
        "title": "Vesijumppa ikäihmisille",
        "summary": "Nivelystävällistä liikuntaa lämpimässä vedessä. Uimataitoa ei tarvita.",
        "plain": "Jumppaamme lämpimässä vedessä. Sinun ei tarvitse osata uida.",
        "themes": ["physical-activity"],
        "groups": ["older-people", "disabled-people"],
        "ages": (65, None),
        "format": "in_person",
        "schedule": "weekly",
        "group": (8, 20),
        "cost": "paid",
        "cost_text": "4,50 € / kerta",
        "languages": ["fi"],
        "access": ["step-free", "accessible-toilet"],
        "partners": ["keuruun-liikuntakeskus"],
        "leaders": [("leader", "liikunnanohjaaja", "liikuntakeskus", "company")],
        "registration": True,
    },
    {
        "title": "Suomen kielen keskustelukerho",
        "summary": "Harjoittele arjen suomea rennossa seurassa. "
        "Kaikki kielitasot ovat tervetulleita.",
        "plain": "Puhumme suomea yhdessä. Voit tulla, vaikka osaat vähän suomea.",
        "themes": ["social-participation", "culture"],
        "groups": ["immigrants"],
        "ages": (16, None),
        "format": "in_person",
        "schedule": "weekly",
        "cost": "free",
        "languages": ["fi", "fi-x-selko", "en", "ar", "so", "fa"],
        "access": ["step-free", "plain-language"],
        "partners": ["aanekoski-kulttuuri", "digituki-hanke"],
        "leaders": [("leader", "vapaaehtoinen kieliavustaja", "kirjasto", "municipality")],
        "registration": False,
    },
    {
        "title": "Työnhakijoiden hyvinvointivalmennus",
        "summary": "Kuuden tapaamisen valmennus työttömille: arjen rytmi, uni, liikunta ja "
        "vertaistuki. Mukana vierailijoina työllisyyspalvelujen asiantuntijoita.",
        "plain": "Ryhmä työttömille. Puhumme jaksamisesta ja arjesta.",
        "themes": ["mental-wellbeing", "peer-support", "physical-activity"],
        "groups": ["unemployed"],
        "ages": (18, 64),
        "format": "hybrid",
        "schedule": "series",
        "group": (6, 12),
        "cost": "free",
        "languages": ["fi", "en"],
        "access": ["step-free", "public-transport"],
        "partners": ["hyvinvointialue-hyte", "mielenterveys-ks"],
        "leaders": [
            ("leader", "sosiaaliohjaaja", "hyvinvointialue", "welfare_area"),
            (
                "visiting_expert",
                "työllisyysasiantuntija",
                "kunnan työllisyyspalvelut",
                "municipality",
            ),
        ],
        "registration": True,
        "online": "Etäosallistuminen Teamsissa",
    },
]

MUNICIPALITY_ROTATION = [
    "179",
    "992",
    "410",
    "500",
    "182",
    "249",
    "729",
    "931",
    "601",
    "592",
    "892",
    "850",
    "077",
    "275",
]
TARGET_COUNT = 64
WEEKDAY_ROTATION = [
    (0, time(10)),
    (1, time(13)),
    (2, time(17, 30)),
    (3, time(9, 30)),
    (4, time(12, 30)),
    (5, time(11)),
    (6, time(14)),
]


def _partner_for(kind, index, context):
    slugs = kind["partners"]
    return context.partners[slugs[index % len(slugs)]]


def _catalogue(context):
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else Page.get_first_root_node()
    index = ActivityIndexPage.objects.child_of(home).filter(slug="hyvinvointitarjotin").first()
    if index is None:
        index = home.add_child(
            instance=ActivityIndexPage(
                title="Hyvinvointitarjotin",
                slug="hyvinvointitarjotin",
                intro="<p>Hyvinvointia ja terveyttä edistävää toimintaa Keski-Suomessa: "
                "liikuntaa, kulttuuria, vertaistukea, digitukea ja paljon muuta.</p>",
            )
        )
    return index


def _build(kind, n, municipality, partner, taxonomies, today):
    title = f"{kind['title']}, {municipality.name_fi}"
    page = ActivityPage(
        title=title,
        slug=slugify(f"{kind['title']}-{municipality.name_fi}-{n}")[:80],
        organiser=partner,
        summary=kind["summary"],
        plain_summary=kind["plain"],
        body=[("text", f"<p>{kind['summary']}</p><p>Tervetuloa mukaan!</p>")],
        min_age=kind["ages"][0],
        max_age=kind["ages"][1],
        format=kind["format"],
        online_note=kind.get("online", ""),
        schedule_type=kind["schedule"],
        cost_type=kind["cost"],
        cost_description=kind.get("cost_text", ""),
        languages=kind["languages"],
        registration_required=kind["registration"],
        registration_phone=partner.phone if kind["registration"] else "",
        registration_email=partner.email if kind["registration"] else "",
        contact_title=kind.get("contact", partner.name),
        contact_phone=partner.phone,
        contact_email=partner.email,
    )
    if kind.get("group"):
        page.group_size_min, page.group_size_max = kind["group"]
    weekday, start = WEEKDAY_ROTATION[n % len(WEEKDAY_ROTATION)]
    end = time(start.hour + 1, start.minute + 30 if start.minute < 30 else 0)
    if kind["schedule"] == "weekly":
        page.weekly_times = [WeeklyTime(weekday=weekday, start_time=start, end_time=end)]
        page.valid_from = today - timedelta(days=60)
        page.valid_until = today + timedelta(days=240)
    elif kind["schedule"] == "series":
        count = 5 if "70+" in kind["title"] else 6
        spacing = 28 if count == 5 else 7  # about five meetings over four months
        first = today + timedelta(days=7 + n % 10)
        page.meetings = [
            ActivityMeeting(
                date=first + timedelta(days=spacing * i), start_time=start, end_time=end
            )
            for i in range(count)
        ]
        page.meeting_count = count
    else:
        page.meetings = [
            ActivityMeeting(date=today + timedelta(days=5 + n % 40), start_time=start, end_time=end)
        ]
        page.meeting_count = 1
    place = PLACES.get(municipality.code)
    if place and kind["format"] != "online":
        name, street, postal, lat, lon = place
        page.locations = [
            ActivityLocation(
                name=name,
                street_address=street,
                postal_code=postal,
                municipality=municipality,
                latitude=lat,
                longitude=lon,
            )
        ]
    page.leaders = [
        ActivityLeader(role=role, title=title_, organisation=org, organisation_kind=kind_)
        for role, title_, org, kind_ in kind["leaders"]
    ]
    page.themes = [taxonomies["themes"][s] for s in kind["themes"]]
    page.target_groups = [taxonomies["groups"][s] for s in kind["groups"]]
    page.accessibility_features = [taxonomies["access"][s] for s in kind["access"]]
    page.municipalities = [municipality]
    return page


def load(context):
    today = timezone.localdate()
    index = _catalogue(context)
    taxonomies = {
        "themes": {t.slug: t for t in Theme.objects.all()},
        "groups": {t.slug: t for t in TargetGroup.objects.all()},
        "access": {t.slug: t for t in AccessibilityFeature.objects.all()},
    }
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in=MUNICIPALITY_ROTATION)
    }
    existing = set(ActivityPage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    pages = {}
    for n in range(TARGET_COUNT):
        kind = KINDS[n % len(KINDS)]
        municipality = municipalities[MUNICIPALITY_ROTATION[(n * 5) % len(MUNICIPALITY_ROTATION)]]
        page = _build(kind, n, municipality, _partner_for(kind, n, context), taxonomies, today)
        if page.slug not in existing:
            page.clean_schedule()
            index.add_child(instance=page)
            created += 1
        pages.setdefault(kind["title"], page.slug)
    created += _ended_and_paused(index, existing, context, taxonomies, municipalities, today)
    created_paths = _service_paths(index, pages)
    translated = _translations(index, pages)
    groups = {role: Group.objects.get(name=name) for role, name in GROUP_NAMES.items()}
    activity_roles.configure(groups)
    _review_workflow(index, groups[EDITOR])
    context.extra["activity_index"] = index
    total = ActivityPage.objects.child_of(index).count()
    context.say(
        f"  {total} activities ({created} new), {created_paths} new service paths, "
        f"{translated} new sv/en translations"
    )


def _review_workflow(index, editors):
    """Partner staff edit their organisation's pages (PARTNER_PAGE_EDITING
    "moderated"); the HYTE editors review and publish them in this workflow."""
    workflow, _created = Workflow.objects.get_or_create(name="Toimintasivujen tarkistus")
    task = GroupApprovalTask.objects.filter(name="Toimittaja hyväksyy").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Toimittaja hyväksyy")
    task.groups.set([editors])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})


def _ended_and_paused(index, existing, context, taxonomies, municipalities, today):
    created = 0
    for n, (status, kind) in enumerate((("ended", KINDS[3]), ("paused", KINDS[8])), 100):
        page = _build(
            kind, n, municipalities["179"], context.partners[kind["partners"][0]], taxonomies, today
        )
        page.title = f"{kind['title']} (kevät)" if status == "ended" else page.title
        page.slug = f"{page.slug}-{status}"
        page.status = status
        if status == "ended":
            page.valid_until = today - timedelta(days=30)
            page.meetings = [ActivityMeeting(date=today - timedelta(days=40), start_time=time(18))]
        if page.slug not in existing:
            index.add_child(instance=page)
            created += 1
    return created


def _service_paths(index, pages):
    def url_of(title):
        return ActivityPage.objects.child_of(index).filter(slug=pages[title]).first()

    paths = [
        (
            "liikuntaneuvontaan",
            "Liikuntaneuvontaan hyvinvointilähetteellä",
            "Näin pääset liikuntaneuvontaan, kun ammattilainen suosittelee liikuntaa.",
            "Ammattilainen voi ohjata sinut liikuntaneuvontaan. Näin se menee.",
            [
                (
                    "Keskustelu ammattilaisen kanssa",
                    "terveysaseman hoitaja tai lääkäri",
                    "Kerrot, miten liikut nyt ja mikä liikkumisessa on vaikeaa.",
                    "Ammattilainen ehdottaa liikuntaneuvontaa ja kysyy suostumuksesi lähetteeseen.",
                    "Puhut hoitajan kanssa liikkumisesta.",
                    "Liikuntaneuvonta",
                ),
                (
                    "Liikuntaneuvoja ottaa yhteyttä",
                    "kunnan liikuntaneuvoja",
                    "Vastaat puhelimeen tai tekstiviestiin ja sovit ajan.",
                    "Liikuntaneuvoja soittaa sinulle kahden viikon kuluessa.",
                    "Liikuntaneuvoja soittaa sinulle.",
                    None,
                ),
                (
                    "Oma liikuntasuunnitelma",
                    "liikuntaneuvoja",
                    "Teette yhdessä suunnitelman ja valitset sopivan ryhmän.",
                    "Voit aloittaa ryhmässä heti. Seurantakäynti on noin kolmen kuukauden päästä.",
                    "Teette suunnitelman. Valitset ryhmän.",
                    "Senioreiden kuntosaliryhmä",
                ),
            ],
        ),
        (
            "yksinaisyyteen-apua",
            "Yksinäisyyteen apua: ryhmään mukaan",
            "Kun haluat seuraa ja tekemistä, mutta ryhmään lähteminen jännittää.",
            "Haluatko seuraa? Näin löydät ryhmän.",
            [
                (
                    "Etsi ryhmä",
                    "sinä itse, omainen tai ammattilainen",
                    "Valitse tarjottimelta ryhmä, joka kiinnostaa. Suodata kunnan ja iän mukaan.",
                    "Voit soittaa yhteyshenkilölle ja kysyä lisää ennen kuin tulet.",
                    "Etsi ryhmä tältä sivustolta.",
                    "Helposti lähelläsi -hyvinvointiryhmä 70+",
                ),
                (
                    "Ensimmäinen kerta",
                    "ryhmän ohjaaja",
                    "Tule paikalle. Voit ottaa ystävän mukaan ensimmäisellä kerralla.",
                    "Ohjaaja esittelee ryhmän ja kertoo, mitä seuraavaksi tehdään.",
                    "Tule ryhmään. Ohjaaja ottaa sinut vastaan.",
                    "Omaishoitajien vertaiskahvila",
                ),
                (
                    "Jatka omaan tahtiin",
                    "ryhmä ja ohjaaja",
                    "Osallistu niin usein kuin sopii. Kerro ohjaajalle toiveistasi.",
                    "Tapaamisten sisällöt suunnitellaan yhdessä.",
                    "Tule, kun sinulle sopii.",
                    None,
                ),
            ],
        ),
        (
            "digitukea",
            "Digitukea sähköiseen asiointiin",
            "Apua pankkitunnusten, Omakannan ja videopuhelujen kanssa: lähituesta etätukeen.",
            "Tarvitsetko apua puhelimen tai tietokoneen kanssa? Näin saat apua.",
            [
                (
                    "Valitse tapa",
                    "digituutori",
                    "Valitse lähituki kirjastossa tai etätuki kotona.",
                    "Lähitukeen tullaan ilman ajanvarausta, etätukeen varataan aika.",
                    "Valitse: tuletko paikalle vai saatko apua kotiin.",
                    "Digituki: apua puhelimen ja tabletin käyttöön",
                ),
                (
                    "Ota laite mukaan",
                    "sinä itse",
                    "Ota mukaan puhelin tai tabletti, laturi ja tarvittavat tunnukset.",
                    "Digituutori neuvoo. Hän ei kysy salasanojasi.",
                    "Ota puhelin mukaan.",
                    "Etädigituki verkossa",
                ),
            ],
        ),
    ]
    created = 0
    for slug, title, intro, plain, steps in paths:
        if ServicePathPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        blocks = []
        for step_title, who, action, after, plain_text, link in steps:
            target = url_of(link) if link else None
            blocks.append(
                (
                    "step",
                    {
                        "title": step_title,
                        "who": who,
                        "client_action": f"<p>{action}</p>",
                        "next_step": f"<p>{after}</p>",
                        "plain_language": plain_text,
                        "links": [{"page": target, "label": ""}] if target else [],
                    },
                )
            )
        index.add_child(
            instance=ServicePathPage(
                title=title, slug=slug, intro=f"<p>{intro}</p>", plain_intro=plain, steps=blocks
            )
        )
        created += 1
    return created


# Swedish and English translations of the front page, the catalogue and three
# activities (Wagtail page translations, served at /sv/ and /en/ when
# WAGTAIL_I18N_ENABLED is on). Everything else stays Finnish only: the pages
# mark it lang="fi" (docs/activities.md, "Content language").
HOME_TRANSLATIONS = {
    "sv": (
        "Välfärdsutbudet",
        "<p>Verksamhet som främjar välfärd och hälsa i Mellersta Finland.</p>",
    ),
    "en": (
        "Wellbeing activities",
        "<p>Activities that promote wellbeing and health in Central Finland.</p>",
    ),
}
INDEX_TRANSLATIONS = {
    "sv": (
        "Välfärdsutbudet",
        "<p>Verksamhet som främjar välfärd och hälsa i Mellersta Finland: motion, kultur, "
        "kamratstöd, digitalt stöd och mycket mer.</p>",
    ),
    "en": (
        "Wellbeing activities",
        "<p>Activities that promote wellbeing and health in Central Finland: exercise, "
        "culture, peer support, digital help and much more.</p>",
    ),
}
# Finnish kind title: {language: (title, summary, plain-language summary)}
ACTIVITY_TRANSLATIONS = {
    "Helposti lähelläsi -hyvinvointiryhmä 70+": {
        "sv": (
            "Välfärdsgrupp nära dig 70+",
            "En liten grupp för personer över 70: fem träffar under fyra månader. Innehållet "
            "planeras tillsammans med deltagarna: information om tjänster, samtal och utflykter.",
            "En grupp för personer över 70. Vi träffas fem gånger. Vi pratar och gör saker "
            "tillsammans. Du får information om tjänster.",
        ),
        "en": (
            "Wellbeing group near you 70+",
            "A small group for people over 70: five meetings over four months. The group plans "
            "the content together: information on services, conversation and outings.",
            "A group for people over 70. We meet five times. We talk and do things together. "
            "You get information on services.",
        ),
    },
    "Liikuntaneuvonta": {
        "sv": (
            "Motionsrådgivning",
            "Personlig handledning för att komma i gång med motion: vi går igenom din situation "
            "och gör en plan som passar dig. En yrkesperson kan hänvisa dig hit.",
            "En motionsrådgivare hjälper dig att börja motionera. Vi gör en plan tillsammans.",
        ),
        "en": (
            "Exercise counselling",
            "Personal guidance for getting started with exercise: we look at your situation "
            "and make a plan that suits you. A professional can refer you.",
            "An exercise counsellor helps you start exercising. We make a plan together.",
        ),
    },
    "Senioreiden kuntosaliryhmä": {
        "sv": (
            "Gymgrupp för seniorer",
            "Handledd gymträning för att bevara muskelstyrka och balans. Passar även nybörjare.",
            "Vi tränar på gym med en ledare. Du kan komma även om du aldrig har varit på gym.",
        ),
        "en": (
            "Gym group for seniors",
            "Guided gym training to keep up muscle strength and balance. "
            "Beginners are welcome too.",
            "We train at the gym with an instructor. You can come even if you have never "
            "been to a gym.",
        ),
    },
}
WELCOME = {"sv": "Välkommen med!", "en": "Welcome!"}


def _translate(page, locale, **fields):
    """The page's translation in ``locale``, created and published if missing."""
    if page.get_translation_or_none(locale) is not None:
        return None
    translated = page.copy_for_translation(locale, copy_parents=True, alias=False).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def _translations(index, pages) -> int:
    from wagtail.models import Locale

    created = 0
    home = index.get_parent().specific
    for language in ("sv", "en"):
        locale, _ = Locale.objects.get_or_create(language_code=language)
        title, intro = HOME_TRANSLATIONS[language]
        fields = {"intro": intro} if hasattr(home, "intro") else {}
        created += _translate(home, locale, title=title, **fields) is not None
        title, intro = INDEX_TRANSLATIONS[language]
        created += (
            _translate(index, locale, title=title, slug=slugify(title), intro=intro) is not None
        )
        for kind_title, texts in ACTIVITY_TRANSLATIONS.items():
            page = ActivityPage.objects.child_of(index).get(slug=pages[kind_title])
            title, summary, plain = texts[language]
            municipality = page.municipalities.all()[0]
            place = municipality.name_sv if language == "sv" else municipality.name_fi
            translated = _translate(
                page,
                locale,
                title=f"{title}, {place}",
                slug=slugify(f"{title}-{place}")[:80],
                summary=summary,
                plain_summary=plain,
                body=[("text", f"<p>{summary}</p><p>{WELCOME[language]}</p>")],
            )
            created += translated is not None
    return created
