"""The admin views: only professionals (HTTP level), the form, the short list, print and PDF."""

import io

import pytest
from django.core import mail
from django.urls import reverse

from tests.helpers import unavailable
from wagtail_hyte.recommendations.models import RecommendationCount
from wagtail_hyte.recommendations.shortlist import SESSION_KEY

from .conftest import EMAIL, PHONE, url_in

HEADERS = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def activity(make_activity):
    return make_activity(
        "Kävelyryhmä",
        summary="Ohjattu kävely puistossa.",
        plain_summary="Kävelemme yhdessä.",
        cost_type="paid",
        cost_description="2 € kerta",
        registration_required=True,
        registration_phone="+358401112222",
        contact_title="Liikuntaneuvonta",
        contact_email="liikunta@example.fi",
    )


def refused(response):
    """Wagtail turns PermissionDenied into a redirect to the dashboard (never to login)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def _urls(activity):
    return [
        reverse("hyte_recommend:recommend") + f"?activity={activity.pk}",
        reverse("hyte_recommend:shortlist"),
        reverse("hyte_recommend:print") + f"?activity={activity.pk}&language=fi",
    ]


@pytest.mark.parametrize("role", ["editor", "partner_staff", "coordinator", "auditor"])
def test_other_roles_are_refused(client, make_user, activity, role):
    client.force_login(make_user(role))
    for url in _urls(activity):
        assert refused(client.get(url)), url
    response = client.post(
        reverse("hyte_recommend:recommend"),
        {"activities": [activity.pk], "channel": "email", "language": "fi", "email": EMAIL},
    )
    assert refused(response)
    add = reverse("hyte_recommend:shortlist_add", args=[activity.pk])
    assert refused(client.post(add))
    assert SESSION_KEY not in client.session
    assert mail.outbox == []
    assert not RecommendationCount.objects.exists()


def test_anonymous_is_sent_to_login(client, activity):
    for url in _urls(activity):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ["professional", "superuser"])
def test_professionals_and_superusers_may(client, make_user, activity, role):
    client.force_login(make_user(role))
    for url in _urls(activity):
        assert client.get(url).status_code == 200, url


def test_pages_have_their_titles(pro_client, activity):
    import re

    for url, title in (
        (reverse("hyte_recommend:recommend"), "Recommend to a client"),
        (reverse("hyte_recommend:shortlist"), "Short list"),
    ):
        html = pro_client.get(url).content.decode()
        assert re.search(r"<h1[^>]*>\s*(<[^>]+>\s*)*" + title, html), url


def test_form_sends_email_and_keeps_no_address(pro_client, activity):
    response = pro_client.post(
        reverse("hyte_recommend:recommend"),
        {"activities": [activity.pk], "channel": "email", "language": "sv", "email": EMAIL},
        **HEADERS,
    )
    assert response.status_code == 302
    assert EMAIL not in response["Location"]
    assert mail.outbox[0].to == [EMAIL]
    assert mail.outbox[0].subject == "Rekommendation: verksamhet för dig"
    page = pro_client.get(response["Location"], **HEADERS).content.decode()
    assert "The email was sent." in page
    assert EMAIL not in page


def test_form_errors_are_clear(pro_client, activity):
    response = pro_client.post(
        reverse("hyte_recommend:recommend"),
        {"activities": [activity.pk], "channel": "sms", "language": "fi", "phone": "123"},
        **HEADERS,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The recommendation was not sent." in html
    assert "This phone number is not valid. Check the number and the country code." in html
    response = pro_client.post(
        reverse("hyte_recommend:recommend"),
        {"activities": [activity.pk], "channel": "email", "language": "fi", "phone": PHONE},
        **HEADERS,
    )
    assert "Enter the client&#x27;s email address for an email." in response.content.decode()
    assert mail.outbox == []


def test_failed_sms_is_reported_to_the_professional(pro_client, activity, http_sms):
    http_sms.statuses = [500, 500, 500, 500]
    response = pro_client.post(
        reverse("hyte_recommend:recommend"),
        {"activities": [activity.pk], "channel": "sms", "language": "fi", "phone": PHONE},
        **HEADERS,
    )
    page = pro_client.get(response["Location"], **HEADERS).content.decode()
    assert "The text message could not be sent" in page
    assert "the SMS gateway answered HTTP 500" in page
    assert "Failed" in page  # in Recent messages


def test_shortlist_in_session(pro_client, activity, make_activity):
    other = make_activity("Kuoro")
    back = url_in(activity).replace("http://localhost", "")
    add = reverse("hyte_recommend:shortlist_add", args=[activity.pk])
    response = pro_client.post(add + "?next=" + back)
    assert response["Location"] == back
    pro_client.post(reverse("hyte_recommend:shortlist_add", args=[other.pk]))
    assert pro_client.session[SESSION_KEY] == [activity.pk, other.pk]
    # An outside "next" is ignored.
    response = pro_client.post(add + "?next=https://evil.example/")
    assert response["Location"] == reverse("hyte_recommend:shortlist")
    page = pro_client.get(reverse("hyte_recommend:shortlist"), **HEADERS).content.decode()
    assert "Kävelyryhmä" in page and "Kuoro" in page
    form = pro_client.get(reverse("hyte_recommend:recommend") + "?shortlist=1", **HEADERS)
    assert form.context["form"].initial["activities"] == [activity.pk, other.pk]
    pro_client.post(reverse("hyte_recommend:shortlist_remove", args=[activity.pk]))
    assert pro_client.session[SESSION_KEY] == [other.pk]
    pro_client.post(reverse("hyte_recommend:shortlist_clear"))
    assert SESSION_KEY not in pro_client.session
    assert pro_client.get(reverse("hyte_recommend:shortlist_clear")).status_code == 405


def test_activity_page_actions_for_professionals_only(client, pro_client, activity, make_user):
    url = url_in(activity)
    html = pro_client.get(url, **HEADERS).content.decode()
    assert reverse("hyte_recommend:recommend") + f"?activity={activity.pk}" in html
    assert reverse("hyte_recommend:shortlist_add", args=[activity.pk]) in html
    pro_client.post(reverse("hyte_recommend:shortlist_add", args=[activity.pk]))
    html = pro_client.get(url, **HEADERS).content.decode()
    assert reverse("hyte_recommend:shortlist_remove", args=[activity.pk]) in html
    client.logout()
    assert "hyte-action--recommend" not in client.get(url).content.decode()
    client.force_login(make_user("editor"))
    assert "hyte-action--recommend" not in client.get(url).content.decode()


def test_print_choice_counts_and_redirects_to_print_page(pro_client, activity):
    response = pro_client.post(
        reverse("hyte_recommend:recommend"),
        {"activities": [activity.pk], "channel": "print", "language": "en", "plain": "on"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("hyte_recommend:print"))
    assert "plain=1" in response["Location"] and "language=en" in response["Location"]
    assert RecommendationCount.objects.get().channel == "print"
    html = pro_client.get(response["Location"], **HEADERS).content.decode()
    assert '<html lang="en">' in html
    assert "Activities recommended for you" in html
    assert "Kävelemme yhdessä." in html  # plain-language summary
    assert "Paid: 2 € kerta" in html
    assert "Phone +358401112222" in html
    assert "Liikuntaneuvonta" in html
    assert 'src="data:image/svg+xml' in html
    assert "QR code: the page of Kävelyryhmä" in html
    assert url_in(activity, "en") in html


def test_pdf_has_the_letter_and_facts(pro_client, activity):
    try:
        import pypdf
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        unavailable(f"PDF tools: {exc}")
    url = reverse("hyte_recommend:pdf") + f"?activity={activity.pk}&language=fi"
    response = pro_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    flat = " ".join(text.split())
    assert "Keski-Suomen hyvinvointialue (demo)" in flat
    assert "Kuten sovimme" in flat
    assert "Kävelyryhmä" in flat
    assert "Ohjattu kävely puistossa." in flat
    assert "Pääkirjasto, sali 2" in flat
    assert "2 € kerta" in flat
    assert "Liikuntaneuvonta" in flat
    assert "Tiina Terveys" in flat
    assert "Print" not in flat  # controls are not in the PDF


def test_print_refuses_bad_requests(pro_client, activity):
    url = reverse("hyte_recommend:print")
    assert pro_client.get(url + "?language=fi").status_code == 400
    assert pro_client.get(url + f"?activity={activity.pk}&language=de").status_code == 400


def test_pdf_without_weasyprint_explains(pro_client, activity, monkeypatch):
    from wagtail_hyte.recommendations import pdf

    def missing(html):
        raise pdf.PdfUnavailable("no pango")

    monkeypatch.setattr(pdf, "html_to_pdf", missing)
    url = reverse("hyte_recommend:pdf") + f"?activity={activity.pk}&language=fi"
    response = pro_client.get(url)
    assert response.status_code == 503
    assert "Use Print instead" in response.content.decode()
