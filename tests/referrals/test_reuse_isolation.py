"""Issue 10 item 7: reusing a client never overwrites another referral's details."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wagtail_hyte.ledger.models import ContactDetails
from wagtail_hyte.referrals import services
from wagtail_hyte.referrals.models import Referral

from .conftest import CLIENT
from .test_flow import client_tokens, shown


def test_reuse_keeps_older_referrals_details(world, refer):
    first = refer()
    stored = bytes(ContactDetails.objects.get(subject=first.subject).ciphertext)
    second = refer(
        details={"name": "Uusi Nimi", "phone": "040 111 2222", "email": ""},
        subject=first.subject,
    )
    assert second.subject_id == first.subject_id
    # the subject's stored details are untouched
    assert bytes(ContactDetails.objects.get(subject=first.subject).ciphertext) == stored
    old = services.read_contact_details(
        first.subject,
        world.staff,
        "referral.contact_client",
        recipient=world.partner,
        consent=first.consent,
        referral=first,
    )
    new = services.read_contact_details(
        second.subject,
        world.staff,
        "referral.contact_client",
        recipient=world.partner,
        consent=second.consent,
        referral=second,
    )
    assert old.name == CLIENT["name"] and old.phone == "+358407654321"
    assert new.name == "Uusi Nimi" and new.phone == "+358401112222"


def test_only_own_clients_can_be_reused(world, refer):
    first = refer()  # by world.professional
    with pytest.raises(PermissionDenied):
        refer(professional=world.professional2, subject=first.subject)
    assert Referral.objects.filter(subject=first.subject).count() == 1


def test_another_professional_is_not_offered_the_client(client, world, refer):
    refer()
    client.force_login(world.professional2)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    consent = {**CLIENT, **shown(world), "collection_method": "written", "confirmed": "on"}
    response = client.post(url, {**consent, "step": "consent"})
    # no match among their own clients: the referral is made for a new client record
    assert response.status_code == 302
    assert Referral.objects.count() == 2
    assert len({r.subject_id for r in Referral.objects.all()}) == 2


def test_reuse_over_http_does_not_change_first_receipt(client, world, refer):
    first = refer()
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    consent = {
        **CLIENT,
        **shown(world),
        "name": "Toinen Nimi",
        "collection_method": "written",
        "confirmed": "on",
    }
    page = client.post(url, {**consent, "step": "consent"}).content.decode()
    (token,) = client_tokens(page)
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    client.post(url, {**consent, "step": "client", "nonce": nonce, "client": token})
    assert Referral.objects.filter(subject=first.subject).count() == 2
    receipt = client.get(reverse("hyte_referrals:receipt", args=[first.pk])).content.decode()
    assert CLIENT["name"] in receipt and "Toinen Nimi" not in receipt


def test_erasure_clears_the_bound_versions(world, refer):
    from wagtail_hyte.ledger.models import ConsentRecord
    from wagtail_hyte.ledger.services.erasure import erase_subject

    first = refer()
    second = refer(details={"name": "Uusi Nimi"}, subject=first.subject)
    assert ConsentRecord.objects.get(pk=second.consent_id).contact_ciphertext
    erase_subject(first.subject, actor="system:test", reason="request")
    assert ConsentRecord.objects.get(pk=second.consent_id).contact_ciphertext is None
    history = ConsentRecord.history.model.objects.filter(id=second.consent_id)
    assert not [h for h in history if h.contact_ciphertext]
