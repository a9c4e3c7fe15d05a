"""The initial themes, target groups and accessibility features (fi, sv, en).

Loaded by migration 0002; editors manage them afterwards. ``seed_taxonomies``
creates missing terms and never overwrites an editor's changes.
"""

THEMES = [
    ("mental-wellbeing", "Mielen hyvinvointi", "Psykiskt välbefinnande", "Mental wellbeing"),
    ("physical-activity", "Liikunta", "Motion", "Physical activity"),
    ("everyday-safety", "Arjen turvallisuus", "Trygghet i vardagen", "Everyday safety"),
    ("culture", "Kulttuuri", "Kultur", "Culture"),
    (
        "social-participation",
        "Osallisuus ja yhdessäolo",
        "Delaktighet och gemenskap",
        "Social participation",
    ),
    ("digital-skills", "Digitaidot", "Digitala färdigheter", "Digital skills"),
    ("nature", "Luonto", "Natur", "Nature"),
    ("nutrition", "Ravitsemus", "Kost och näring", "Nutrition"),
    ("peer-support", "Vertaistuki", "Kamratstöd", "Peer support"),
    ("substance-free", "Päihteettömyys", "Rusfrihet", "Substance-free life"),
    ("family-life", "Perheiden hyvinvointi", "Familjers välbefinnande", "Family wellbeing"),
]

TARGET_GROUPS = [
    ("children", "Lapset", "Barn", "Children"),
    ("young-people", "Nuoret", "Unga", "Young people"),
    ("families", "Lapsiperheet", "Barnfamiljer", "Families with children"),
    ("working-age", "Työikäiset", "Personer i arbetsför ålder", "Working-age adults"),
    (
        "unemployed",
        "Työttömät työikäiset",
        "Arbetslösa i arbetsför ålder",
        "Unemployed working-age adults",
    ),
    ("older-people", "Ikäihmiset", "Äldre", "Older people"),
    ("carers", "Omaishoitajat", "Närståendevårdare", "Family carers"),
    (
        "disabled-people",
        "Vammaiset henkilöt",
        "Personer med funktionsnedsättning",
        "People with disabilities",
    ),
    ("immigrants", "Maahan muuttaneet", "Invandrare", "Immigrants"),
    ("everyone", "Kaikki", "Alla", "Everyone"),
]

ACCESSIBILITY_FEATURES = [
    ("step-free", "Esteetön kulku", "Steglös entré", "Step-free access"),
    ("induction-loop", "Induktiosilmukka", "Hörslinga", "Induction loop"),
    ("accessible-toilet", "Esteetön WC", "Tillgänglig toalett", "Accessible toilet"),
    ("parking", "Pysäköinti lähellä", "Parkering nära", "Parking nearby"),
    (
        "public-transport",
        "Joukkoliikenne lähellä",
        "Kollektivtrafik nära",
        "Public transport nearby",
    ),
    (
        "sign-language",
        "Viittomakielen tulkkaus",
        "Teckenspråkstolkning",
        "Sign language interpretation",
    ),
    (
        "plain-language",
        "Selkokieliset materiaalit",
        "Material på lättläst språk",
        "Plain-language materials",
    ),
    (
        "low-stimulus",
        "Rauhallinen, vähävirikkeinen tila",
        "Lugnt utrymme med få intryck",
        "Quiet, low-stimulus space",
    ),
    (
        "assistance-dog",
        "Avustajakoira tervetullut",
        "Assistanshund välkommen",
        "Assistance dogs welcome",
    ),
    ("large-print", "Isotekstiset materiaalit", "Material i stor stil", "Large-print materials"),
]


def seed_taxonomies(theme_model, target_group_model, accessibility_model) -> int:
    created = 0
    for model, rows in (
        (theme_model, THEMES),
        (target_group_model, TARGET_GROUPS),
        (accessibility_model, ACCESSIBILITY_FEATURES),
    ):
        for order, (slug, fi, sv, en) in enumerate(rows, 1):
            _obj, was_created = model.objects.get_or_create(
                slug=slug,
                defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "sort_order": order * 10},
            )
            created += was_created
    return created
