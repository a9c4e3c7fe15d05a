"""Issue 10 item 3: the site-history report honours the partner scope."""

import pytest
from django.urls import reverse
from wagtail.log_actions import log

from wagtail_hyte.agreements.models import PartnerAgreement

pytestmark = pytest.mark.django_db


def test_site_history_hides_other_partners(client, make_partner, make_user):
    own = make_partner(name="Oma ry")
    foreign = make_partner(name="Kanarialintu ry")
    agreement = PartnerAgreement.objects.create(
        partner=foreign,
        reference_number="KANARIA-7",
        title="Kanariasopimus",
        valid_from="2026-01-01",
    )
    coordinator = make_user("coordinator")
    for instance in (own, foreign, agreement):
        log(instance=instance, action="wagtail.edit", user=coordinator)
    staff = make_user("partner_staff", partner=own)
    client.force_login(staff)
    for name in ("site_history", "site_history_results"):
        response = client.get(reverse(f"wagtailadmin_reports:{name}"))
        assert response.status_code == 200
        assert "Oma ry" in response.text
        assert "Kanaria" not in response.text
    export = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"Kanaria" not in body
    client.force_login(coordinator)
    response = client.get(reverse("wagtailadmin_reports:site_history_results"))
    assert "Kanarialintu ry" in response.text
