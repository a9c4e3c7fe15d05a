"""Issue 11: without a consent notice or keys the form says why; never a 500."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from wagtail_hyte.ledger.models import ConsentNotice
from wagtail_hyte.referrals.models import Referral
from wagtail_hyte.referrals.readiness import NO_KEYS, NO_NOTICE, referrals_available

from .conftest import CLIENT


def no_keys():
    return override_settings(
        WAGTAIL_HYTE={**settings.WAGTAIL_HYTE, "KEY_ENCRYPTION_KEYS": {}, "BLIND_INDEX_KEY": ""}
    )


def test_readiness(world):
    assert referrals_available()
    ConsentNotice.objects.all().delete()
    assert referrals_available().reason == NO_NOTICE
    with no_keys():
        assert referrals_available().reason == NO_KEYS


def test_no_notice_is_a_message_not_a_500(client, world):
    ConsentNotice.objects.all().delete()
    client.force_login(world.professional)
    url = reverse("hyte_referrals_new", args=[world.activity.pk])
    for response in (client.get(url), client.post(url, {**CLIENT, "step": "details"})):
        page = response.content.decode()
        assert response.status_code == 200
        assert "no consent notice has been published" in page
        assert 'name="step"' not in page
    assert not Referral.objects.exists()


def test_no_keys_is_a_message_not_a_500(client, world):
    client.force_login(world.professional)
    url = reverse("hyte_referrals_new", args=[world.activity.pk])
    with no_keys():
        for response in (
            client.get(url),
            client.post(url, {**CLIENT, "step": "details"}),
            client.post(
                url,
                {**CLIENT, "step": "consent", "collection_method": "verbal", "confirmed": "on"},
            ),
        ):
            page = response.content.decode()
            assert response.status_code == 200
            assert "encryption keys" in page
            assert 'name="step"' not in page
    assert not Referral.objects.exists()


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English messages; the example site's default language is Finnish."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield
