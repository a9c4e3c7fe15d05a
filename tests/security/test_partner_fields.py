"""Issue 10 item 4: partner staff cannot change coordinator-only partner fields."""

import pytest
from django.urls import reverse

from tests.partners.test_admin_access import form_data

pytestmark = pytest.mark.django_db


def edit_url(partner):
    return reverse("wagtailsnippets_wagtail_hyte_partners_partner:edit", args=[partner.pk])


def test_staff_cannot_reactivate_or_rename_registration(client, make_user, make_partner):
    partner = make_partner(name="Gamma ry", business_id="1234567-1", active=False)
    slug = partner.slug
    staff = make_user("partner_staff", partner=partner)
    client.force_login(staff)
    response = client.post(
        edit_url(partner),
        form_data(
            partner,
            name="Gamma ry 2",
            active="on",
            kind="company",
            business_id="7654321-3",
            slug="stolen-slug",
        ),
    )
    assert response.status_code == 302, response.text[:2000]
    partner.refresh_from_db()
    assert partner.name == "Gamma ry 2"  # ordinary fields still editable
    assert partner.active is False
    assert partner.kind == "association"
    assert partner.business_id == "1234567-1"
    assert partner.slug == slug


def test_staff_form_hides_coordinator_fields(client, make_user, make_partner):
    partner = make_partner(name="Delta ry")
    client.force_login(make_user("partner_staff", partner=partner))
    html = client.get(edit_url(partner)).text
    for name in ("kind", "business_id", "slug", "active"):
        assert f'name="{name}"' not in html


def test_coordinator_changes_registration_fields(client, make_user, make_partner):
    partner = make_partner(name="Epsilon ry", active=False)
    client.force_login(make_user("coordinator"))
    response = client.post(
        edit_url(partner), form_data(partner, active="on", kind="company", slug="epsilon")
    )
    assert response.status_code == 302, response.text[:2000]
    partner.refresh_from_db()
    assert partner.active and partner.kind == "company" and partner.slug == "epsilon"
