"""Axe-core on the agreement admin views, the dashboard panels and the badge."""

from datetime import timedelta

import pytest
from django.db import transaction

from wagtail_hyte.agreements import services
from wagtail_hyte.agreements.models import PartnerAgreement
from wagtail_hyte.core.periods import local_date

NS = "/admin/hyte/agreements"


@pytest.fixture
def agreements(db, make_partner, make_user):
    coordinator = make_user("coordinator")
    partner = make_partner(name="Selkeä ry")
    agreement = PartnerAgreement.objects.create(
        partner=partner,
        reference_number="AXE-1",
        title="Saavutettava sopimus",
        valid_from=local_date() - timedelta(days=10),
        valid_to=local_date() + timedelta(days=12),
        quota=5,
    )
    services.activate(agreement, user=coordinator, reason="allekirjoitettu")
    agreement.quota = 4
    services.update_agreement(agreement, user=coordinator, reason="muutos")
    for n in range(4):
        with transaction.atomic():
            services.reserve_slot(agreement, reference=f"axe-{n}")
    return coordinator, agreement


def test_agreement_listing_and_filters(page, live_server, agreements, login, axe):
    coordinator, agreement = agreements
    login(page, live_server, coordinator)
    page.goto(f"{live_server.url}{NS}/")
    assert page.get_by_text("AXE-1").first.is_visible()
    axe(page)
    page.goto(f"{live_server.url}{NS}/?expiring=true&quota_high=true")
    assert page.get_by_text("AXE-1").first.is_visible()
    axe(page)


def test_agreement_inspect_with_versions_and_diff(page, live_server, agreements, login, axe):
    coordinator, agreement = agreements
    first, last = agreement.history.earliest(), agreement.history.latest()
    login(page, live_server, coordinator)
    page.goto(
        f"{live_server.url}{NS}/inspect/{agreement.pk}/?a={first.history_id}&b={last.history_id}"
    )
    assert page.locator("#versions-heading").is_visible()
    axe(page)


def test_agreement_edit_form(page, live_server, agreements, login, axe):
    coordinator, agreement = agreements
    login(page, live_server, coordinator)
    page.goto(f"{live_server.url}{NS}/edit/{agreement.pk}/")
    assert page.locator("#id_change_reason").is_visible()
    axe(page)


def test_status_change_by_keyboard(page, live_server, agreements, login, axe):
    coordinator, agreement = agreements
    login(page, live_server, coordinator)
    page.goto(f"{live_server.url}{NS}/inspect/{agreement.pk}/")
    # Suspending asks on a page of its own: the link, then the reason, then Enter.
    page.focus(f'a[href$="/status/{agreement.pk}/suspend/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    agreement.refresh_from_db()
    assert agreement.status == "active"  # opening the confirmation changes nothing
    axe(page)
    page.focus("#id_reason")
    page.keyboard.type("Tauko")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/inspect/{agreement.pk}/")
    agreement.refresh_from_db()
    assert agreement.status == "suspended"
    axe(page)


def test_dashboard_panels(page, live_server, agreements, login, axe):
    coordinator, _agreement = agreements
    login(page, live_server, coordinator)
    page.goto(f"{live_server.url}/admin/")
    assert page.locator("#hyte_expiring_agreements-heading").is_visible()
    assert page.locator("#hyte_quota_nearly_used-heading").is_visible()
    axe(page)
