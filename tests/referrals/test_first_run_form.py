"""Without a consent notice or keys the referral form says why; never a 500.

Every step (GET, details, consent, client choice) is tried with every notice
deleted and with the keys unset, also when that happens between two steps.
"""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from wagtail_hyte.ledger.models import ConsentNotice, ConsentRecord
from wagtail_hyte.referrals.models import Referral
from wagtail_hyte.referrals.readiness import NO_KEYS, NO_NOTICE, Readiness, referrals_available

from .conftest import CLIENT
from .test_flow import client_tokens, shown

NO_NOTICE_TEXT = "no consent notice has been published"
NO_KEYS_TEXT = "the encryption keys for clients"


def no_keys():
    return override_settings(
        WAGTAIL_HYTE={**settings.WAGTAIL_HYTE, "KEY_ENCRYPTION_KEYS": {}, "BLIND_INDEX_KEY": ""}
    )


def no_blind_index_key():
    return override_settings(WAGTAIL_HYTE={**settings.WAGTAIL_HYTE, "BLIND_INDEX_KEY": ""})


def url_for(world):
    return reverse("hyte_referrals:new", args=[world.activity.pk])


def consent_data(world, **fields):
    return {
        **CLIENT,
        **shown(world),
        "step": "consent",
        "collection_method": "verbal",
        "confirmed": "on",
        **fields,
    }


def every_step(client, world, client_step=None):
    """The responses of a GET and of a POST of each step (the consent one with the
    ids of the notice shown before)."""
    url = url_for(world)
    responses = [
        client.get(url),
        client.post(url, {**CLIENT, "step": "details"}),
        client.post(url, {**CLIENT}),
        client.post(url, consent_data(world)),
        client.post(url, consent_data(world, back="1")),
        client.post(url, client_step or consent_data(world, step="client")),
    ]
    return responses


def assert_says(responses, text):
    for response in responses:
        page = response.content.decode()
        assert response.status_code == 200
        assert text in page
        assert 'name="step"' not in page  # no form, only the message
        assert "no-store" in response["Cache-Control"]


def test_readiness(world):
    assert referrals_available()
    assert referrals_available("sv")
    ConsentNotice.objects.filter(language="sv").delete()
    # the form falls back to the first language's notice
    assert referrals_available("sv")
    ConsentNotice.objects.all().delete()
    assert referrals_available().reason == NO_NOTICE
    assert referrals_available("fi").reason == NO_NOTICE
    with no_keys():
        assert referrals_available().reason == NO_KEYS
    with no_blind_index_key():
        assert referrals_available().reason == NO_KEYS


def test_no_notice_on_every_step(client, world):
    ConsentNotice.objects.all().delete()
    client.force_login(world.professional)
    assert_says(every_step(client, world), NO_NOTICE_TEXT)
    assert not Referral.objects.exists() and not ConsentRecord.objects.exists()


@pytest.mark.parametrize("keys", [no_keys, no_blind_index_key])
def test_no_keys_on_every_step(client, world, keys):
    client.force_login(world.professional)
    with keys():
        assert_says(every_step(client, world), NO_KEYS_TEXT)
    assert not Referral.objects.exists() and not ConsentRecord.objects.exists()


def test_notice_deleted_after_the_consent_step_was_shown(client, world):
    client.force_login(world.professional)
    url = url_for(world)
    page = client.post(url, {**CLIENT, "step": "details"}).content.decode()
    notice_id = re.search(r'name="notice_id" value="(\d+)"', page).group(1)
    sha = re.search(r'name="notice_sha256" value="(\w+)"', page).group(1)
    ConsentNotice.objects.all().delete()
    data = consent_data(world, notice_id=notice_id, notice_sha256=sha)
    for response in (client.post(url, data), client.post(url, {**data, "back": "1"})):
        assert response.status_code == 200
        assert NO_NOTICE_TEXT in response.content.decode()
    assert not Referral.objects.exists() and not ConsentRecord.objects.exists()


def test_notice_gone_while_readiness_was_answered(client, world, monkeypatch):
    """The notice disappears between the readiness check and reading it (the old
    AttributeError in consent_step): still the message, not a 500."""
    from wagtail_hyte.referrals.views import professional

    monkeypatch.setattr(professional, "referrals_available", lambda *a: Readiness(True))
    ConsentNotice.objects.all().delete()
    client.force_login(world.professional)
    url = url_for(world)
    for response in (
        client.post(url, {**CLIENT, "step": "details"}),
        client.post(url, consent_data(world)),
        client.post(url, consent_data(world, step="client")),
    ):
        assert response.status_code == 200
        assert NO_NOTICE_TEXT in response.content.decode()
    assert not Referral.objects.exists()


def test_client_language_notice_deleted_mid_flow_asks_again(client, world):
    """Only the client's language is gone: the first language's text is shown and the
    client consents again to that one."""
    client.force_login(world.professional)
    data = consent_data(world, language="sv", **shown(world, "sv"))
    ConsentNotice.objects.filter(language="sv").delete()
    response = client.post(url_for(world), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The consent text changed" in page
    assert f'name="notice_id" value="{world.notices["fi"].pk}"' in page
    assert not Referral.objects.exists()


def test_keys_removed_at_the_client_step(client, world, refer):
    """A returning client: the choice is offered, then the keys go away."""
    refer()
    client.force_login(world.professional)
    url = url_for(world)
    page = client.post(url, consent_data(world)).content.decode()
    (token,) = client_tokens(page)
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    with no_keys():
        response = client.post(url, consent_data(world, step="client", nonce=nonce, client=token))
    assert response.status_code == 200
    assert NO_KEYS_TEXT in response.content.decode()
    assert Referral.objects.count() == 1


def test_keys_fail_inside_the_service(client, world, monkeypatch):
    """KeyUnavailable raised while making the referral is the same message."""
    from wagtail_hyte.ledger.keys import KeyUnavailable
    from wagtail_hyte.referrals import services

    def refuse(**kwargs):
        raise KeyUnavailable("no key")

    monkeypatch.setattr(services, "create_referral", refuse)
    client.force_login(world.professional2)
    response = client.post(url_for(world), consent_data(world))
    assert response.status_code == 200
    assert NO_KEYS_TEXT in response.content.decode()


def test_keys_fail_in_the_client_lookup(client, world, monkeypatch):
    """KeyUnavailable from the blind index lookup after consent is the same message."""
    from wagtail_hyte.ledger.keys import KeyUnavailable
    from wagtail_hyte.referrals.views import professional

    def refuse(*args, **kwargs):
        raise KeyUnavailable("no blind index key")

    monkeypatch.setattr(professional, "find_own_clients", refuse)
    client.force_login(world.professional)
    response = client.post(url_for(world), consent_data(world))
    assert response.status_code == 200
    assert NO_KEYS_TEXT in response.content.decode()
    assert not Referral.objects.exists()


def test_with_the_default_notices_the_form_works(client, world):
    """The migration's notices (what a fresh site has) are enough to refer."""
    client.force_login(world.professional)
    page = client.post(url_for(world), {**CLIENT, "step": "details"}).content.decode()
    notice = ConsentNotice.objects.get(key="referral", version=1, language="fi")
    assert f'name="notice_id" value="{notice.pk}"' in page
    response = client.post(url_for(world), consent_data(world))
    assert response.status_code == 302
    assert Referral.objects.get().consent.notice == notice


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English messages; the example site's default language is Finnish."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield
