"""The auditor reads the ledger without a lookup table: actors as names and
organisations, partners by name, purposes, categories and codes in words,
absolute local times, and a page's lookups in a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from wagtail_hyte.ledger import display
from wagtail_hyte.ledger.chain import append_entry
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.ledger.services import (
    read_contact_details,
    record_read_refused,
    withdraw_consent,
)
from wagtail_hyte.referrals import purposes

pytestmark = pytest.mark.django_db


def visible(html: str) -> str:
    """The text a reader sees: tags (and so ``title`` attributes) removed."""
    return re.sub(r"<[^>]*>", "", html)


@pytest.fixture
def partner(make_partner):
    return make_partner(name="Liikuntaseura Kunto")


@pytest.fixture
def professional(make_user, make_partner):
    return make_user(
        "professional",
        first_name="Maija",
        last_name="Meikäläinen",
        partner=make_partner(name="Hyvinvointialue Testi"),
    )


@pytest.fixture
def auditor(client, make_user):
    client.force_login(make_user("auditor"))
    return client


@pytest.fixture
def audited(make_subject, consent_for, professional, partner):
    subject = make_subject()
    consent = consent_for(
        subject, purpose=purposes.REFERRAL, data_categories=["name", "contact_preferences"]
    )
    read_contact_details(subject, professional, purposes.CONTACT_CLIENT, recipient=partner)
    withdraw_consent(consent, withdrawn_by=professional, method="written")
    record_read_refused(
        professional,
        subject,
        "consent_withdrawn",
        purpose=purposes.CONTACT_CLIENT,
        recipient=partner,
    )
    return subject


def test_finnish_labels_of_keys_purposes_categories_and_codes():
    with translation.override("fi"):
        assert str(display.key_label("purpose")) == "Käyttötarkoitus"
        assert str(display.key_label("recipient")) == "Vastaanottaja"
        assert str(display.key_label("method")) == "Tapa"
        assert str(display.purpose_label(purposes.REFERRAL)) == "Lähete"
        assert str(display.purpose_label(purposes.CLIENT_CONFIRMATION)) == "Vahvistus asiakkaalle"
        assert str(display.purpose_label(purposes.RECEIPT)) == "Lähetteen kuitti"
        assert (
            str(display.value_label("categories", "contact_preferences"))
            == "Toivottu yhteydenottotapa ja -aika"
        )
        assert str(display.value_label("categories", "phone")) == "Puhelinnumero"
        assert str(display.value_label("method", "verbal")) == "Suullisesti"
        assert str(display.value_label("reason", "consent_withdrawn")) == "Suostumus peruttu"


def test_every_referral_purpose_is_registered():
    codes = [
        purposes.REFERRAL,
        purposes.CONTACT_CLIENT,
        purposes.RECEIPT,
        purposes.CLIENT_CONFIRMATION,
        purposes.OUTCOME_NOTE,
        purposes.REUSE_CLIENT,
    ]
    for code in codes:
        assert display.purpose_label(code) is not None, code


def test_register_purpose_is_idempotent():
    display.register_purpose("test.purpose_once", "First")
    display.register_purpose("test.purpose_once", "Second")
    assert display.purpose_label("test.purpose_once") == "First"
    assert display.purpose_label("test.never_registered") is None


def test_labels_depend_on_the_kind():
    with translation.override("en"):
        assert str(display.key_label("from", "key.rotated")) == "Previous keys"
        assert str(display.key_label("from", "referral.status_changed")) == "Previous status"
        assert str(display.key_label("from", "consent.given")) == "From"
        assert str(display.value_label("to", "accepted", "referral.status_changed")) == "Accepted"
        assert display.value_label("to", "accepted", "key.rotated") is None


def test_values_in_words(professional, partner):
    given = dt.datetime(2026, 3, 4, 10, 5, 6, tzinfo=dt.UTC)
    entry = append_entry(
        "referral.status_changed",
        professional,
        ["5d7d6f1e-0000-4000-8000-000000000001"],
        {
            "referral": "H-ABC123",
            "from": "sent",
            "to": "cancelled",
            "reason": "not_reached",
            "note": True,
            "partner": str(partner.pk),
            "given_at": "2026-03-04T10:05:06.000000Z",
            "due": "2026-03-18",
        },
    )
    with translation.override("en"):
        readable = display.readable_entry(entry)
        details = {str(label): str(html) for label, html in readable.details}
        assert details["Previous status"] == '<span title="sent">Sent</span>'
        assert visible(details["New status"]) == "Cancelled"
        assert visible(details["Reason"]) == "The client could not be reached"
        assert details["Note"] == "Yes"
        assert details["Partner"].startswith("Liikuntaseura Kunto ")
        assert f"<code>{partner.pk}</code>" in details["Partner"]
        local = formats.date_format(timezone.localtime(given), "SHORT_DATETIME_FORMAT")
        assert f">{local}</time>" in details["Given"]
        assert 'datetime="2026-03-18"' in details["Contact due"]
        assert details["Referral"] == "<code>H-ABC123</code>"  # an id stays an id
        assert readable.actor.name == "Maija Meikäläinen"
        assert readable.actor.organisations == ["Hyvinvointialue Testi"]
        assert readable.actor.raw == f"user:{professional.pk}"


def test_actors_system_unknown_and_username(make_user):
    nameless = make_user("professional", username="kayttaja7")
    entries = [
        append_entry("key.rotated", "system:key-rotation", [], {"to": "k2"}),
        append_entry("key.rotated", "user:999999", [], {"to": "k3"}),
        append_entry("key.rotated", nameless, [], {"to": "k4"}),
    ]
    with translation.override("en"):
        system, unknown, user = (entry.readable.actor for entry in display.readable(entries))
        assert (str(system.name), system.raw) == ("System", "system:key-rotation")
        assert (str(unknown.name), unknown.raw) == ("Unknown or deleted user", "user:999999")
        assert (user.name, user.organisations) == ("kayttaja7", [])


def test_listing_shows_names_organisations_and_words(auditor, audited, professional, partner):
    html = auditor.get(reverse("hyte_ledger:entries")).content.decode()
    page = visible(html)
    assert "Maija Meikäläinen" in page
    assert "Hyvinvointialue Testi" in page  # the actor's organisation
    assert f"<code>user:{professional.pk}</code>" in html  # the raw id stays visible
    assert "Liikuntaseura Kunto" in page  # the recipient partner by name
    assert '<dt>Käyttötarkoitus</dt><dd><span title="referral">Lähete</span></dd>' in html
    assert "Toivottu yhteydenottotapa ja -aika" in page
    assert "Kirjallisesti" in page  # withdrawal method "written"
    assert "Suostumus peruttu" in page  # the refusal reason
    assert 'title="contact_preferences"' in html  # the code, for comparing with the export
    assert 'title="written"' in html and "<code>written</code>" not in html
    for raw in ("contact_preferences", "consent_withdrawn", purposes.CONTACT_CLIENT):
        assert raw not in page, raw
    for key in ("purpose", "lawful_basis", "notice_sha256", "categories"):
        assert f"<dt>{key}</dt>" not in html, key


def test_listing_shows_absolute_local_times(auditor, audited):
    page = auditor.get(reverse("hyte_ledger:entries")).content.decode()
    entry = LedgerEntry.objects.order_by("-seq").first()
    local = formats.date_format(timezone.localtime(entry.created_at), "SHORT_DATETIME_FORMAT")
    assert f">{local}</time>" in page
    assert f'datetime="{timezone.localtime(entry.created_at).isoformat()}"' in page
    assert "sitten" not in page  # no "x minuuttia sitten"


def test_reads_show_purpose_recipient_and_reason_in_words(auditor, audited, professional):
    page = visible(auditor.get(reverse("hyte_ledger:reads")).content.decode())
    assert "Maija Meikäläinen" in page and "Hyvinvointialue Testi" in page
    assert "Liikuntaseura Kunto" in page
    assert "Suostumus peruttu" in page
    assert purposes.CONTACT_CLIENT not in page
    assert "consent_withdrawn" not in page


def test_actor_filter_takes_a_username(auditor, audited, professional, make_user):
    url = reverse("hyte_ledger:entries")
    page = auditor.get(url, {"actor": professional.username.upper()}).content.decode()
    assert "Maija Meikäläinen" in page
    other = make_user("professional", username="nobody-here")
    page = auditor.get(url, {"actor": other.username}).content.decode()
    assert "Maija Meikäläinen" not in page
    page = auditor.get(url, {"actor": f"user:{professional.pk}"}).content.decode()
    assert "Maija Meikäläinen" in page


def _add_reads(start, stop, make_user, make_partner):
    """``count`` reads, each by another user of another partner, for another recipient."""
    for i in range(start, stop):
        organisation = make_partner(name=f"Organisaatio {i}")
        user = make_user(
            "professional", first_name="Lukija", last_name=str(i), partner=organisation
        )
        append_entry(
            "personal_data.read",
            user,
            [f"5d7d6f1e-0000-4000-8000-{i:012d}"],
            {
                "purpose": purposes.CONTACT_CLIENT,
                "recipient": str(make_partner(name=f"Vastaanottaja {i}").pk),
            },
        )


@pytest.mark.parametrize("url_name", ["hyte_ledger:entries", "hyte_ledger:reads"])
def test_listing_queries_do_not_grow_with_rows(auditor, make_user, make_partner, url_name):
    url = reverse(url_name)
    _add_reads(0, 5, make_user, make_partner)
    auditor.get(url)  # warm caches (site, content types)
    with CaptureQueriesContext(connection) as five:
        page = auditor.get(url).content.decode()
    assert page.count("Lukija ") == 5
    _add_reads(5, 25, make_user, make_partner)
    with CaptureQueriesContext(connection) as twenty_five:
        page = auditor.get(url).content.decode()
    assert page.count("Lukija ") == 25
    assert "Organisaatio 24" in page and "Vastaanottaja 24" in page
    assert len(twenty_five) == len(five), [q["sql"] for q in twenty_five.captured_queries]
