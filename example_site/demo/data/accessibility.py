"""The demo accessibility statement (saavutettavuusseloste), linked from the footer.

Idempotent: the page is found by slug under the site's home page.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page, Site

from wagtail_hyte.activities.models import AccessibilityStatementPage

SLUG = "saavutettavuusseloste"

NON_ACCESSIBLE = [
    {
        "content": "Toimijoiden liittämät PDF-esitteet",
        "criterion": "1.3.1 Informaatio ja suhteet (A), 2.4.2 Sivuotsikot (A)",
        "reason": (
            "Osa toimijoiden lisäämistä PDF-esitteistä on skannattuja kuvia: ruudunlukija ei "
            "lue niiden tekstiä, eikä niissä ole otsikkorakennetta."
        ),
        "alternative": (
            "Toiminnan tiedot ovat aina myös toiminnan sivulla tekstinä. Pyydämme toimijoilta "
            "saavutettavat esitteet, kun niitä päivitetään."
        ),
    },
    {
        "content": "Upotetut videot",
        "criterion": "1.2.2 Tekstitys (tallennettu) (A)",
        "reason": "Kaikissa toimijoiden videoissa ei ole tekstitystä.",
        "alternative": (
            "Videon sisältö kerrotaan toiminnan kuvauksessa. Pyydämme toimijoilta "
            "tekstitykset, kun videoita päivitetään."
        ),
    },
    {
        "content": "Toimipaikkojen kartat",
        "criterion": "1.1.1 Ei-tekstuaalinen sisältö (A)",
        "reason": "Karttakuvalla ei ole tekstivastinetta.",
        "alternative": "Toimipaikan osoite on kartan vieressä tekstinä.",
    },
]


def load(context):
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else Page.get_first_root_node()
    if AccessibilityStatementPage.objects.child_of(home).filter(slug=SLUG).exists():
        context.say("  accessibility statement exists")
        return
    today = timezone.localdate()
    page = AccessibilityStatementPage(
        title="Saavutettavuusseloste",
        slug=SLUG,
        intro=(
            "<p>Tämä saavutettavuusseloste koskee Keski-Suomen hyvinvointialueen "
            "hyvinvointitarjotinta. Haluamme, että mahdollisimman moni voi käyttää "
            "palvelua. Laki digitaalisten palvelujen tarjoamisesta (306/2019) edellyttää, "
            "että julkisilla verkkopalveluilla on saavutettavuusseloste.</p>"
        ),
        compliance_status="partial",
        non_accessible_content=[("item", item) for item in NON_ACCESSIBLE],
        disproportionate_burden=(
            "<p>Vuosien 2021–2023 hyvinvointikertomusten liitetaulukot ovat PDF-tiedostoina. "
            "Niiden muuttaminen saavutettaviksi olisi kohtuuton rasite, koska taulukoita on "
            "satoja eikä niitä tarvita palvelun käyttöön. Toimitamme pyydettäessä tiedot "
            "saavutettavassa muodossa.</p>"
        ),
        assessment_method="self",
        prepared_on=today - timedelta(days=90),
        reviewed_on=today - timedelta(days=14),
        feedback_email="saavutettavuus@example.invalid",
        feedback_phone="+358401234000",
        feedback_url="https://example.invalid/palaute/",
    )
    home.add_child(instance=page)
    context.say("  accessibility statement created")
