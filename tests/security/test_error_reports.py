# ruff: noqa: F811 (fixtures imported from tests.referrals.conftest)
"""No contact details in error reports: POST data and local variables of every view and
service that handles them are hidden (sensitive_post_parameters, sensitive_variables)."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from tests.referrals.conftest import (  # noqa: F401 (fixtures)
    CLIENT,
    CLIENT_NEEDLES,
    notices,
    refer,
    world,
)
from wagtail_hyte.ledger import services as ledger_services
from wagtail_hyte.referrals import notifications
from wagtail_hyte.referrals.views import partner, professional

from .referral_flow import consent_step_data
from .reports import CapturedReports, assert_clean, report_for_call

NEEDLES = [*CLIENT_NEEDLES, CLIENT["email"], "+358407654321"]
Boom = RuntimeError("forced failure")


@pytest.fixture
def failing_client(db):
    return Client(raise_request_exception=False)


def _report(client, method, url, data=None):
    with CapturedReports() as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 500
    assert len(captured.reports) == 1
    return captured.reports[0]


def test_referral_form_details_step(world, failing_client):
    failing_client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    with mock.patch.object(professional, "notice_for", side_effect=Boom):
        report = _report(failing_client, "post", url, dict(CLIENT))
    assert "forced failure" in report
    assert_clean(report, NEEDLES)


def test_referral_form_consent_step_inside_the_service(world, failing_client):
    failing_client.force_login(world.professional)
    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    data = consent_step_data(failing_client, url, CLIENT)
    with mock.patch("wagtail_hyte.referrals.services.record_consent", side_effect=Boom):
        report = _report(failing_client, "post", url, data)
    assert "record_consent" in report
    assert_clean(report, NEEDLES)


def test_reveal_after_decryption(world, refer, failing_client):
    referral = refer()
    failing_client.force_login(world.staff)
    # The POST grants one viewing; the page it redirects to decrypts and renders.
    reveal = reverse("hyte_referrals:reveal", args=[referral.pk])
    assert failing_client.post(reveal).status_code == 302
    url = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    with mock.patch.object(partner.InboxDetailView, "render_to_response", side_effect=Boom):
        report = _report(failing_client, "get", url)
    assert_clean(report, NEEDLES)


def test_reveal_failing_inside_the_ledger_read(world, refer, failing_client):
    referral = refer()
    failing_client.force_login(world.staff)
    reveal = reverse("hyte_referrals:reveal", args=[referral.pk])
    assert failing_client.post(reveal).status_code == 302
    url = reverse("hyte_referrals:inbox_detail", args=[referral.pk])
    with mock.patch(
        "wagtail_hyte.ledger.services.personal_data.ContactDetailsData.from_bytes",
        side_effect=Boom,
    ):
        report = _report(failing_client, "get", url)
    assert "read_contact_details" in report
    assert_clean(report, NEEDLES)


def test_receipt(world, refer, failing_client):
    referral = refer()
    failing_client.force_login(world.professional)
    url = reverse("hyte_referrals:receipt", args=[referral.pk])
    with mock.patch.object(professional.ReceiptView, "render_to_response", side_effect=Boom):
        report = _report(failing_client, "get", url)
    assert_clean(report, NEEDLES)


def test_outcome_note(world, refer, failing_client):
    referral = refer()
    failing_client.force_login(world.staff)
    url = reverse("hyte_referrals:outcome", args=[referral.pk])
    note = "Qwibble Zorkington soitti 040 765 4321"
    with mock.patch("wagtail_hyte.referrals.services.report_outcome", side_effect=Boom):
        report = _report(
            failing_client,
            "post",
            url,
            {"outcome": "cancelled", "reason": "declined", "note": note},
        )
    assert_clean(report, NEEDLES)


def test_client_confirmation_service(world, refer):
    referral = refer()
    with mock.patch.object(notifications, "_send", side_effect=Boom):
        report = report_for_call(notifications.confirm_client, referral.pk)
    assert "confirm_client" in report
    assert_clean(report, NEEDLES)


def test_ledger_services(world, refer):
    with mock.patch("wagtail_hyte.ledger.services.personal_data.encrypt_contact", side_effect=Boom):
        report = report_for_call(
            ledger_services.create_subject_with_contact, dict(CLIENT), world.professional
        )
    assert "create_subject_with_contact" in report
    assert_clean(report, NEEDLES)

    referral = refer()
    with mock.patch("wagtail_hyte.ledger.services.personal_data.append_entry", side_effect=Boom):
        report = report_for_call(
            ledger_services.read_contact_details,
            referral.subject,
            world.professional,
            "receipt",
            recipient=referral.partner,
        )
    assert_clean(report, NEEDLES)

    with mock.patch("wagtail_hyte.ledger.services.personal_data.blind_index", side_effect=Boom):
        for find, value in (
            (ledger_services.find_subjects_by_phone, CLIENT["phone"]),
            (ledger_services.find_subjects_by_email, CLIENT["email"]),
        ):
            assert_clean(report_for_call(find, value), NEEDLES)


def test_reports_without_the_decorators_would_show_the_canaries(world):
    """The check itself works: an undecorated frame's locals do appear."""

    def leaky(details):
        raise Boom

    report = report_for_call(leaky, dict(CLIENT))
    assert "zorkington" in report.lower()
