"""Demo partners of every kind across Keski-Suomi municipalities.

Names are invented for the demo; business IDs are made up but carry valid
check digits so that the validation accepts them.
"""

from wagtail_hyte.core.models import Municipality
from wagtail_hyte.partners.models import MembershipRole, Partner, PartnerMembership
from wagtail_hyte.partners.validators import business_id_check_digit

KESKI_SUOMI = "Keski-Suomi"


def fake_business_id(seed: int) -> str:
    n = 2900000 + seed * 7
    while business_id_check_digit(f"{n:07d}") is None:
        n += 1
    return f"{n:07d}-{business_id_check_digit(f'{n:07d}')}"


# slug, name, kind, municipality codes (None = all of Keski-Suomi), phone, description
DEMO_PARTNERS = [
    (
        "jyvaskyla-liikunta",
        "Jyväskylän kaupunki, liikuntapalvelut",
        "municipality",
        ["179"],
        "+358142660000",
        "Ohjattua liikuntaa ja liikuntaneuvontaa kaikenikäisille.",
    ),
    (
        "aanekoski-kulttuuri",
        "Äänekosken kaupunki, kulttuuripalvelut",
        "municipality",
        ["992"],
        "+358207632000",
        "Kulttuuriryhmiä, kirjaston tapahtumia ja taidetta arkeen.",
    ),
    (
        "hyvinvointialue-hyte",
        "Keski-Suomen hyvinvointialue, hyte-yksikkö",
        "welfare_area",
        None,
        "+358142660001",
        "Hyvinvoinnin ja terveyden edistämisen ryhmät ja neuvonta.",
    ),
    (
        "laukaan-elakelaiset",
        "Laukaan Eläkeläiset ry",
        "association",
        ["410"],
        "+358401234001",
        "Vertaisryhmiä, retkiä ja yhdessäoloa ikäihmisille.",
    ),
    (
        "mielenterveys-ks",
        "Mielen hyvinvoinnin yhdistys Keski-Suomi ry",
        "association",
        ["179", "500", "182"],
        "+358401234002",
        "Vertaistukea ja matalan kynnyksen kohtaamispaikka.",
    ),
    (
        "jamsan-seurakunta",
        "Jämsän seurakunta",
        "parish",
        ["182"],
        "+358401234003",
        "Diakoniatyön ryhmät, ruokailut ja keskusteluapu.",
    ),
    (
        "digituki-hanke",
        "Pohjoisen Keski-Suomen digitukihanke",
        "project",
        ["729", "931", "601", "216", "226"],
        "+358401234004",
        "Digitukea puhelimen, tabletin ja asiointipalvelujen käyttöön.",
    ),
    (
        "keuruun-liikuntakeskus",
        "Keuruun Liikuntakeskus Oy",
        "company",
        ["249"],
        "+358401234005",
        "Kuntosali, vesijumppa ja senioriliikunta.",
    ),
    (
        "muuramen-martat",
        "Muuramen Marttayhdistys ry",
        "association",
        ["500", "850"],
        "+358401234006",
        "Ruoka- ja ravitsemuskursseja sekä kotitalousneuvontaa.",
    ),
    (
        "jyvaskylan-latu",
        "Keski-Suomen Latu ry",
        "association",
        ["179", "410", "592", "892"],
        "+358401234007",
        "Retkiä, luontoliikuntaa ja ulkoilua yhdessä.",
    ),
]


def load(context):
    municipalities = {m.code: m for m in Municipality.objects.all()}
    keski_suomi = [m for m in municipalities.values() if m.region == KESKI_SUOMI]
    for seed, (slug, name, kind, codes, phone, description) in enumerate(DEMO_PARTNERS, 1):
        partner, _created = Partner.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "business_id": fake_business_id(seed),
                "phone": phone,
                "email": f"{slug}@example.invalid",
                "website": f"https://{slug}.example.invalid/",
                "description": f"<p>{description}</p>",
                "active": True,
            },
        )
        served = keski_suomi if codes is None else [municipalities[c] for c in codes]
        partner.municipalities.set(served)
        context.partners[slug] = partner

    memberships = [
        ("partner", "laukaan-elakelaiset", MembershipRole.MANAGER),
        ("partner2", "mielenterveys-ks", MembershipRole.STAFF),
    ]
    for username, slug, role in memberships:
        user = context.users[username][0]
        PartnerMembership.objects.update_or_create(
            partner=context.partners[slug], user=user, defaults={"role": role}
        )
    context.say(f"  {len(DEMO_PARTNERS)} partners")
