"""Issue 10 item 8: the existing-client lookup is ledgered, rate-limited, token-based."""

import re

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.referrals import lookup
from wagtail_hyte.referrals.models import Referral

from .conftest import CLIENT, CLIENT_NEEDLES
from .test_flow import client_tokens, shown


def consent_post(world, **extra):
    return {
        **CLIENT,
        **shown(world),
        "collection_method": "written",
        "confirmed": "on",
        "step": "consent",
        **extra,
    }


def test_no_lookup_before_consent(client, world, refer):
    refer()
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    page = client.post(url, {**CLIENT, "step": "details"}).content.decode()
    assert 'name="client"' not in page
    assert not LedgerEntry.objects.filter(kind="referral.client_lookup").exists()


def test_every_lookup_is_ledgered_without_plaintext(client, world, refer):
    first = refer()
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    client.post(url, consent_post(world))
    entry = LedgerEntry.objects.get(kind="referral.client_lookup")
    assert entry.actor == f"user:{world.professional.pk}"
    assert '"purpose":"referral.reuse_client"' in entry.payload.replace(" ", "")
    assert str(first.subject.pk) in entry.subjects
    text = (entry.payload + entry.subjects).lower()
    assert not [n for n in CLIENT_NEEDLES if n in text]


def test_page_carries_tokens_not_subject_ids(client, world, refer):
    first = refer()
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    page = client.post(url, consent_post(world)).content.decode()
    tokens = client_tokens(page)
    assert tokens and str(first.subject.pk) not in page
    assert first.subject.pk.hex not in page


def test_token_is_bound_to_user_and_form(client, world, refer):
    first = refer()
    nonce = lookup.new_nonce()
    token = lookup.issue_token(world.professional, nonce, first.subject)
    assert lookup.resolve_token(world.professional, nonce, token) == first.subject
    assert lookup.resolve_token(world.professional2, nonce, token) is None
    assert lookup.resolve_token(world.professional, lookup.new_nonce(), token) is None
    import time

    later = time.time() + lookup.TOKEN_MAX_AGE + 60
    assert lookup.resolve_token(world.professional, nonce, token, now=later) is None


def test_token_of_another_user_is_refused_over_http(client, world, refer):
    first = refer()
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    page = client.post(url, consent_post(world)).content.decode()
    (token,) = client_tokens(page)
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    client.force_login(world.professional2)
    response = client.post(url, consent_post(world, step="client", nonce=nonce, client=token))
    assert response.status_code == 200
    assert Referral.objects.filter(subject=first.subject).count() == 1


def test_lookups_are_rate_limited(client, world, refer):
    refer()
    hyte = {**settings.WAGTAIL_HYTE, "REFERRAL_LOOKUP_RATE_LIMITS": ((2, 3600),)}
    client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    with override_settings(WAGTAIL_HYTE=hyte):
        for _n in range(2):
            page = client.post(url, consent_post(world)).content.decode()
            assert client_tokens(page)
        response = client.post(url, consent_post(world))
    # the third lookup is refused (not ledgered); the referral goes to a new record
    assert LedgerEntry.objects.filter(kind="referral.client_lookup").count() == 2
    assert response.status_code == 302
    assert Referral.objects.count() == 2
