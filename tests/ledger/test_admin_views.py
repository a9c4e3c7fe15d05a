"""Auditor views: auditors only (HTTP level), read-only, filters work."""

import json

import pytest
from django.urls import reverse

from wagtail_hyte.ledger.checkpoints import make_checkpoint
from wagtail_hyte.ledger.services import read_contact_details
from wagtail_hyte.ledger.verification import verify_chain

pytestmark = pytest.mark.django_db

ROLES = ["editor", "professional", "partner_staff", "coordinator"]


@pytest.fixture
def audited(make_subject, consent_for, professional):
    subject = make_subject()
    consent_for(subject)
    read_contact_details(subject, professional, "referral.contact")
    make_checkpoint()
    verify_chain()
    return subject


def urls(subject):
    return [
        reverse("hyte_ledger:entries"),
        reverse("hyte_ledger:entries_results"),
        reverse("hyte_ledger:reads"),
        reverse("hyte_ledger:reads_results"),
        reverse("hyte_ledger:subject", args=[subject.pk]),
        reverse("hyte_ledger:integrity"),
        reverse("hyte_ledger:export"),
        reverse("hyte_ledger:latest_checkpoint"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_other_roles_are_refused(client, make_user, audited, role):
    client.force_login(make_user(role))
    for url in urls(audited):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/admin/" in response["Location"]
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("hyte_ledger:entries") not in menu


def test_anonymous_is_sent_to_login(client, audited):
    for url in urls(audited):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_auditor_sees_every_view(client, make_user, audited):
    client.force_login(make_user("auditor"))
    for url in urls(audited):
        assert client.get(url).status_code == 200, url
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("hyte_ledger:entries") in home


def test_views_are_read_only(client, make_user, audited):
    client.force_login(make_user("auditor"))
    for url in urls(audited):
        assert client.post(url).status_code in (403, 405), url


def test_ledger_filters(client, make_user, audited, professional):
    client.force_login(make_user("auditor"))
    url = reverse("hyte_ledger:entries")
    page = client.get(url, {"kind": "personal_data.read"}).content.decode()
    assert "referral.contact" in page
    assert "notice_sha256" not in page  # consent.given entries are filtered out
    page = client.get(url, {"subject": str(audited.pk)}).content.decode()
    assert str(audited.pk)[:8] in page
    page = client.get(url, {"actor": "system:nobody"}).content.decode()
    assert str(audited.pk)[:8] not in page
    page = client.get(
        url, {"created_at_from": "2000-01-01", "created_at_to": "2000-01-02"}
    ).content.decode()
    assert str(audited.pk)[:8] not in page
    page = client.get(url, {"created_at_from": "2000-01-01"}).content.decode()
    assert str(audited.pk)[:8] in page


def test_reads_and_timeline_content(client, make_user, audited, professional, partner):
    client.force_login(make_user("auditor"))
    reads = client.get(reverse("hyte_ledger:reads")).content.decode()
    assert "referral.contact" in reads and f"user:{professional.pk}" in reads
    timeline = client.get(reverse("hyte_ledger:subject", args=[audited.pk])).content.decode()
    assert partner.name in timeline and "referral.contact" in timeline
    assert "Client" not in timeline  # no personal data in the audit views


def test_integrity_and_export(client, make_user, audited):
    client.force_login(make_user("auditor"))
    page = client.get(reverse("hyte_ledger:integrity")).content.decode()
    from wagtail_hyte.ledger.models import ChainHead

    assert ChainHead.objects.get().hash in page
    assert "help-info" in page  # the last verification passed
    response = client.get(reverse("hyte_ledger:export"))
    body = b"".join(response.streaming_content).decode()
    assert json.loads(body.splitlines()[0])["type"] == "header"
    assert "Client" not in body
    note = client.get(reverse("hyte_ledger:latest_checkpoint")).content.decode()
    assert note.startswith("wagtail-hyte/ledger\n")


def test_unknown_subject_is_404(client, make_user):
    client.force_login(make_user("auditor"))
    url = reverse("hyte_ledger:subject", args=["00000000-0000-4000-8000-000000000000"])
    assert client.get(url).status_code == 404


def test_the_timeline_names_people_and_purposes_in_words(
    client, make_user, audited, professional, partner
):
    from wagtail_hyte.ledger.contact import DATA_CATEGORIES

    professional.first_name, professional.last_name = "Pirjo", "Palvelija"
    professional.save()
    client.force_login(make_user("auditor"))
    timeline = client.get(reverse("hyte_ledger:subject", args=[audited.pk])).content.decode()
    assert "Pirjo Palvelija" in timeline
    consents = timeline.split('id="hyte-consents-heading"', 1)[-1].split("</table>", 1)[0]
    assert str(DATA_CATEGORIES["name"]) in consents
    assert "<code>referral</code>" not in consents
