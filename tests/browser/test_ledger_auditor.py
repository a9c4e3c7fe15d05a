"""The auditor views meet WCAG 2.1 AA (axe-core) and work with the keyboard."""

import pytest


@pytest.fixture
def audited(transactional_db, make_user, make_partner):
    from wagtail_hyte.ledger.checkpoints import make_checkpoint
    from wagtail_hyte.ledger.models import ConsentNotice
    from wagtail_hyte.ledger.services import (
        create_subject_with_contact,
        read_contact_details,
        record_consent,
        withdraw_consent,
    )
    from wagtail_hyte.ledger.verification import verify_chain

    professional = make_user("professional")
    partner = make_partner(name="Liikuntaseura Testi")
    notice, _created = ConsentNotice.objects.get_or_create(  # the default may exist
        key="referral", version=1, language="fi", defaults={"title": "Suostumus", "text": "Teksti."}
    )
    subject = create_subject_with_contact(
        {"name": "Testi Asiakas", "phone": "040 123 4567", "language": "fi"}, professional
    )
    consent = record_consent(
        subject,
        recipient=partner,
        purpose="referral",
        data_categories=["name", "phone"],
        notice=notice,
        collection_method="verbal",
        recorded_by=professional,
    )
    read_contact_details(subject, professional, "referral.contact", recipient=partner)
    withdraw_consent(consent, withdrawn_by=professional, method="verbal")
    make_checkpoint()
    verify_chain()
    return subject


@pytest.fixture
def auditor_page(page, live_server, login, make_user, home_page, audited):
    login(page, live_server, make_user("auditor"))
    return page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/hyte/ledger/",
        "/admin/hyte/ledger/?kind=personal_data.read",
        "/admin/hyte/ledger/reads/",
        "/admin/hyte/ledger/integrity/",
    ],
)
def test_auditor_views_have_no_axe_violations(auditor_page, live_server, axe, path):
    response = auditor_page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    assert auditor_page.get_by_role("heading", level=1).first.is_visible()
    axe(auditor_page)


def test_subject_timeline_has_no_axe_violations(auditor_page, live_server, axe, audited):
    response = auditor_page.goto(f"{live_server.url}/admin/hyte/ledger/subjects/{audited.pk}/")
    assert response.status == 200
    assert auditor_page.get_by_role("cell", name="Liikuntaseura Testi").is_visible()
    axe(auditor_page)


def test_timeline_reachable_by_keyboard_from_ledger(auditor_page, live_server, audited):
    auditor_page.goto(f"{live_server.url}/admin/hyte/ledger/")
    link = auditor_page.locator(f"a[href$='/subjects/{audited.pk}/']").first
    link.focus()
    auditor_page.keyboard.press("Enter")
    auditor_page.wait_for_url(f"**/subjects/{audited.pk}/")
    assert "Testi Asiakas" not in auditor_page.content()


@pytest.mark.parametrize(
    "path", ["/admin/hyte/consent-notices/", "/admin/hyte/consent-notices/add/"]
)
def test_consent_notice_admin_has_no_axe_violations(
    page, live_server, login, make_user, home_page, axe, path
):
    login(page, live_server, make_user("coordinator"))
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    axe(page)


def test_integrity_page_with_failed_verifications_has_no_axe_violations(
    auditor_page, live_server, axe
):
    """The integrity page lists recent failed verification runs (the ledger has
    no separate listing of runs); an unsigned failed run is also untrusted."""
    from django.utils import timezone

    from wagtail_hyte.ledger.models import VerificationRun

    now = timezone.now()
    VerificationRun.objects.create(
        started_at=now,
        finished_at=now,
        ok=False,
        entries_checked=3,
        first_bad_seq=2,
        problem="Ketjun tiiviste ei täsmää rivillä 2",
    )
    response = auditor_page.goto(f"{live_server.url}/admin/hyte/ledger/integrity/")
    assert response.status == 200
    assert auditor_page.get_by_text("Ketjun tiiviste ei täsmää rivillä 2").is_visible()
    axe(auditor_page)


def test_find_a_data_subject_and_export_the_timeline(auditor_page, live_server, axe, audited):
    """An access request: find the person by phone number, open the timeline and
    download it; by keyboard, with axe-core at 1280 px and 390 px."""
    import json
    from pathlib import Path

    page = auditor_page
    page.goto(f"{live_server.url}/admin/hyte/ledger/subjects/")
    axe(page)
    page.select_option("#id_request_kind", "access")
    page.focus("#id_reference")
    page.keyboard.type("TS-2026-014")
    page.focus("#id_phone")
    page.keyboard.type("+358 40 123 4567")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    link = page.locator(f"a[href$='/subjects/{audited.pk}/']")
    assert link.count() == 1
    assert "4567" not in page.url and "4567" not in page.locator("main").inner_text()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        axe(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with page.expect_download() as download:
        page.locator("button[name='format'][value='json']").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["subject"]["id"] == str(audited.pk)
