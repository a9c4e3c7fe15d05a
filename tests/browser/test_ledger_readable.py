"""The readable ledger listing (names, organisations, words, absolute times) is
axe clean on a desktop and a phone-sized screen."""

import pytest


@pytest.fixture
def audited(transactional_db, make_user, make_partner):
    from wagtail_hyte.ledger.models import ConsentNotice
    from wagtail_hyte.ledger.services import (
        create_subject_with_contact,
        read_contact_details,
        record_consent,
        record_read_refused,
        withdraw_consent,
    )
    from wagtail_hyte.referrals import purposes

    professional = make_user(
        "professional",
        first_name="Maija",
        last_name="Meikäläinen",
        partner=make_partner(name="Hyvinvointialue Testi"),
    )
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
        purpose=purposes.REFERRAL,
        data_categories=["name", "phone", "contact_preferences"],
        notice=notice,
        collection_method="verbal",
        recorded_by=professional,
    )
    read_contact_details(subject, professional, purposes.CONTACT_CLIENT, recipient=partner)
    withdraw_consent(consent, withdrawn_by=professional, method="verbal")
    record_read_refused(professional, subject, "consent_withdrawn", purpose=purposes.CONTACT_CLIENT)
    return professional


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["/admin/hyte/ledger/", "/admin/hyte/ledger/reads/"])
def test_readable_listing_has_no_axe_violations(
    new_page, live_server, login, make_user, home_page, axe, audited, width, path
):
    page = new_page(viewport={"width": width, "height": 900})
    login(page, live_server, make_user("auditor"))
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    table = page.locator("table.listing")
    assert table.get_by_text("Maija Meikäläinen").first.is_visible()
    assert table.get_by_text("Hyvinvointialue Testi").first.is_visible()
    assert table.get_by_text(f"user:{audited.pk}").first.is_visible()
    assert table.locator("time[datetime]").first.is_visible()
    text = table.inner_text()  # codes are words; the code is only in a title
    assert "consent_withdrawn" not in text and "referral.contact_client" not in text
    assert "Testi Asiakas" not in page.content()
    axe(page)
