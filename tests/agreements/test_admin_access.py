"""Agreement admin: what each role may do, at the HTTP level."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from wagtail_hyte.agreements.models import AgreementStatus, PartnerAgreement
from wagtail_hyte.core.periods import local_date

pytestmark = pytest.mark.django_db
NS = "wagtailsnippets_wagtail_hyte_agreements_partneragreement"


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def denied(response):
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or "/login/" not in response.url
    )


@pytest.fixture
def setup(make_partner, make_agreement, make_user):
    alfa, beeta = make_partner(name="Alfa ry"), make_partner(name="Beeta ry")
    mine = make_agreement(partner=alfa, status="active", reference_number="ALFA-1")
    theirs = make_agreement(partner=beeta, status="active", reference_number="BEETA-1")
    return {
        "mine": mine,
        "theirs": theirs,
        "staff": make_user("partner_staff", partner=alfa),
        "coordinator": make_user("coordinator"),
        "editor": make_user("editor"),
        "auditor": make_user("auditor"),
        "professional": make_user("professional"),
    }


def form_data(agreement, *, covers_all=True, **changes):
    """The agreement edit form's POST data for ``agreement``, with ``changes``;
    ``covers_all=False`` leaves the "covers all activities" box unticked."""
    data = {
        "partner": agreement.partner_id,
        "reference_number": agreement.reference_number,
        "title": agreement.title,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat() if agreement.valid_to else "",
        "covers_all_activities": "on",
        "quota": agreement.quota,
        "quota_period": agreement.quota_period,
        "contact_days": agreement.contact_days,
        "notification_emails": "",
        "notes": "",
        "change_reason": "",
    }
    if not covers_all:
        del data["covers_all_activities"]
    data.update(changes)
    return data


def test_coordinator_lists_inspects_and_edits(client, setup):
    client.force_login(setup["coordinator"])
    listing = client.get(url("list"))
    assert listing.status_code == 200
    assert "ALFA-1" in listing.text and "BEETA-1" in listing.text
    assert "<meter" in listing.text
    assert client.get(url("inspect", setup["theirs"].pk)).status_code == 200
    response = client.post(
        url("edit", setup["theirs"].pk),
        form_data(setup["theirs"], quota=12, change_reason="amendment"),
    )
    assert response.status_code == 302, response.text[:3000]
    latest = setup["theirs"].history.latest()
    assert latest.quota == 12
    assert latest.history_change_reason == "amendment"
    assert latest.history_user == setup["coordinator"]


def test_coordinator_changes_status_with_reason(client, setup):
    client.force_login(setup["coordinator"])
    response = client.post(url("status", setup["theirs"].pk, "suspend"), {"reason": "pause"})
    assert response.status_code == 302
    agreement = PartnerAgreement.objects.get(pk=setup["theirs"].pk)
    assert agreement.status == AgreementStatus.SUSPENDED
    assert agreement.history.latest().history_change_reason == "pause"


def test_illegal_status_change_is_reported_not_applied(client, setup):
    client.force_login(setup["coordinator"])
    response = client.post(
        url("status", setup["theirs"].pk, "resume"), {"reason": "x"}, follow=True
    )
    assert response.status_code == 200
    assert PartnerAgreement.objects.get(pk=setup["theirs"].pk).status == AgreementStatus.ACTIVE


def test_status_change_without_reason_is_refused(client, setup):
    client.force_login(setup["coordinator"])
    response = client.post(url("status", setup["theirs"].pk, "end"), {"reason": ""})
    assert response.status_code == 200  # the form again, with its error
    assert PartnerAgreement.objects.get(pk=setup["theirs"].pk).status == AgreementStatus.ACTIVE


def test_partner_staff_read_only_their_own(client, setup):
    client.force_login(setup["staff"])
    listing = client.get(url("list"))
    assert listing.status_code == 200
    assert "ALFA-1" in listing.text and "BEETA-1" not in listing.text
    assert client.get(url("inspect", setup["mine"].pk)).status_code == 200
    assert denied(client.get(url("inspect", setup["theirs"].pk)))
    assert denied(client.get(url("edit", setup["mine"].pk)))
    assert denied(client.post(url("edit", setup["mine"].pk), form_data(setup["mine"], quota=99)))
    assert denied(client.post(url("status", setup["mine"].pk, "end"), {"reason": "x"}))
    assert denied(client.post(url("delete", setup["mine"].pk)))
    assert PartnerAgreement.objects.get(pk=setup["mine"].pk).quota == 5
    assert PartnerAgreement.objects.get(pk=setup["mine"].pk).status == AgreementStatus.ACTIVE


def test_partner_staff_get_no_status_buttons(client, setup):
    client.force_login(setup["staff"])
    page = client.get(url("inspect", setup["mine"].pk))
    assert "status/" not in page.text


@pytest.mark.parametrize("role", ["editor", "professional"])
def test_roles_without_access(client, setup, role):
    client.force_login(setup[role])
    assert denied(client.get(url("list")))
    assert denied(client.get(url("inspect", setup["mine"].pk)))
    assert denied(client.post(url("status", setup["mine"].pk, "end"), {"reason": "x"}))


def test_auditor_reads_everything_changes_nothing(client, setup):
    client.force_login(setup["auditor"])
    assert client.get(url("list")).status_code == 200
    assert client.get(url("inspect", setup["theirs"].pk)).status_code == 200
    assert denied(client.post(url("status", setup["theirs"].pk, "end"), {"reason": "x"}))
    assert denied(client.get(url("add")))


def test_anonymous_goes_to_login(client, setup):
    response = client.get(url("list"))
    assert response.status_code == 302 and "/login/" in response.url


def test_filters_expiring_and_high_quota(client, setup, make_agreement, make_partner):
    from django.db import transaction

    from wagtail_hyte.agreements import services

    make_agreement(
        partner=make_partner(),
        status="active",
        reference_number="SOON-1",
        valid_to=local_date() + timedelta(days=10),
    )
    busy = make_agreement(
        partner=make_partner(), status="active", reference_number="BUSY-1", quota=5
    )
    for n in range(4):
        with transaction.atomic():
            services.reserve_slot(busy, reference=f"b{n}")
    client.force_login(setup["coordinator"])
    expiring = client.get(url("list"), {"expiring": "true"}).text
    assert "SOON-1" in expiring and "BUSY-1" not in expiring and "ALFA-1" not in expiring
    high = client.get(url("list"), {"quota_high": "true"}).text
    assert "BUSY-1" in high and "SOON-1" not in high
    dashboard = client.get(reverse("wagtailadmin_home")).text
    assert "SOON-1" in dashboard and "BUSY-1" in dashboard


def test_version_diff_on_inspect_page(client, setup):
    from wagtail_hyte.agreements import services

    agreement = setup["theirs"]
    first = agreement.history.earliest()
    agreement.quota = 11
    services.update_agreement(agreement, reason="raised")
    last = agreement.history.latest()
    client.force_login(setup["coordinator"])
    page = client.get(url("inspect", agreement.pk), {"a": first.history_id, "b": last.history_id})
    assert page.status_code == 200
    assert "raised" in page.text
    compact = re.sub(r">\s+<", "><", page.text)
    assert '<th scope="row">Kiintiö</th><td>5</td><td>11</td>' in compact
