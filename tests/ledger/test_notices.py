"""Consent notices: coordinators publish them; a text in use cannot change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail_hyte.ledger.models import ConsentNotice

pytestmark = pytest.mark.django_db

FORM = {
    "key": "referral",
    "version": "2",
    "language": "sv",
    "title": "Samtycke",
    "text": "Jag samtycker.",
}


def test_coordinator_publishes_a_notice(client, make_user):
    client.force_login(make_user("coordinator"))
    response = client.post(reverse("wagtailsnippets_wagtail_hyte_ledger_consentnotice:add"), FORM)
    assert response.status_code == 302
    notice = ConsentNotice.objects.get(version=2)
    assert notice.text_sha256 == ConsentNotice.hash_text("Jag samtycker.")


def test_unknown_language_refused(client, make_user):
    client.force_login(make_user("coordinator"))
    url = reverse("wagtailsnippets_wagtail_hyte_ledger_consentnotice:add")
    response = client.post(url, {**FORM, "language": "de"})
    assert response.status_code == 200
    assert not ConsentNotice.objects.filter(language="de").exists()


def test_text_in_use_cannot_change(notice, make_subject, consent_for, client, make_user):
    notice.text = "Changed before use."
    notice.full_clean()  # unused: may still change
    notice.save()
    consent_for(make_subject())
    notice.text = "Changed after use."
    with pytest.raises(ValidationError):
        notice.full_clean()
    client.force_login(make_user("coordinator"))
    url = reverse("wagtailsnippets_wagtail_hyte_ledger_consentnotice:edit", args=[notice.pk])
    data = {
        "key": "referral",
        "version": "1",
        "language": "fi",
        "title": notice.title,
        "text": "Changed after use.",
    }
    assert client.post(url, data).status_code == 200  # the form shows the error
    notice.refresh_from_db()
    assert notice.text == "Changed before use."


@pytest.mark.parametrize("role", ["professional", "partner_staff", "editor", "auditor"])
def test_other_roles_cannot_add(client, make_user, role):
    client.force_login(make_user(role))
    url = reverse("wagtailsnippets_wagtail_hyte_ledger_consentnotice:add")
    assert client.get(url).status_code in (302, 403)


def test_nobody_but_superusers_may_delete(client, make_user, notice):
    client.force_login(make_user("coordinator"))
    url = reverse("wagtailsnippets_wagtail_hyte_ledger_consentnotice:delete", args=[notice.pk])
    assert client.get(url).status_code in (302, 403)
    assert ConsentNotice.objects.filter(pk=notice.pk).exists()
