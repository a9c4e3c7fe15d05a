"""The accessibility statement page (saavutettavuusseloste, Act 306/2019), the
footer links a host puts in its footer (``{% hyte_footer_links %}``) and the
system check hyte.W020."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.utils import translation

from wagtail_hyte.activities.checks import check_footer_links
from wagtail_hyte.activities.models import AccessibilityStatementPage

pytestmark = pytest.mark.django_db

BASE_SETTINGS = {"CONTROLLER": {"name": "Testin hyvinvointialue"}}


def make_statement(parent, **fields):
    values = {
        "title": "Saavutettavuusseloste",
        "slug": "saavutettavuusseloste",
        "intro": "<p>Tämä seloste koskee hyvinvointitarjotinta.</p>",
        "compliance_status": "partial",
        "non_accessible_content": [
            (
                "item",
                {
                    "content": "PDF-aikataulut",
                    "criterion": "1.3.1 Informaatio ja suhteet (A)",
                    "reason": "Taulukoilla ei ole otsikkorivejä.",
                    "alternative": "Aikataulut ovat myös toiminnan sivulla.",
                },
            )
        ],
        "disproportionate_burden": "<p>Vanhoja videoita ei tekstitetä.</p>",
        "assessment_method": "third_party",
        "assessor": "Saavutettavuus Oy",
        "prepared_on": date(2026, 9, 1),
        "reviewed_on": date(2026, 11, 15),
        "feedback_email": "saavutettavuus@example.invalid",
        "feedback_phone": "+358401234567",
        "feedback_url": "https://example.invalid/palaute/",
        **fields,
    }
    return parent.add_child(instance=AccessibilityStatementPage(**values))


def render_footer(request=None):
    return Template("{% load hyte_footer %}{% hyte_footer_links %}").render(
        Context({"request": request})
    )


def test_statement_page_renders_its_fields(client, home_page):
    page = make_statement(home_page)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Saavutettavuusseloste</h1>" in html
    for text in (
        "Tämä seloste koskee hyvinvointitarjotinta.",
        "PDF-aikataulut",
        "1.3.1 Informaatio ja suhteet (A)",
        "Taulukoilla ei ole otsikkorivejä.",
        "Aikataulut ovat myös toiminnan sivulla.",
        "Vanhoja videoita ei tekstitetä.",
        "Saavutettavuus Oy",
        'datetime="2026-09-01"',
        'datetime="2026-11-15"',
        'href="mailto:saavutettavuus@example.invalid"',
        'href="tel:+358401234567"',
        "040 1234567",
        'href="https://example.invalid/palaute/"',
        "Lupa- ja valvontavirasto",
        'href="https://www.saavutettavuusvaatimukset.fi/"',
    ):
        assert text in html, text
    assert html.count("<h2") == 6
    assert "<dl" in html


def test_statement_headings_are_translated(client, home_page):
    page = make_statement(home_page)
    html = client.get(page.url).content.decode()
    assert "Vaatimustenmukaisuus" in html
    assert "Palaute saavutettavuudesta" in html
    html = client.get(f"/sv{page.url}").content.decode()  # i18n_patterns
    assert "Överensstämmelse med kraven" in html


def test_statement_validation(home_page):
    page = AccessibilityStatementPage(
        title="Seloste",
        slug="seloste",
        compliance_status="partial",
        assessment_method="third_party",
        prepared_on=date(2026, 9, 1),
        reviewed_on=date(2026, 8, 1),
        feedback_email="a@example.invalid",
        feedback_phone="040 123 4567",
    )
    with pytest.raises(ValidationError) as info:
        page.full_clean()
    errors = info.value.message_dict
    assert set(errors) >= {"non_accessible_content", "assessor", "reviewed_on"}
    page.compliance_status = "full"
    page.assessment_method = "self"
    page.reviewed_on = date(2026, 10, 1)
    page.path, page.depth = "00010009", 2  # full_clean needs them; not saved
    page.full_clean()
    assert page.feedback_phone == "+358401234567"


def test_statement_may_live_under_any_page(home_page):
    from home.models import HomePage

    assert AccessibilityStatementPage.can_exist_under(home_page)
    assert AccessibilityStatementPage in HomePage.allowed_subpage_models()
    assert AccessibilityStatementPage.allowed_subpage_models() == []


@override_settings(
    WAGTAIL_HYTE={
        **BASE_SETTINGS,
        "CONTROLLER": {"name": "X", "privacy_notice_url": "https://example.invalid/tietosuoja/"},
        "FOOTER_LINKS": {
            "accessibility_statement": "/saavutettavuus/",
            "feedback": "https://example.invalid/palaute/",
        },
    }
)
def test_footer_links_from_settings(home_page):
    make_statement(home_page)  # the setting wins over the page
    with translation.override("fi"):
        html = render_footer(RequestFactory().get("/"))
    assert '<nav class="hyte-footer-links" aria-label="' in html
    assert '<a href="/saavutettavuus/" class="hyte-footer-links__accessibility_statement">' in html
    assert "Saavutettavuusseloste" in html
    assert 'href="https://example.invalid/tietosuoja/"' in html and "Tietosuojaseloste" in html
    assert 'href="https://example.invalid/palaute/"' in html and "Palaute" in html
    assert html.index("saavutettavuus/") < html.index("tietosuoja/") < html.index("palaute/")
    with translation.override("sv"):
        html = render_footer()
    assert "Tillgänglighetsutlåtande" in html
    assert "Dataskyddsbeskrivning" in html
    assert "Respons" in html


@override_settings(WAGTAIL_HYTE=BASE_SETTINGS)
def test_footer_falls_back_to_the_first_live_statement_page(client, home_page):
    draft = make_statement(home_page, slug="luonnos", title="Luonnos")
    draft.unpublish()
    page = make_statement(home_page)
    html = render_footer(RequestFactory().get("/"))
    assert f'href="{page.url}"' in html
    assert "luonnos" not in html
    assert "hyte-footer-links__privacy_notice" not in html
    assert "hyte-footer-links__feedback" not in html
    # The example site's base template includes the footer links.
    response = client.get(page.url)
    assert 'class="hyte-footer-links__accessibility_statement"' in response.content.decode()


@override_settings(WAGTAIL_HYTE=BASE_SETTINGS)
def test_footer_renders_nothing_when_unset(home_page):
    assert render_footer(RequestFactory().get("/")).strip() == ""


@override_settings(WAGTAIL_HYTE=BASE_SETTINGS, DEBUG=False)
def test_check_warns_without_an_accessibility_statement_address():
    [warning] = check_footer_links()
    assert warning.id == "hyte.W020"
    assert "AccessibilityStatementPage" in warning.hint


@override_settings(WAGTAIL_HYTE=BASE_SETTINGS, DEBUG=True)
def test_check_is_silent_while_debug_is_on():
    assert check_footer_links() == []


@override_settings(
    WAGTAIL_HYTE={**BASE_SETTINGS, "FOOTER_LINKS": {"accessibility_statement": "/seloste/"}},
    DEBUG=False,
)
def test_check_is_silent_with_an_address():
    assert check_footer_links() == []


def test_editor_can_open_the_add_and_edit_forms(client, home_page, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    client.force_login(user)
    add = client.get(
        f"/admin/pages/add/wagtail_hyte_activities/accessibilitystatementpage/{home_page.pk}/"
    )
    assert add.status_code == 200
    html = add.content.decode()
    assert "Lupa- ja valvontavirasto" in html  # the editable default
    page = make_statement(home_page)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@override_settings(
    WAGTAIL_HYTE={**BASE_SETTINGS, "FOOTER_LINKS": {"accessibility_statement": "/seloste/"}}
)
def test_footer_with_an_address_makes_no_queries(django_assert_num_queries, home_page):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        assert 'href="/seloste/"' in render_footer(request)


@override_settings(WAGTAIL_HYTE=BASE_SETTINGS)
def test_footer_skips_a_private_statement(home_page):
    from wagtail.models import PageViewRestriction

    page = make_statement(home_page)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert render_footer(RequestFactory().get("/")).strip() == ""


def test_demo_step_creates_a_valid_statement_once(client, home_page):
    import io

    from demo.context import DemoContext
    from demo.data import accessibility

    context = DemoContext(stdout=io.StringIO(), password="x")
    accessibility.load(context)
    accessibility.load(context)  # idempotent
    [page] = AccessibilityStatementPage.objects.all()
    page.full_clean()
    assert page.url == "/saavutettavuusseloste/"  # FOOTER_LINKS of the example site
    html = client.get(page.url).content.decode()
    assert 'href="/saavutettavuusseloste/"' in html
    assert "Toimijoiden liittämät PDF-esitteet" in html
