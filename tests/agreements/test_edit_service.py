"""Issue 10 item 20: agreement edits in the admin go through services.update_agreement."""

import re

import pytest

from tests.agreements.test_admin_access import form_data, url
from wagtail_hyte.agreements import services
from wagtail_hyte.agreements.models import AgreementStatus, PartnerAgreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(make_agreement, make_partner):
    return make_agreement(partner=make_partner(name="Alfa ry"), status="active", quota=5)


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


def loaded_version(client, agreement):
    html = client.get(url("edit", agreement.pk)).text
    match = re.search(r'name="agreement_version" value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*name="agreement_version"', html
    )
    assert match, "the edit form carries the version it was loaded from"
    return match.group(1)


def test_edit_calls_the_service(client, agreement, coordinator, monkeypatch):
    calls = []
    original = services.update_agreement

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "update_agreement", spy)
    client.force_login(coordinator)
    version = loaded_version(client, agreement)
    response = client.post(
        url("edit", agreement.pk),
        form_data(agreement, quota=9, change_reason="amendment", agreement_version=version),
    )
    assert response.status_code == 302, response.text[:2000]
    assert len(calls) == 1 and calls[0]["user"] == coordinator
    assert PartnerAgreement.objects.get(pk=agreement.pk).quota == 9


def test_stale_form_is_refused(client, agreement, coordinator):
    client.force_login(coordinator)
    version = loaded_version(client, agreement)
    services.suspend(agreement, user=coordinator, reason="meanwhile")
    response = client.post(
        url("edit", agreement.pk), form_data(agreement, quota=42, agreement_version=version)
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors().as_data()
    assert [e.code for e in errors] == ["stale"]
    fresh = PartnerAgreement.objects.get(pk=agreement.pk)
    assert fresh.status == AgreementStatus.SUSPENDED
    assert fresh.quota == 5


def test_service_errors_are_shown_on_fields(client, agreement, coordinator):
    client.force_login(coordinator)
    version = loaded_version(client, agreement)
    response = client.post(
        url("edit", agreement.pk), form_data(agreement, quota=0, agreement_version=version)
    )
    assert response.status_code == 200
    assert "quota" in response.context["form"].errors
    assert PartnerAgreement.objects.get(pk=agreement.pk).quota == 5
