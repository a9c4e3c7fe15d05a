"""Issue 10 item 10: the consent cites exactly the notice the client was shown."""

import pytest
from django.urls import reverse

from wagtail_hyte.ledger.models import ConsentNotice, ConsentRecord
from wagtail_hyte.referrals.models import Referral

from .conftest import CLIENT
from .test_flow import shown


def post(client, world, **fields):
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    return client.post(
        url,
        {**CLIENT, "step": "consent", "collection_method": "verbal", "confirmed": "on", **fields},
    )


def test_new_notice_version_after_showing_is_refused(client, world):
    client.force_login(world.professional)
    was_shown = shown(world)
    newer = ConsentNotice.objects.create(
        key="referral", version=99, language="fi", title="Uusi", text="Uusi suostumusteksti."
    )
    response = post(client, world, **was_shown)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The consent text changed" in page
    assert newer.text in page
    assert f'name="notice_id" value="{newer.pk}"' in page
    assert not Referral.objects.exists() and not ConsentRecord.objects.exists()
    # after showing the new text, the consent cites it
    post(client, world, notice_id=newer.pk, notice_sha256=newer.text_sha256)
    assert Referral.objects.get().consent.notice == newer


def test_edited_notice_text_is_refused(client, world):
    client.force_login(world.professional)
    was_shown = shown(world)
    notice = world.notices["fi"]
    notice.text = "Muutettu teksti."
    notice.save()
    response = post(client, world, **was_shown)
    assert "The consent text changed" in response.content.decode()
    assert not Referral.objects.exists()


def test_missing_notice_fields_are_refused(client, world):
    client.force_login(world.professional)
    response = post(client, world)
    assert response.status_code == 200
    assert not Referral.objects.exists()


def test_consent_cites_shown_notice(client, world):
    client.force_login(world.professional)
    post(client, world, **shown(world))
    consent = Referral.objects.get().consent
    assert consent.notice == world.notices["fi"]


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read English messages; the example site's default language is Finnish."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield
