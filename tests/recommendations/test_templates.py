"""Coordinators edit message templates per language; placeholders are checked; preview."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail_hyte.recommendations import services
from wagtail_hyte.recommendations.defaults import DEFAULT_TEMPLATES
from wagtail_hyte.recommendations.models import MessageTemplate

from .conftest import EMAIL

ADMIN = "/admin/hyte/message-templates"


def test_defaults_are_seeded_for_every_kind_and_language(db):
    seeded = set(MessageTemplate.objects.values_list("kind", "language"))
    assert seeded == {(k, lang) for k in DEFAULT_TEMPLATES for lang in ("fi", "sv", "en")}
    for template in MessageTemplate.objects.all():
        template.full_clean()


@pytest.mark.parametrize(
    ("kind", "subject", "body", "field", "message"),
    [
        ("sms", "", "Hei {nimi} {activities}", "body", "Unknown placeholders: {nimi}."),
        ("sms", "", "Hei!", "body", "The text must contain {activities}"),
        ("letter", "", "Katso {activities}", "body", "Unknown placeholders: {activities}."),
        ("email", "", "Hei {activities}", "subject", "An email needs a subject."),
        ("email", "Hei {asiakas}", "{activities}", "subject", "Unknown placeholders: {asiakas}."),
    ],
)
def test_placeholders_are_checked(db, kind, subject, body, field, message):
    template = MessageTemplate(kind=kind, language="fi", subject=subject, body=body)
    with pytest.raises(ValidationError) as exc:
        template.clean()
    assert message in exc.value.message_dict[field][0]


def test_edited_template_is_used(professional, make_activity):
    template = MessageTemplate.objects.get(kind="email", language="fi")
    template.subject = "Vinkki {date}"
    template.body = (
        "Moi! {activity_count} vinkkiä:\n{activities}\n-- {professional}, {organisation}"
    )
    template.save()
    services.recommend(
        user=professional,
        activities=[make_activity("Kuoro")],
        channel="email",
        language="fi",
        email=EMAIL,
    )
    message = mail.outbox[0]
    assert message.subject.startswith("Vinkki ")
    assert message.body.startswith("Moi! 1 vinkkiä:\nKuoro")
    assert "-- Tiina Terveys, Keski-Suomen hyvinvointialue (demo)" in message.body


def test_missing_template_falls_back_to_default(professional, make_activity):
    MessageTemplate.objects.filter(kind="email", language="sv").delete()
    services.recommend(
        user=professional, activities=[make_activity()], channel="email", language="sv", email=EMAIL
    )
    assert mail.outbox[0].subject == DEFAULT_TEMPLATES["email"]["sv"][0]


def test_html_email_escapes_template_text(professional, make_activity):
    template = MessageTemplate.objects.get(kind="email", language="en")
    template.body = "<script>alert(1)</script> {activities}"
    template.save()
    services.recommend(
        user=professional, activities=[make_activity()], channel="email", language="en", email=EMAIL
    )
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_coordinator_edits_and_previews(client, make_user):
    coordinator = make_user("coordinator")
    client.force_login(coordinator)
    listing = client.get(ADMIN + "/")
    assert listing.status_code == 200
    template = MessageTemplate.objects.get(kind="sms", language="sv")
    edit = client.get(f"{ADMIN}/edit/{template.pk}/")
    assert edit.status_code == 200
    response = client.post(
        f"{ADMIN}/edit/{template.pk}/",
        {
            "kind": "sms",
            "language": "sv",
            "subject": "",
            "body": "Hej! {activities} /{organisation}",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body == "Hej! {activities} /{organisation}"
    for kind in ("sms", "email", "letter"):
        obj = MessageTemplate.objects.get(kind=kind, language="en")
        preview_url = f"{ADMIN}/preview/{obj.pk}/"
        data = {"kind": kind, "language": "en", "subject": obj.subject, "body": obj.body}
        assert client.post(preview_url, data).json()["is_valid"]
        html = client.get(preview_url).content.decode()
        assert "Walking group for over 70s" in html, kind


def test_professionals_cannot_edit_templates(client, make_user):
    client.force_login(make_user("professional"))
    response = client.get(ADMIN + "/")
    assert response.status_code in (302, 403)
    assert "/login/" not in response.get("Location", "")


def test_figures_for_coordinators(client, make_user, professional, make_activity):
    services.recommend(
        user=professional, activities=[make_activity("Kuoro")], channel="print", language="fi"
    )
    client.force_login(make_user("coordinator"))
    html = client.get(reverse("hyte_recommend:figures")).content.decode()
    assert "Kuoro" in html
    client.force_login(professional)
    assert client.get(reverse("hyte_recommend:figures")).status_code in (302, 403)
