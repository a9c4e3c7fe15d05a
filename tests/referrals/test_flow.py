"""The whole journey over HTTP, checking where personal data may and may not go."""

import re

from django.core import mail
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse

from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.ledger.verification import verify_chain
from wagtail_hyte.referrals.models import Referral

from .conftest import CLIENT, CLIENT_NEEDLES
from .dump import dump_database


def assert_clean(text, where):
    lowered = text.lower()
    found = [needle for needle in CLIENT_NEEDLES if needle in lowered]
    assert not found, f"client data {found} found in {where}"


def shown(world, language="fi"):
    """The hidden fields naming the consent notice the form showed."""
    notice = world.notices[language]
    return {"notice_id": notice.pk, "notice_sha256": notice.text_sha256}


def client_tokens(page):
    return re.findall(r'name="client_tokens" value="([^"]+)"', page)


def make_referral_over_http(client, world):
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    client.force_login(world.professional)
    assert client.get(url).status_code == 200
    details = dict(CLIENT)
    # a bad phone number is caught at the first step
    response = client.post(url, {**details, "phone": "123", "step": "details"})
    assert 'name="step" value="details"' in response.content.decode()
    response = client.post(url, {**details, "step": "details"})
    page = response.content.decode()
    assert 'name="step" value="consent"' in page
    assert linebreaksbr(world.notices["fi"].text, autoescape=True) in page  # as shown
    assert f'name="notice_sha256" value="{world.notices["fi"].text_sha256}"' in page
    # the consent step re-validates what came back in the POST fields
    response = client.post(
        url,
        {
            **details,
            **shown(world),
            "phone": "x",
            "step": "consent",
            "collection_method": "verbal",
            "confirmed": "on",
        },
    )
    assert 'name="step" value="details"' in response.content.decode()
    assert not Referral.objects.exists()
    response = client.post(
        url, {**details, **shown(world), "step": "consent", "collection_method": "verbal"}
    )
    assert not Referral.objects.exists()
    response = client.post(
        url,
        {
            **details,
            **shown(world),
            "step": "consent",
            "collection_method": "verbal",
            "confirmed": "on",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hyte_referrals:receipt", args=[referral.pk])
    for key, value in client.session.items():
        assert_clean(f"{key}={value}", "the session")
    assert_clean(response["Location"], "the URL")
    return referral


def test_whole_flow(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = make_referral_over_http(client, world)
    receipt = client.get(reverse("hyte_referrals:receipt", args=[referral.pk])).content.decode()
    assert CLIENT["name"] in receipt and world.partner.name in receipt

    client.force_login(world.staff)
    detail = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    assert_clean(client.get(reverse("hyte_referrals:inbox")).content.decode(), "the inbox")
    assert_clean(client.get(detail).content.decode(), "the referral page")
    reveal = reverse("hyte_referrals:reveal", args=[referral.pk])
    shown = client.post(reveal, follow=True).content.decode()  # post, redirect, get
    assert CLIENT["name"] in shown and "+358407654321" in shown
    client.post(reverse("hyte_referrals:accept", args=[referral.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("hyte_referrals:outcome", args=[referral.pk]),
            {"outcome": "cancelled", "reason": "not_reached", "note": ""},
        )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "cancelled" and referral.cancellation_reason == "not_reached"

    client.force_login(world.professional)
    mine = client.get(reverse("hyte_referrals:mine")).content.decode()
    assert referral.short_reference in mine
    assert referral.get_cancellation_reason_display() in mine

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert_clean(message.subject + message.body + " ".join(message.to), "an email")
    assert_clean(dump_database(), "the database")
    kinds = list(LedgerEntry.objects.values_list("kind", flat=True))
    assert kinds.count("personal_data.read") == 2  # the receipt and the partner's reveal
    assert verify_chain(record=False).ok


def test_existing_client_is_offered_after_consent_as_a_token(client, world, refer):
    first = refer()  # made by world.professional: one of their own clients
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    page = client.post(url, {**CLIENT, "step": "details"}).content.decode()
    assert 'name="client"' not in page  # no lookup before consent
    consent = {**CLIENT, **shown(world), "collection_method": "written", "confirmed": "on"}
    page = client.post(url, {**consent, "step": "consent"}).content.decode()
    assert 'name="step" value="client"' in page
    assert str(first.subject.pk) not in page
    (token,) = client_tokens(page)
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    client.post(
        url,
        {**consent, "step": "client", "nonce": nonce, "client": token, "client_tokens": token},
    )
    assert Referral.objects.filter(subject=first.subject).count() == 2


def test_forged_client_choice_is_refused(client, world, refer):
    other = refer(details={"phone": "040 222 3333", "email": "someone@example.invalid"})
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    client.post(
        url,
        {
            **CLIENT,
            **shown(world),
            "phone": "040 555 6666",
            "email": "",
            "step": "client",
            "collection_method": "written",
            "confirmed": "on",
            "nonce": "forged",
            "client": str(other.subject.pk),
        },
    )
    assert Referral.objects.filter(subject=other.subject).count() == 1


def test_form_can_send_a_confirmation(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    page = client.post(url, {**CLIENT, "step": "details"}).content.decode()
    assert 'name="send_confirmation"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                **CLIENT,
                **shown(world),
                "step": "consent",
                "collection_method": "verbal",
                "confirmed": "on",
                "send_confirmation": "on",
            },
        )
    assert [m for m in mail.outbox if m.to == [CLIENT["email"]]]
