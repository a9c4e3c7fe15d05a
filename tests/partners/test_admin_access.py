"""Partner staff see and edit only their own partner, at the HTTP level."""

import pytest
from django.urls import reverse

from wagtail_hyte.partners.models import Partner, PartnerMembership

pytestmark = pytest.mark.django_db

EMPTY_RICH_TEXT = '{"blocks": [], "entityMap": {}}'


@pytest.fixture
def partners(make_partner):
    return make_partner(name="Alfa ry"), make_partner(name="Beeta ry")


@pytest.fixture
def staff_a(make_user, partners):
    return make_user("partner_staff", partner=partners[0])


def url(name, *args):
    return reverse(f"wagtailsnippets_wagtail_hyte_partners_partner:{name}", args=args)


def denied(response):
    # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard.
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or "/login/" not in response.url
    )


def test_staff_list_shows_only_own_partner(client, staff_a, partners):
    client.force_login(staff_a)
    response = client.get(url("list"))
    assert response.status_code == 200
    assert "Alfa ry" in response.text
    assert "Beeta ry" not in response.text


def test_staff_search_does_not_reveal_other_partner(client, staff_a, partners):
    client.force_login(staff_a)
    response = client.get(url("list"), {"q": "Beeta"})
    assert response.status_code == 200
    assert "Beeta ry" not in response.text
    response = client.get(url("list"), {"q": "Alfa"})
    assert "Alfa ry" in response.text


@pytest.mark.parametrize("view", ["edit", "inspect", "history", "usage"])
def test_staff_can_open_own_partner(client, staff_a, partners, view):
    client.force_login(staff_a)
    response = client.get(url(view, partners[0].pk))
    assert response.status_code == 200


@pytest.mark.parametrize("view", ["edit", "inspect", "history", "usage", "delete"])
def test_staff_cannot_open_other_partner(client, staff_a, partners, view):
    client.force_login(staff_a)
    response = client.get(url(view, partners[1].pk))
    assert denied(response)
    assert "Beeta ry" not in response.text


def test_staff_can_edit_own_partner(client, staff_a, partners):
    client.force_login(staff_a)
    response = client.post(url("edit", partners[0].pk), form_data(partners[0], name="Alfa ry 2"))
    assert response.status_code == 302, response.text[:2000]
    assert Partner.objects.get(pk=partners[0].pk).name == "Alfa ry 2"


def test_staff_cannot_edit_other_partner(client, staff_a, partners):
    client.force_login(staff_a)
    response = client.post(url("edit", partners[1].pk), form_data(partners[1], name="Hacked"))
    assert denied(response)
    assert Partner.objects.get(pk=partners[1].pk).name == "Beeta ry"


def test_staff_cannot_delete_any_partner(client, staff_a, partners):
    client.force_login(staff_a)
    for partner in partners:
        response = client.post(url("delete", partner.pk))
        assert denied(response)
    assert Partner.objects.count() == 2


def test_staff_cannot_create_partners(client, staff_a):
    client.force_login(staff_a)
    assert denied(client.get(url("add")))


def test_staff_see_only_own_memberships(client, staff_a, partners, make_user):
    make_user("partner_staff", partner=partners[1], username="bertta")
    client.force_login(staff_a)
    response = client.get(reverse("wagtailsnippets_wagtail_hyte_partners_partnermembership:list"))
    assert response.status_code == 200
    assert staff_a.username in response.text
    assert "bertta" not in response.text
    other = PartnerMembership.objects.get(user__username="bertta")
    response = client.get(
        reverse("wagtailsnippets_wagtail_hyte_partners_partnermembership:edit", args=[other.pk])
    )
    assert denied(response)


def test_coordinator_manages_all_partners(client, make_user, partners):
    coordinator = make_user("coordinator")
    client.force_login(coordinator)
    response = client.get(url("list"))
    assert "Alfa ry" in response.text and "Beeta ry" in response.text
    response = client.post(url("edit", partners[1].pk), form_data(partners[1], name="Beeta rf"))
    assert response.status_code == 302
    assert Partner.objects.get(pk=partners[1].pk).name == "Beeta rf"
    response = client.post(url("delete", partners[1].pk))
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=partners[1].pk).exists()


def test_editor_reads_but_cannot_edit(client, make_user, partners):
    editor = make_user("editor")
    client.force_login(editor)
    assert client.get(url("list")).status_code == 200
    assert client.get(url("inspect", partners[1].pk)).status_code == 200
    response = client.post(url("edit", partners[1].pk), form_data(partners[1], name="Nope"))
    assert denied(response)
    assert Partner.objects.get(pk=partners[1].pk).name == "Beeta ry"


def test_professional_has_no_partner_admin(client, make_user, partners):
    professional = make_user("professional")
    client.force_login(professional)
    assert denied(client.get(url("list")))


def test_anonymous_is_sent_to_login(client, partners):
    response = client.get(url("list"))
    assert response.status_code == 302 and "/login/" in response.url


def test_staff_without_membership_sees_nothing(client, make_user, partners):
    loner = make_user("partner_staff")
    client.force_login(loner)
    response = client.get(url("list"))
    assert "Alfa ry" not in response.text and "Beeta ry" not in response.text


def test_hyte_menu_is_shown_to_roles_with_views(client, make_user):
    coordinator = make_user("coordinator")
    client.force_login(coordinator)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "hyte/partners" in response.text


def form_data(partner, **changes):
    data = {
        "name": partner.name,
        "kind": partner.kind,
        "business_id": partner.business_id,
        "slug": partner.slug,
        "active": "on" if partner.active else "",
        "website": partner.website,
        "email": partner.email,
        "phone": partner.phone,
        "description": EMPTY_RICH_TEXT,
    }
    data.update(changes)
    return data
