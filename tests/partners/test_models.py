import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail_hyte.partners.models import Partner

pytestmark = pytest.mark.django_db

EMPTY_RICH_TEXT = '{"blocks": [], "entityMap": {}}'


def test_slug_is_generated_and_unique(make_partner):
    a = make_partner(name="Äänekosken Latu ry")
    b = make_partner(name="Äänekosken Latu ry")
    assert a.slug == "äänekosken-latu-ry"
    assert b.slug == "äänekosken-latu-ry-2"


def test_full_clean_normalises_business_id_and_phone(make_partner):
    partner = Partner(name="X", kind="association", business_id=" 112038-9", phone="040 123 4567")
    partner.full_clean()
    assert partner.business_id == "0112038-9"
    assert partner.phone == "+358401234567"


def test_invalid_phone_is_rejected():
    partner = Partner(name="X", kind="association", phone="12")
    with pytest.raises(ValidationError) as exc:
        partner.full_clean()
    assert "phone" in exc.value.message_dict


def test_business_id_is_unique_when_given(make_partner):
    make_partner(business_id="0112038-9")
    make_partner(business_id="")
    duplicate = Partner(name="Y", kind="company", business_id="0112038-9")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    Partner(name="Z", kind="company", business_id="").full_clean()


def test_history_records_the_user_of_an_admin_edit(client, make_user, make_partner):
    partner = make_partner(name="Historiallinen ry")
    coordinator = make_user("coordinator")
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailsnippets_wagtail_hyte_partners_partner:edit", args=[partner.pk]),
        {
            "name": "Historiallinen ry (uusi nimi)",
            "kind": "association",
            "business_id": "",
            "slug": partner.slug,
            "active": "on",
            "website": "",
            "email": "",
            "phone": "",
            "description": EMPTY_RICH_TEXT,
        },
    )
    assert response.status_code == 302
    latest = partner.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == coordinator
    assert latest.name == "Historiallinen ry (uusi nimi)"
    assert partner.history.earliest().name == "Historiallinen ry"


def test_municipalities_served_are_in_history(make_partner, municipalities):
    partner = make_partner()
    partner.municipalities.set(municipalities.filter(code__in=["179", "410"]))
    partner.name = "Renamed"
    partner.save()
    latest = partner.history.latest()
    assert sorted(m.municipality.code for m in latest.municipalities.all()) == ["179", "410"]
