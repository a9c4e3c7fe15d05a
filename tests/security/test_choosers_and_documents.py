"""Issue 10 items 1 and 2: snippet choosers and signed agreements respect the scope."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

from wagtail_hyte.agreements.models import PartnerAgreement
from wagtail_hyte.agreements.roles import agreements_collection
from wagtail_hyte.core.roles import setup_roles
from wagtail_hyte.partners.models import PartnerMembership

pytestmark = pytest.mark.django_db

CANARY = "Kanarialintu ry"

CHOOSERS = [
    ("wagtail_hyte_partners", "partner"),
    ("wagtail_hyte_partners", "partnermembership"),
    ("wagtail_hyte_agreements", "partneragreement"),
]


@pytest.fixture
def world(make_partner, make_user):
    own = make_partner(name="Oma ry")
    foreign = make_partner(name=CANARY)
    staff = make_user("partner_staff", partner=own)
    make_user("partner_staff", partner=foreign, username="kanariavaki")
    PartnerAgreement.objects.create(
        partner=foreign, reference_number="KANARIA-1", title=CANARY, valid_from="2026-01-01"
    )
    PartnerAgreement.objects.create(
        partner=own, reference_number="OMA-1", title="Oma sopimus", valid_from="2026-01-01"
    )
    return own, foreign, staff


def chooser(app, model, view="choose", *args):
    return reverse(f"wagtailsnippetchoosers_{app}_{model}:{view}", args=args)


def foreign_row(app, model, foreign):
    if model == "partner":
        return foreign
    if model == "partnermembership":
        return PartnerMembership.objects.get(partner=foreign)
    return PartnerAgreement.objects.get(partner=foreign)


@pytest.mark.parametrize(("app", "model"), CHOOSERS)
@pytest.mark.parametrize("role", ["partner_staff", None])
def test_choosers_hide_other_partners(client, world, make_user, app, model, role):
    own, foreign, staff = world
    user = staff if role else make_user(None, username="plainadmin")
    if role is None:
        from django.contrib.auth.models import Permission

        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for view in ("choose", "choose_results"):
        response = client.get(chooser(app, model, view))
        assert response.status_code == 200
        assert CANARY not in response.text and "kanariavaki" not in response.text
        assert "KANARIA" not in response.text
    row = foreign_row(app, model, foreign)
    response = client.get(chooser(app, model, "chosen", row.pk))
    assert response.status_code == 404
    response = client.get(chooser(app, model, "chosen_multiple"), {"id": [row.pk]})
    assert CANARY not in response.text and "kanariavaki" not in response.text


def test_chooser_still_lists_own_partner(client, world):
    own, foreign, staff = world
    client.force_login(staff)
    response = client.get(chooser("wagtail_hyte_partners", "partner", "choose_results"))
    assert "Oma ry" in response.text


def test_consent_notice_chooser_needs_permission(client, make_user):
    from django.contrib.auth.models import Permission

    from wagtail_hyte.ledger.models import ConsentNotice

    notice = ConsentNotice.objects.first()
    user = make_user(None, username="plainadmin2")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(chooser("wagtail_hyte_ledger", "consentnotice", "choose_results"))
    assert response.status_code == 200
    if notice:
        assert notice.title not in response.text
        assert (
            client.get(
                chooser("wagtail_hyte_ledger", "consentnotice", "chosen", notice.pk)
            ).status_code
            == 404
        )


@pytest.fixture
def signed(world, roles):
    own, foreign, staff = world
    setup_roles()
    document = get_document_model().objects.create(
        title="Kanaria signed",
        collection=agreements_collection(),
        file=ContentFile(b"%PDF canary", name="kanaria.pdf"),
    )
    agreement = PartnerAgreement.objects.get(partner=foreign)
    agreement.signed_document = document
    agreement.save()
    return agreement, document


@pytest.mark.parametrize("role", ["editor", "partner_staff", "professional"])
def test_signed_agreement_hidden_from_others(client, signed, world, make_user, role):
    agreement, document = signed
    own, foreign, staff = world
    user = staff if role == "partner_staff" else make_user(role)
    client.force_login(user)
    assert client.get(document.url).status_code != 200
    api = client.get("/admin/api/main/documents/")
    assert "Kanaria signed" not in api.text
    response = client.get(reverse("wagtaildocs_chooser:choose_results"))
    assert "Kanaria signed" not in response.text
    response = client.get(reverse("wagtaildocs_chooser:chosen", args=[document.pk]))
    assert "Kanaria signed" not in response.text
    response = client.get(reverse("wagtaildocs:index"))
    assert "Kanaria signed" not in response.text
    response = client.get(
        reverse(
            "wagtailsnippets_wagtail_hyte_agreements_partneragreement:signed_document",
            args=[agreement.pk],
        )
    )
    assert response.status_code != 200


@pytest.mark.parametrize("role", ["coordinator", "auditor", "own_staff"])
def test_signed_agreement_served_to_readers(client, signed, make_user, role, world):
    agreement, document = signed
    own, foreign, staff = world
    user = make_user("partner_staff", partner=foreign) if role == "own_staff" else make_user(role)
    client.force_login(user)
    response = client.get(
        reverse(
            "wagtailsnippets_wagtail_hyte_agreements_partneragreement:signed_document",
            args=[agreement.pk],
        )
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF canary"
    if role != "own_staff":
        assert client.get(document.url).status_code == 200
