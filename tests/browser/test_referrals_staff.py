"""Axe-core on the staff views added after the referral journey: the
coordinator's withdrawal page (lookup, not found, found, done), the partner's
withdrawal on the inbox page, the
notification-failures dashboard panel and the paginated referral listings with
their status filter (partner inbox, My referrals). The signed-agreement download
is a file, not a page, and the ledger's verification runs are shown on the
integrity page (tests/browser/test_ledger_auditor.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from wagtail_hyte.ledger.models import ConsentNotice
from wagtail_hyte.referrals.models import NotificationFailure, Referral


def make_referrals(journey, count):
    from wagtail_hyte.referrals import services

    notice = ConsentNotice.objects.get(key="referral", language="fi")
    return [
        services.create_referral(
            activity=journey["activity"],
            professional=journey["professional"],
            details={"name": f"Asiakas {n}", "phone": f"040 555 010{n}"},
            notice=notice,
            collection_method="verbal",
            at=timezone.now() - timedelta(hours=n + 1),
        )
        for n in range(count)
    ]


def submit_with(page, selector):
    page.focus(selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_coordinator_withdrawal_and_failures_panel(
    page,
    live_server,
    journey,
    make_user,
    login,
    axe,
):
    (referral,) = make_referrals(journey, 1)
    NotificationFailure.objects.create(
        referral=referral,
        kind="partner",
        problem="SMTP 550: postilaatikko täynnä",
        failed_at=timezone.now() - timedelta(hours=2),
    )
    login(page, live_server, make_user("coordinator"))

    page.goto(f"{live_server.url}/admin/")
    panel = page.locator('section[aria-labelledby="hyte_notification_failures-heading"]')
    assert panel.get_by_text(referral.short_reference).is_visible()
    assert panel.get_by_text("SMTP 550: postilaatikko täynnä").is_visible()
    axe(page)

    page.goto(f"{live_server.url}{reverse('hyte_referrals:coordinator_withdrawal')}")
    axe(page)
    page.focus("#id_reference")
    page.keyboard.type("00000000")
    submit_with(page, "#id_reference")
    assert page.locator("#id_reference[aria-invalid='true'], .error-message").count() >= 1
    axe(page)

    page.fill("#id_reference", referral.short_reference)
    submit_with(page, "#id_reference")
    assert page.locator("#hyte-withdrawal-heading").is_visible()
    axe(page)
    page.focus('input[name="method"][value="verbal"]')
    page.keyboard.press("Space")
    submit_with(page, 'form[method="post"] button[type="submit"].no')
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert page.url.endswith(reverse("hyte_referrals:coordinator_withdrawal"))
    assert page.get_by_text(referral.short_reference).first.is_visible()  # the success message
    axe(page)


def test_paginated_listings_with_status_filter(
    page,
    live_server,
    journey,
    login,
    axe,
    monkeypatch,
):
    from wagtail_hyte.referrals.views.partner import InboxView
    from wagtail_hyte.referrals.views.professional import MyReferralsView

    # Two rows a page, so three referrals make two pages (the live server
    # thread reads the class attribute on every request).
    monkeypatch.setattr(InboxView, "paginate_by", 2)
    monkeypatch.setattr(MyReferralsView, "paginate_by", 2)
    referrals = make_referrals(journey, 3)
    Referral.objects.filter(pk=referrals[0].pk).update(status="accepted")

    login(page, live_server, journey["staff"])
    inbox = reverse("hyte_referrals:inbox")
    inbox_rows = page.locator('section[aria-labelledby="hyte-inbox-list"] table tbody tr')
    page.goto(f"{live_server.url}{inbox}")
    assert inbox_rows.count() == 2
    assert page.locator("nav.pagination, .pagination").count() >= 1
    axe(page)
    page.goto(f"{live_server.url}{inbox}?status=open&p=2")
    assert inbox_rows.count() == 1
    axe(page)
    # The status filter (Wagtail's filter menu, results by AJAX), by keyboard.
    page.focus("#filters-drilldown .w-dropdown__toggle")
    page.keyboard.press("Enter")
    page.focus('button[aria-controls="drilldown-id_status"]')
    page.keyboard.press("Enter")
    accepted = page.locator('input[name="status"][value="accepted"]')
    accepted.focus()
    with page.expect_response(lambda r: "/inbox/results/" in r.url):
        page.keyboard.press("Space")
    page.wait_for_url("**status=accepted**")
    assert accepted.is_checked()
    page.wait_for_function(
        "document.querySelectorAll('section[aria-labelledby=\"hyte-inbox-list\"] tbody tr')"
        ".length === 1"
    )
    axe(page)

    page.context.clear_cookies()
    login(page, live_server, journey["professional"])
    mine = reverse("hyte_referrals:mine")
    page.goto(f"{live_server.url}{mine}?status=all&p=2")
    assert page.locator("table.listing tbody tr").count() == 1
    axe(page)
    page.goto(f"{live_server.url}{mine}?status=succeeded")
    assert page.locator("table.listing").count() == 0  # the "No referrals match." message
    assert page.locator("#listing-results p").first.is_visible()
    axe(page)


def test_partner_records_a_withdrawal(
    page,
    live_server,
    journey,
    login,
    axe,
):
    """The receiving partner's staff record the client's withdrawal on the inbox page:
    first without choosing how the client told (the form's error), then properly."""
    (referral,) = make_referrals(journey, 1)
    login(page, live_server, journey["staff"])
    page.goto(f"{live_server.url}{reverse('hyte_referrals:inbox_detail', args=[referral.pk])}")
    withdraw = page.locator('section[aria-labelledby="hyte-withdraw-heading"]')
    assert withdraw.is_visible()
    axe(page)

    submit_with(page, 'section[aria-labelledby="hyte-withdraw-heading"] button.no')
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert page.locator(".error-message, [aria-invalid='true']").count() >= 1
    axe(page)

    page.focus('section[aria-labelledby="hyte-withdraw-heading"] input[name="method"]')
    page.keyboard.press("Space")
    submit_with(page, 'section[aria-labelledby="hyte-withdraw-heading"] button.no')
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert not page.locator('section[aria-labelledby="hyte-withdraw-heading"]').count()
    axe(page)


def test_partner_handles_the_inbox_on_a_phone(new_page, live_server, journey, login, axe):
    """At 390 px: the inbox fits the screen, is searched by the referral number,
    and the referral opens; axe on both pages."""
    first, second = make_referrals(journey, 2)
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    login(page, live_server, journey["staff"])
    page.goto(f"{live_server.url}{reverse('hyte_referrals:inbox')}")
    rows = page.locator('section[aria-labelledby="hyte-inbox-list"] table tbody tr')
    assert rows.count() == 2
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(f"{live_server.url}{reverse('hyte_referrals:inbox')}?q={second.short_reference}")
    assert rows.count() == 1
    rows.first.locator("a").first.click()
    page.wait_for_url(f"**{reverse('hyte_referrals:inbox_detail', args=[second.pk])}")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
