"""An auditor finds a data subject by phone or email for a data subject's
request, through the blind index, and exports the subject's timeline; both are
ledgered, and nothing of the phone number or email is stored, shown or sent in
a URL."""

import csv
import io
import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import translation

from wagtail_hyte.ledger import kinds
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.ledger.services import ReadRefused, erase_subject, read_contact_details
from wagtail_hyte.ledger.services.subject_search import (
    SearchRateLimited,
    search_subjects,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("hyte_ledger:subject_search")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def auditor(make_user):
    return make_user("auditor")


def searches():
    return list(LedgerEntry.objects.filter(kind=kinds.SUBJECT_SEARCHED).order_by("seq"))


def test_finds_by_phone_in_any_format_and_by_email(make_subject, auditor):
    anna = make_subject(phone="040 123 4567", email="Anna@Example.invalid")
    make_subject(phone="040 765 4321")
    by_phone = search_subjects(
        actor=auditor, request_kind="access", reference="TS-2026-014", phone="+358 40 1234567"
    )
    assert [(s.pk, by) for s, by in by_phone] == [(anna.pk, ["phone"])]
    both = search_subjects(
        actor=auditor,
        request_kind="erasure",
        reference="TS-2026-015",
        phone="0401234567",
        email="anna@example.INVALID",
    )
    assert [(s.pk, by) for s, by in both] == [(anna.pk, ["phone", "email"])]


def test_every_search_is_ledgered_without_the_values(make_subject, auditor):
    anna = make_subject(phone="040 123 4567", email="anna@example.invalid")
    search_subjects(
        actor=auditor, request_kind="access", reference="TS-2026-014", email="anna@example.invalid"
    )
    search_subjects(actor=auditor, request_kind="other", reference="K/12", phone="040 999 9999")
    first, second = searches()
    assert first.actor == f"user:{auditor.pk}"
    assert json.loads(first.subjects) == [str(anna.pk)]
    assert first.payload_data == {
        "request": "access",
        "reference": "TS-2026-014",
        "by": ["email"],
        "matches": 1,
    }
    # a search that finds nobody is recorded too
    assert json.loads(second.subjects) == [] and second.payload_data["matches"] == 0
    for entry in (first, second):
        assert "anna" not in entry.payload and "999" not in entry.payload


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"request_kind": "access", "reference": "TS-1"}, "phone"),
        ({"request_kind": "access", "reference": "TS-1", "phone": "12"}, "phone"),
        ({"request_kind": "nope", "reference": "TS-1", "phone": "040 123 4567"}, "request_kind"),
        ({"request_kind": "access", "reference": "has spaces", "phone": "0401234567"}, "reference"),
        ({"request_kind": "access", "reference": "", "phone": "040 123 4567"}, "reference"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_ledgered(auditor, fields, field):
    with pytest.raises(ValidationError) as caught:
        search_subjects(actor=auditor, **fields)
    assert field in caught.value.error_dict
    assert searches() == []


def test_erased_subjects_are_not_found(make_subject, auditor):
    anna = make_subject(phone="040 123 4567")
    erase_subject(anna, "user:1")
    assert (
        search_subjects(actor=auditor, request_kind="access", reference="A1", phone="0401234567")
        == []
    )


def test_the_rate_limit_counts_ledgered_searches(make_subject, auditor, settings):
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "SUBJECT_SEARCH_RATE_LIMITS": ((2, 3600),)}
    for n in range(2):
        search_subjects(actor=auditor, request_kind="access", reference=f"A{n}", phone="0401234567")
    with pytest.raises(SearchRateLimited) as caught:
        search_subjects(actor=auditor, request_kind="access", reference="A3", phone="0401234567")
    assert "at most 2 times in 60 min" in caught.value.messages[0]
    assert len(searches()) == 2


def test_the_view_is_post_only_and_never_puts_values_in_urls(client, make_subject, auditor):
    anna = make_subject(phone="040 123 4567")
    client.force_login(auditor)
    page = client.get(SEARCH)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    # a phone number in the query string is not a search
    client.get(SEARCH, {"phone": "0401234567", "request_kind": "access", "reference": "A"})
    assert searches() == []
    response = client.post(
        SEARCH, {"request_kind": "access", "reference": "TS-2026-014", "phone": "040 123 4567"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "1 data subject found" in html
    assert reverse("hyte_ledger:subject", args=[anna.pk]) in html
    assert "0401234567" not in html and "040 123 4567" not in html  # the form is emptied
    assert len(searches()) == 1


def test_the_view_shows_translated_errors(client, auditor):
    client.force_login(auditor)
    html = client.post(SEARCH, {"request_kind": "access", "reference": "TS-1"}).content.decode()
    assert "Give the phone number or the email address the person gave." in html
    assert "hyte-error-summary" in html
    assert searches() == []


@pytest.mark.parametrize("role", ["editor", "professional", "partner_staff", "coordinator"])
def test_only_auditors_search_and_export(client, make_user, make_subject, role):
    anna = make_subject()
    client.force_login(make_user(role))
    assert client.post(
        SEARCH, {"request_kind": "access", "reference": "A", "phone": "0401234567"}
    ).status_code in (302, 403)
    export = reverse("hyte_ledger:subject_export", args=[anna.pk])
    assert client.post(export, {"format": "json"}).status_code in (302, 403)
    assert searches() == []
    assert not LedgerEntry.objects.filter(kind=kinds.SUBJECT_TIMELINE_EXPORTED).exists()


def test_export_json_and_csv_are_ledgered(client, make_subject, consent_for, auditor):
    anna = make_subject()
    consent_for(anna)
    client.force_login(auditor)
    url = reverse("hyte_ledger:subject_export", args=[anna.pk])
    assert client.get(url).status_code == 405  # a download that writes the ledger is a POST
    response = client.post(url, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["subject"]["id"] == str(anna.pk)
    assert [c["status"] for c in document["consents"]] == ["given"]
    event_kinds = [e["kind"] for e in document["events"]]
    assert kinds.PERSONAL_DATA_STORED in event_kinds and kinds.CONSENT_GIVEN in event_kinds
    assert all(e["hash"] and e["event"] for e in document["events"])
    assert "040 111" not in response.content.decode()  # no contact details
    rows = list(csv.reader(io.StringIO(client.post(url, {"format": "csv"}).content.decode())))
    assert rows[0] == ["seq", "time", "kind", "event", "actor", "organisations", "details", "hash"]
    assert {row[2] for row in rows[1:]} >= {kinds.PERSONAL_DATA_STORED, kinds.CONSENT_GIVEN}
    exports = LedgerEntry.objects.filter(kind=kinds.SUBJECT_TIMELINE_EXPORTED).order_by("seq")
    assert [e.payload_data["format"] for e in exports] == ["json", "csv"]
    assert json.loads(exports[0].subjects) == [str(anna.pk)]
    assert client.post(url, {"format": "xml"}).status_code == 404


def test_csv_cells_never_start_a_formula(client, make_subject, auditor, make_user):
    sneaky = make_user("professional")
    sneaky.first_name, sneaky.last_name = "=HYPERLINK(1)", "x"
    sneaky.save()
    anna = make_subject()
    with pytest.raises(ReadRefused):  # no consent: refused, and the refusal is ledgered
        read_contact_details(anna, sneaky, "referral.contact")
    client.force_login(auditor)
    url = reverse("hyte_ledger:subject_export", args=[anna.pk])
    body = client.post(url, {"format": "csv"}).content.decode()
    assert ",=HYPERLINK" not in body and "'=HYPERLINK" in body


def test_the_searches_read_as_words_in_the_ledger(client, make_subject, auditor):
    make_subject(phone="040 123 4567")
    search_subjects(actor=auditor, request_kind="erasure", reference="TS-9", phone="0401234567")
    client.force_login(auditor)
    html = client.get(reverse("hyte_ledger:entries")).content.decode()
    assert "Data subject searched for a request" in html
    assert "Erasure (art. 17)" in html and "Phone number" in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_rate_limit_holds_under_concurrent_searches(make_subject, make_user, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "SUBJECT_SEARCH_RATE_LIMITS": ((3, 3600),)}
    auditor = make_user("auditor")
    make_subject(phone="040 123 4567")
    barrier, outcomes = threading.Barrier(8), []

    def run(n):
        try:
            barrier.wait()
            search_subjects(
                actor=auditor, request_kind="access", reference=f"R{n}", phone="0401234567"
            )
            outcomes.append("ok")
        except SearchRateLimited:
            outcomes.append("limited")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 3 and outcomes.count("limited") == 5
    assert len(searches()) == 3


def test_anonymous_is_sent_to_login(client, make_subject):
    anna = make_subject()
    for url in (SEARCH, reverse("hyte_ledger:subject_export", args=[anna.pk])):
        response = client.post(url, {"format": "json"})
        assert response.status_code == 302 and "login" in response["Location"]
