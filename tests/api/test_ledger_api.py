"""The ledger in the REST API (``api/hyte/v1/ledger/``): auditors only, as the
admin's auditor views; entries exactly as stored, with the admin's filters;
checkpoints with their signed notes; the verification status of the integrity
page and its *Verify now*, after real verification runs and after tampering."""

import datetime as dt
import json
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.ledger import conftest as ledger_fixtures
from tests.ledger import tamper as t
from tests.ledger.conftest import CANARY, CANARY_PHONE_E164
from wagtail_hyte.ledger.chain import append_entry
from wagtail_hyte.ledger.checkpoints import make_checkpoint, verify_note
from wagtail_hyte.ledger.models import Checkpoint, LedgerEntry, VerificationRun
from wagtail_hyte.ledger.verification import verify_chain

pytestmark = pytest.mark.django_db

# The ledger tests' fixtures: a chain of entries, subjects, consents.
chain = ledger_fixtures.chain
make_subject = ledger_fixtures.make_subject
consent_for = ledger_fixtures.consent_for
partner = ledger_fixtures.partner
professional = ledger_fixtures.professional
notice = ledger_fixtures.notice

ROLES = ["professional", "partner_staff", "other_partner_staff", "coordinator", "editor"]
HELSINKI = dt.timezone(dt.timedelta(hours=2))


def url(name, *args):
    return reverse(f"hyte_api_v1:{name}", args=args)


@pytest.fixture
def people(make_user, make_partner):
    own, other = make_partner(), make_partner()
    return {
        "professional": make_user("professional"),
        "partner_staff": make_user("partner_staff", partner=own),
        "other_partner_staff": make_user("partner_staff", partner=other),
        "coordinator": make_user("coordinator"),
        "editor": make_user("editor"),
        "auditor": make_user("auditor", first_name="Aulikki", last_name="Auditoija"),
    }


@pytest.fixture
def auditor(people):
    return people["auditor"]


@pytest.fixture
def api(client, auditor):
    client.force_login(auditor)
    return client


@pytest.fixture
def ledger(chain):
    """Five entries and a checkpoint at the head."""
    entries = chain(5)
    make_checkpoint()
    return entries


def endpoints():
    """Every ledger endpoint: (method, URL, the auditor's status)."""
    checkpoint = Checkpoint.objects.get()
    return [
        ("get", url("ledger_entries"), 200),
        ("get", url("ledger_entry", 1), 200),
        ("get", url("ledger_reads"), 200),
        ("get", url("ledger_checkpoints"), 200),
        ("get", url("ledger_checkpoint", checkpoint.pk), 200),
        ("get", url("ledger_verification"), 200),
        ("post", url("ledger_verification"), 200),
    ]


def page_of(client, address, **params):
    response = client.get(address, params)
    assert response.status_code == 200, response.content
    return response.json()


def state_on_the_integrity_page(client) -> str:
    html = client.get(reverse("hyte_ledger:integrity")).content.decode()
    marks = re.findall(r'data-hyte-integrity="(intact|partial|not-intact|untrusted-run)"', html)
    return {"not-intact": "not_intact", "untrusted-run": "untrusted"}.get(marks[0], marks[0])


# --- who may use it ------------------------------------------------------------------


def test_auditors_may_use_every_endpoint(ledger, api):
    for method, address, expected in endpoints():
        response = getattr(api, method)(address)
        assert response.status_code == expected, (method, address, response.content)
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("role", ROLES)
def test_other_roles_are_refused_as_in_the_admin(ledger, client, people, role):
    client.force_login(people[role])
    assert client.get(reverse("hyte_ledger:entries")).status_code == 302  # the admin refuses
    for method, address, _expected in endpoints():
        response = getattr(client, method)(address)
        assert response.status_code == 403, (role, method, address)
        assert response.json()["error"]["code"] == "permission_denied"
    assert not VerificationRun.objects.exists()  # the refused POST verified nothing


def test_anonymous_is_asked_to_authenticate(ledger, client):
    for method, address, _expected in endpoints():
        response = getattr(client, method)(address)
        assert response.status_code in (401, 403), (method, address)
        assert response.json()["error"]["code"] == "not_authenticated"
    assert not VerificationRun.objects.exists()


def test_a_superuser_may_as_in_the_admin(ledger, client, make_user):
    client.force_login(make_user("superuser"))
    assert client.get(url("ledger_entries")).status_code == 200


# --- entries ---------------------------------------------------------------------------


def test_entries_are_the_stored_ones_newest_first(chain, api):
    chain(12)
    body = page_of(api, url("ledger_entries"), page_size=100)
    assert body["count"] == 12
    stored = LedgerEntry.objects.order_by("-seq")
    assert [item["seq"] for item in body["results"]] == [entry.seq for entry in stored]
    for item, entry in zip(body["results"], stored, strict=True):
        assert item["kind"] == entry.kind
        assert item["actor"] == entry.actor
        assert item["subjects"] == json.loads(entry.subjects)
        assert item["payload"] == json.loads(entry.payload)
        assert item["prev_hash"] == entry.prev_hash
        assert item["hash"] == entry.hash
        assert dt.datetime.fromisoformat(item["created_at"]) == entry.created_at
        assert item["kind_label"]


def test_entries_are_what_the_export_holds(chain, api):
    """The hashed fields, as the auditors' export gives them."""
    from wagtail_hyte.ledger.export import iter_export_lines

    chain(4)
    exported = [json.loads(line) for line in iter_export_lines()]
    by_seq = {line["seq"]: line for line in exported if line["type"] == "entry"}
    for item in page_of(api, url("ledger_entries"))["results"]:
        line = by_seq[item["seq"]]
        assert (item["hash"], item["prev_hash"], item["kind"], item["actor"]) == (
            line["hash"],
            line["prev"],
            line["kind"],
            line["actor"],
        )
        assert (item["subjects"], item["payload"]) == (line["subjects"], line["payload"])


def test_oldest_first_on_request(chain, api):
    chain(3)
    body = page_of(api, url("ledger_entries"), ordering="seq")
    assert [item["seq"] for item in body["results"]] == [1, 2, 3]


def test_pagination(chain, api):
    chain(25)
    first = page_of(api, url("ledger_entries"), page_size=10)
    assert first["count"] == 25 and len(first["results"]) == 10 and first["previous"] is None
    assert [item["seq"] for item in first["results"]] == list(range(25, 15, -1))
    last = page_of(api, url("ledger_entries"), page_size=10, page=3)
    assert [item["seq"] for item in last["results"]] == list(range(5, 0, -1))
    assert last["next"] is None and last["previous"]
    default = page_of(api, url("ledger_entries"))
    assert len(default["results"]) == 20
    capped = page_of(api, url("ledger_entries"), page_size=1000)
    assert len(capped["results"]) == 25  # at most 100 a page
    beyond = api.get(url("ledger_entries"), {"page": 9})
    assert beyond.status_code == 404 and beyond.json()["error"]["code"] == "not_found"


def test_filter_by_kind_actor_and_subject(chain, api, auditor):
    entries = chain(9)  # kinds alternate; actors system:test-0..2; subjects by i % 3
    append_entry("subject.searched", auditor, [], {"matches": 0})

    def seqs(**params):
        return sorted(
            item["seq"] for item in page_of(api, url("ledger_entries"), **params)["results"]
        )

    assert seqs(kind="consent.given") == [2, 4, 6, 8]
    assert seqs(kind="consent.given", actor="system:test-1") == [2, 8]
    assert seqs(actor=auditor.username) == [10]  # a username, as in the admin
    assert seqs(actor=f"user:{auditor.pk}") == [10]
    subject = json.loads(entries[1].subjects)[0]
    assert seqs(subject=subject) == [2, 5, 8]


def test_filter_by_time(db, api):
    for day in (
        dt.datetime(2026, 1, 10, 12),
        dt.datetime(2026, 1, 20, 12),
        dt.datetime(2026, 2, 5),
    ):
        append_entry("consent.given", "system:test", [], {}, at=day.replace(tzinfo=HELSINKI))
    body = page_of(
        api, url("ledger_entries"), created_at_from="2026-01-15", created_at_to="2026-01-31"
    )
    assert [item["seq"] for item in body["results"]] == [2]
    assert page_of(api, url("ledger_entries"), created_at_from="2026-01-15")["count"] == 2


def test_the_admin_filters_find_the_same_entries(chain, api):
    chain(9)
    params = {"kind": "personal_data.read", "actor": "system:test-0"}
    body = page_of(api, url("ledger_entries"), **params)
    html = api.get(reverse("hyte_ledger:entries"), params).content.decode()
    shown = {int(n) for n in re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", html)}
    assert {item["seq"] for item in body["results"]} == shown == {1, 7}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "no.such_kind"}, "kind"),
        ({"subject": "not-a-uuid"}, "subject"),
        ({"created_at_from": "yesterday"}, "created_at"),
    ],
)
def test_a_bad_filter_names_its_field(chain, api, params, field):
    chain(2)
    response = api.get(url("ledger_entries"), params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"]


def test_personal_data_reads(make_subject, consent_for, partner, api):
    from wagtail_hyte.ledger.services import read_contact_details

    subject = make_subject()
    consent_for(subject)
    read_contact_details(subject, "system:test", "referral.contact_client", recipient=partner)
    body = page_of(api, url("ledger_reads"), kind="consent.given")  # no kind filter here
    kinds = {item["kind"] for item in body["results"]}
    assert kinds == {"personal_data.read"}
    reads = LedgerEntry.objects.filter(
        kind__in=["personal_data.read", "personal_data.read_refused"]
    )
    assert body["count"] == reads.count() == 1


def test_no_personal_data_in_the_entries(make_subject, consent_for, api, auditor):
    """The ledger holds references and digests: the client's details never
    appear, and a list names staff by their ledger id only."""
    subject = make_subject(**CANARY)
    consent_for(subject)
    append_entry("subject.searched", auditor, [subject], {"matches": 1})
    listing = api.get(url("ledger_entries"), {"page_size": 100}).content.decode()
    values = [CANARY[key] for key in ("name", "phone", "email", "contact_time", "note")]
    for value in (*values, CANARY_PHONE_E164, "Aulikki", "Auditoija", auditor.email):
        assert value not in listing
    assert f'"user:{auditor.pk}"' in listing


def test_entry_detail_names_the_actor_as_the_admin_does(db, api, auditor, make_partner):
    member_of = make_partner(name="Kumppani Oy")
    from wagtail_hyte.partners.models import PartnerMembership

    PartnerMembership.objects.create(partner=member_of, user=auditor, role="staff")
    entry = append_entry("consent.withdrawn", auditor, [], {"method": "verbal", "role": "partner"})
    body = page_of(api, url("ledger_entry", entry.seq))
    assert body["seq"] == entry.seq and body["hash"] == entry.hash
    assert body["actor"] == f"user:{auditor.pk}"
    assert body["actor_details"] == {
        "raw": f"user:{auditor.pk}",
        "name": "Aulikki Auditoija",
        "organisations": ["Kumppani Oy"],
    }
    assert set(body["payload_labels"]) == {"method", "role"}
    assert body["payload"] == {"method": "verbal", "role": "partner"}


def test_a_missing_entry_is_404(chain, api):
    chain(1)
    response = api.get(url("ledger_entry", 99))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


# --- checkpoints -----------------------------------------------------------------------


def test_checkpoints_with_their_signed_notes(chain, api):
    chain(3)
    first = make_checkpoint()
    chain(2)
    latest = make_checkpoint()
    body = page_of(api, url("ledger_checkpoints"))
    assert [item["id"] for item in body["results"]] == [latest.pk, first.pk]  # latest first
    item = body["results"][0]
    assert item == {
        "id": latest.pk,
        "size": 5,
        "root_hash": LedgerEntry.objects.get(seq=5).hash,
        "note": latest.note,
        "created_at": item["created_at"],
    }
    assert "\n\n\u2014 " in item["note"]  # the signature line
    assert verify_note(item["note"]).root_hash == item["root_hash"]
    assert page_of(api, url("ledger_checkpoint", first.pk))["size"] == 3
    assert api.get(url("ledger_checkpoint", latest.pk + 100)).status_code == 404


def test_checkpoints_do_not_say_where_copies_went(chain, api, settings):
    hyte = {**settings.WAGTAIL_HYTE, "CHECKPOINT_EMAILS": ("dpo@example.invalid",)}
    chain(2)
    with override_settings(WAGTAIL_HYTE=hyte):
        checkpoint = make_checkpoint()
    assert checkpoint.destinations  # recorded in the database ...
    text = api.get(url("ledger_checkpoints")).content.decode()
    assert "dpo@example.invalid" not in text  # ... and not shown, as in the admin


# --- verification status and Verify now ------------------------------------------------


def test_not_verified_yet(chain, api):
    chain(2)
    body = page_of(api, url("ledger_verification"))
    assert body["state"] == "not_verified" and body["last_verification"] is None
    assert body["intact"] is False and body["coverage"] is None
    assert body["chain"]["entries"] == 2
    assert body["chain"]["head_hash"] == LedgerEntry.objects.get(seq=2).hash
    assert body["chain"]["public_key"] and body["chain"]["origin"]


def test_status_after_a_real_verification_run(chain, api):
    chain(6)
    checkpoint = make_checkpoint()
    verify_chain(actor="system:hyte_verify_ledger")
    body = page_of(api, url("ledger_verification"))
    run = VerificationRun.objects.get()
    assert body["state"] == "intact" == state_on_the_integrity_page(api)
    assert body["intact"] is True and body["complete"] is True
    last = body["last_verification"]
    assert last["ok"] is True and last["trusted"] is True
    assert last["entries_checked"] == run.entries_checked == 6
    assert last["head_seq"] == 6 and last["head_hash"] == run.head_hash
    assert last["checkpoints_checked"] == 1 and last["actor"] == "system:hyte_verify_ledger"
    assert body["coverage"] == {
        "checked": 6,
        "checked_range": "#1\u2013#6",
        "unchecked": 0,
        "unchecked_range": "",
    }
    assert body["latest_checkpoint"]["id"] == checkpoint.pk
    assert body["recent_failures"] == []


def test_entries_after_the_run_are_not_checked_yet(chain, api):
    chain(4)
    verify_chain()
    chain(3)
    body = page_of(api, url("ledger_verification"))
    assert body["state"] == "partial" == state_on_the_integrity_page(api)
    assert body["intact"] is True and body["complete"] is False
    assert body["coverage"]["unchecked"] == 3
    assert body["coverage"]["unchecked_range"] == "#5\u2013#7"


def test_verify_now_runs_the_verification_as_the_auditor(chain, api, auditor):
    chain(7)
    response = api.post(url("ledger_verification"))
    assert response.status_code == 200
    body = response.json()
    run = VerificationRun.objects.get()
    assert run.ok and run.entries_checked == 7 and run.actor == f"user:{auditor.pk}"
    assert body["run"] == "finished" and body["ok"] is True and body["first_bad_seq"] is None
    assert body["status"]["state"] == "intact"
    assert body["status"]["last_verification"]["actor"] == f"user:{auditor.pk}"
    assert f"user:{auditor.pk}" in body["status"]["last_verification"]["run_by"]


def test_a_tampered_entry_shows_as_failed(chain, api):
    chain(8)
    verify_chain()
    t.set_column(3, "actor", "system:someone-else")
    response = api.post(url("ledger_verification"))
    assert response.status_code == 200
    body = response.json()
    assert body["run"] == "finished" and body["ok"] is False and body["first_bad_seq"] == 3
    assert "#3" in body["message"]
    status = page_of(api, url("ledger_verification"))
    assert status["state"] == "not_intact" == state_on_the_integrity_page(api)
    assert status["intact"] is False
    last = status["last_verification"]
    assert last["ok"] is False and last["first_bad_seq"] == 3 and "altered" in last["problem"]
    assert status["coverage"]["checked_range"] == "#1\u2013#2"
    assert status["coverage"]["unchecked_range"] == "#3\u2013#8"
    assert [failure["first_bad_seq"] for failure in status["recent_failures"]] == [3]
    # The entry is listed as it is stored now, as the admin lists it.
    assert page_of(api, url("ledger_entry", 3))["actor"] == "system:someone-else"


def test_a_truncated_ledger_shows_as_failed(chain, api, settings, tmp_path):
    hyte = {**settings.WAGTAIL_HYTE, "CHECKPOINT_DIRECTORY": str(tmp_path / "cps")}
    with override_settings(WAGTAIL_HYTE=hyte):
        chain(8)
        make_checkpoint()
        verify_chain()
        t.truncate(5)
        status = page_of(api, url("ledger_verification"))
    assert status["state"] == "not_intact" and status["head_went_back"] is True
    assert status["outside_checkpoints"]["configured"] is True
    assert status["outside_checkpoints"]["ok"] is False


def test_a_forged_run_is_not_trusted(chain, api):
    chain(3)
    t.forge_run(entries_checked=3, head_seq=3)
    body = page_of(api, url("ledger_verification"))
    assert body["state"] == "untrusted" == state_on_the_integrity_page(api)
    assert body["intact"] is False and body["last_verification"]["trusted"] is False


def test_verify_now_with_a_worker_starts_in_the_background(chain, api):
    chain(3)
    tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=tasks):
        response = api.post(url("ledger_verification"))
    assert response.status_code == 202
    body = response.json()
    assert body["run"] == "started" and body["ok"] is None
    assert not VerificationRun.objects.exists()


def test_verify_now_needs_the_csrf_token_with_a_session(chain, auditor):
    chain(2)
    client = Client(enforce_csrf_checks=True)
    client.force_login(auditor)
    response = client.post(url("ledger_verification"))
    assert response.status_code == 403
    assert not VerificationRun.objects.exists()


def test_verify_now_is_post_only_for_writing(chain, api):
    chain(2)
    api.get(url("ledger_verification"))
    assert not VerificationRun.objects.exists()  # reading the status verifies nothing
    assert api.put(url("ledger_verification")).status_code == 405


# --- API tokens ------------------------------------------------------------------------


def token_for(user, scopes, make_user):
    from wagtail_hyte.api.tokens import create_token
    from wagtail_hyte.core.periods import local_date

    created = create_token(
        name="Tietosuojan seurantajärjestelmä",
        user=user,
        scopes=scopes,
        expires_on=local_date() + dt.timedelta(days=30),
        created_by=make_user("coordinator"),
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}


def test_an_auditors_token_needs_the_ledger_scope(ledger, client, auditor, make_user):
    allowed = token_for(auditor, ["ledger:read"], make_user)
    other_scope = token_for(auditor, ["followup:read"], make_user)
    for method, address, expected in endpoints():
        assert getattr(client, method)(address, **allowed).status_code == expected
        refused = getattr(client, method)(address, **other_scope)
        assert refused.status_code == 403, (method, address)
    runs = VerificationRun.objects.all()
    assert [run.actor for run in runs] == [f"user:{auditor.pk}"]  # the token's user


def test_a_token_never_widens_its_users_permissions(ledger, client, make_user):
    coordinator = make_user("coordinator")
    headers = token_for(coordinator, ["ledger:read"], make_user)
    assert client.get(url("ledger_entries"), **headers).status_code == 403
