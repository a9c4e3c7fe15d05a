# ruff: noqa: F811 (fixtures imported from tests.recommendations.conftest)
"""No client phone number or email in the error report of a failed recommendation send."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from tests.recommendations.conftest import (  # noqa: F401 (fixtures)
    english,
    make_activity,
    professional,
)

from .reports import CapturedReports, assert_clean

EMAIL = "canary.recipient-4417@example.invalid"
PHONE = "040 918 2736"
NEEDLES = ["canary.recipient", "4417@", "9182736", "918 2736", "+358409182736"]


@pytest.mark.parametrize(
    "data",
    [{"channel": "email", "email": EMAIL}, {"channel": "sms", "phone": PHONE}],
    ids=["email", "sms"],
)
def test_failed_send_report_has_no_recipient(db, professional, make_activity, data):
    activity = make_activity("Kävelyryhmä")
    client = Client(raise_request_exception=False)
    client.force_login(professional)
    with (
        mock.patch(
            "wagtail_hyte.recommendations.delivery._record", side_effect=RuntimeError("forced")
        ),
        CapturedReports() as captured,
    ):
        response = client.post(
            reverse("hyte_recommend:recommend"),
            {"activities": [activity.pk], "language": "fi", **data},
        )
    assert response.status_code == 500
    assert len(captured.reports) == 1
    assert "attempt" in captured.reports[0]
    assert_clean(captured.reports[0], NEEDLES)
