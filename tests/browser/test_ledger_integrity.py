"""The auditor's integrity page (issue "journeys") in a browser: what the last
verification covered and what is not checked yet, and Verify now done with the
keyboard alone, axe-core clean at a desktop and a phone width."""

import re

import pytest

URL = "/admin/hyte/ledger/integrity/"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def partly_verified(transactional_db):
    """10 entries verified by the command, then 62 appended: 72 entries."""
    from django.core.management import call_command

    from wagtail_hyte.ledger.chain import append_entry

    def append(n):
        for i in range(n):
            append_entry("consent.given", "system:browser-test", [], {"index": i})

    append(10)
    call_command("hyte_verify_ledger")
    append(62)


@VIEWPORTS
def test_partial_check_and_verify_now_by_keyboard(
    new_page, live_server, login, make_user, home_page, axe, partly_verified, viewport
):
    from wagtail_hyte.ledger.models import VerificationRun

    auditor = make_user("auditor")
    page = new_page(viewport=viewport)
    login(page, live_server, auditor)
    page.goto(f"{live_server.url}{URL}")
    status = page.locator('[data-hyte-integrity="partial"]')
    assert status.is_visible()
    said = " ".join(status.inner_text().split())
    assert "10" in said and "#1\u2013#10" in said and "62" in said and "#11\u2013#72" in said
    assert page.locator('[data-hyte-integrity="intact"]').count() == 0
    assert page.evaluate(OVERFLOW_JS) <= 0
    axe(page)

    # Tab from the form's help text to the button, then Enter: POST, redirect, GET.
    page.locator("#hyte-verify-now-help").evaluate(
        "el => { el.tabIndex = -1; el.focus(); el.removeAttribute('tabindex'); }"
    )
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.type,"
        " document.activeElement.closest('form')?.dataset.hyteIntegrity]"
    )
    assert focused == ["BUTTON", "submit", "verify-now"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(re.escape(URL) + r"$", page.url)
    run = VerificationRun.objects.order_by("-finished_at", "-pk").first()
    assert run.ok and run.entries_checked == 72 and run.actor == f"user:{auditor.pk}"
    assert page.locator('[data-hyte-integrity="intact"]').is_visible()
    assert page.locator('[data-hyte-integrity="partial"]').count() == 0
    assert page.get_by_role("status").filter(has_text="72").first.is_visible()
    assert page.evaluate(OVERFLOW_JS) <= 0
    axe(page)
