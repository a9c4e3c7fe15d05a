"""The integrity page says exactly what the last verification covered; Verify now;
the alarm email for a failed verification."""

import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from wagtail_hyte.ledger.alarms import failure_kind
from wagtail_hyte.ledger.checkpoints import make_checkpoint
from wagtail_hyte.ledger.models import VerificationRun
from wagtail_hyte.ledger.tasks import verify_ledger_task
from wagtail_hyte.ledger.verification import run_signature_valid, verify_chain

from . import tamper as t
from .conftest import CANARY, CANARY_PHONE_E164

pytestmark = pytest.mark.django_db

PAGE = "hyte_ledger:integrity"
VERIFY = "hyte_ledger:verify_now"
OTHER_ROLES = ["editor", "professional", "partner_staff", "coordinator"]


def fi(singular, plural=None, count=None, **values):
    """``singular`` (and ``plural`` for ``count``) as the Finnish catalogue gives it."""
    with translation.override("fi"):
        if plural is None:
            text = translation.gettext(singular)
        else:
            text = translation.ngettext(singular, plural, count)
            values.setdefault("counter", count)
    return text % values if values else text


def entries(count, seq_range):
    """The "Entries checked" / "Not checked" value: a range and a count."""
    return fi(
        "%(range)s (%(counter)s entry)", "%(range)s (%(counter)s entries)", count, range=seq_range
    )


def text(html):
    """The page's text with tags removed and white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def runs():
    return VerificationRun.objects.order_by("-finished_at", "-pk")


@pytest.fixture
def auditor(make_user):
    return make_user("auditor")


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def page(client):
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    return response.content.decode()


# --- 1. what the last verification covered -------------------------------------------


def test_partial_check_names_checked_and_unchecked_entries(chain, auditor_client):
    chain(10)
    call_command("hyte_verify_ledger")
    chain(62)  # appended after the verification: 72 entries now
    html = page(auditor_client)
    words = text(html)
    assert 'data-hyte-integrity="partial"' in html
    assert 'data-hyte-integrity="intact"' not in html
    checked = fi(
        "The %(counter)s checked entry (%(range)s) is intact.",
        "The %(counter)s checked entries (%(range)s) are intact.",
        10,
        range="#1\u2013#10",
    )
    unchecked = fi(
        "%(counter)s entry (%(range)s) is not checked yet.",
        "%(counter)s entries (%(range)s) are not checked yet.",
        62,
        range="#11\u2013#72",
    )
    assert f"{checked} {unchecked}" in words
    assert (
        fi(
            "%(range)s (%(counter)s entry)",
            "%(range)s (%(counter)s entries)",
            10,
            range="#1\u2013#10",
        )
        in words
    )
    assert (
        fi(
            "%(range)s (%(counter)s entry)",
            "%(range)s (%(counter)s entries)",
            62,
            range="#11\u2013#72",
        )
        in words
    )
    assert fi("the command hyte_verify_ledger") in words
    # the old sentence that called a partial check "intact"
    assert "Eheä:" not in words and "Intact:" not in words


def test_singular_forms(chain, auditor_client):
    chain(1)
    verify_chain()
    chain(1)
    words = text(page(auditor_client))
    assert (
        fi(
            "The %(counter)s checked entry (%(range)s) is intact.",
            "The %(counter)s checked entries (%(range)s) are intact.",
            1,
            range="#1",
        )
        in words
    )
    assert (
        fi(
            "%(counter)s entry (%(range)s) is not checked yet.",
            "%(counter)s entries (%(range)s) are not checked yet.",
            1,
            range="#2",
        )
        in words
    )


def test_full_check_says_every_entry_is_checked(chain, auditor_client):
    chain(5)
    make_checkpoint()
    verify_chain()
    html = page(auditor_client)
    words = text(html)
    assert 'data-hyte-integrity="intact"' in html and "help-info" in html
    assert (
        fi(
            "The ledger's %(counter)s entry (%(range)s) is intact: every entry is checked.",
            "All %(counter)s entries of the ledger (%(range)s) are intact: every entry is checked.",
            5,
            range="#1\u2013#5",
        )
        in words
    )
    assert fi("none: every entry was checked") in words
    assert (
        fi(
            "%(counter)s checkpoint (%(outside)s of them from outside the database)",
            "%(counter)s checkpoints (%(outside)s of them from outside the database)",
            1,
            outside=0,
        )
        in words
    )
    assert fi("the command hyte_verify_ledger") not in words


def test_failed_check_names_what_was_checked_before_the_problem(chain, tamper, auditor_client):
    chain(12)
    t.set_column(5, "actor", "system:x")
    verify_chain()
    html = page(auditor_client)
    words = text(html)
    assert 'data-hyte-integrity="not-intact"' in html
    assert (
        fi(
            "%(range)s (%(counter)s entry)",
            "%(range)s (%(counter)s entries)",
            4,
            range="#1\u2013#4",
        )
        in words
    )
    assert (
        fi(
            "%(range)s (%(counter)s entry)",
            "%(range)s (%(counter)s entries)",
            8,
            range="#5\u2013#12",
        )
        in words
    )
    assert "are intact" not in words and "ovat eheitä" not in words


def test_verify_now_by_user_names_the_user(chain, auditor_client, auditor):
    chain(3)
    auditor_client.post(reverse(VERIFY))
    words = text(page(auditor_client))
    assert fi("%(actor)s (you, with Verify now)", actor=f"user:{auditor.pk}") in words


# --- 2. Verify now ----------------------------------------------------------------------


def test_verify_now_runs_records_and_redirects(chain, auditor_client, auditor):
    chain(7)
    response = auditor_client.post(reverse(VERIFY))
    assert response.status_code == 302 and response["Location"] == reverse(PAGE)
    run = runs().get()
    assert run.ok and run.entries_checked == 7 and run.head_seq == 7
    assert run.actor == f"user:{auditor.pk}" and run_signature_valid(run)
    html = auditor_client.get(response["Location"]).content.decode()
    assert fi("Verification finished: every entry of the ledger is checked and intact.") in html
    assert 'data-hyte-integrity="intact"' in html


def test_verify_now_reports_a_failure(chain, auditor_client):
    chain(7)
    t.set_column(3, "kind", "consent.withdrawn")
    response = auditor_client.post(reverse(VERIFY), follow=True)
    run = runs().get()
    assert not run.ok and run.first_bad_seq == 3
    message = fi(
        "Verification finished: the ledger is NOT intact (first bad entry #%(seq)s). "
        "The details are below.",
        seq=3,
    )
    assert message in response.content.decode()


def test_verify_now_in_the_background_says_started(chain, auditor_client, settings):
    chain(3)
    tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=tasks):
        response = auditor_client.post(reverse(VERIFY), follow=True)
    assert not runs().exists()  # queued for a worker, not run in the request
    started = fi(
        "Verification started. It runs in the background; reload this page "
        "in a moment to see its result."
    )
    assert started in response.content.decode()


def test_get_does_nothing(chain, auditor_client):
    chain(3)
    assert auditor_client.get(reverse(VERIFY)).status_code == 405
    assert not runs().exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_others_are_refused(chain, client, make_user, role):
    chain(3)
    """Refused as every HYTE admin view refuses: PermissionDenied, which Wagtail's
    admin turns into a redirect to the admin home with its message (403 for XHR)."""
    client.force_login(make_user(role))
    response = client.post(reverse(VERIFY))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    xhr = client.post(reverse(VERIFY), headers={"x-requested-with": "XMLHttpRequest"})
    assert xhr.status_code == 403
    assert not runs().exists()


def test_anonymous_is_sent_to_login(chain, client):
    chain(3)
    response = client.post(reverse(VERIFY))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not runs().exists()


def test_csrf_is_required(chain, auditor):
    chain(3)
    client = Client(enforce_csrf_checks=True)
    client.force_login(auditor)
    assert client.post(reverse(VERIFY)).status_code == 403
    assert not runs().exists()
    html = client.get(reverse(PAGE)).content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)" data-hyte-integrity="verify-now">', html
    )
    assert form and form.group(1) == reverse(VERIFY)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(reverse(VERIFY), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert runs().get().ok


# --- 3. the alarm -----------------------------------------------------------------------


@pytest.fixture
def alarm_addresses(settings):
    hyte = {**settings.WAGTAIL_HYTE, "CHECKPOINT_EMAILS": ("dpo@example.invalid",)}
    with override_settings(WAGTAIL_HYTE=hyte):
        yield


def test_failed_verification_emails_the_auditors_once(
    make_subject,
    consent_for,
    chain,
    auditor,
    make_user,
    alarm_addresses,
    django_capture_on_commit_callbacks,
):
    subject = make_subject(**CANARY)
    consent_for(subject)
    chain(6)
    make_user("professional", email="not-an-auditor@example.invalid")
    seq = 3
    payload = json.dumps({"name": CANARY["name"], "phone": CANARY_PHONE_E164})
    t.set_column(seq, "payload", payload)  # a tampered row may hold anything
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = verify_chain()
    assert not result.ok and result.first_bad_seq == seq
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["dpo@example.invalid", auditor.email])
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    message = mail.outbox[0]
    assert f"#{seq}" in message.subject
    assert "http://testserver" + reverse(PAGE) in message.body
    assert fi("an entry was altered: its contents do not match its hash") in message.body
    everything = message.subject + message.body
    personal = [CANARY[k] for k in ("name", "phone", "email", "contact_time", "note")]
    for value in (*personal, CANARY_PHONE_E164, auditor.email, auditor.username):
        assert value not in everything
    assert result.problem not in everything  # the raw problem text is not mailed
    # the run is recorded once, so the alarm is not repeated by reading the page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().get(reverse(PAGE))
    assert mail.outbox == []


def test_failed_task_and_command_alarm_too(
    chain, tamper, auditor, alarm_addresses, django_capture_on_commit_callbacks
):
    chain(6)
    t.set_column(2, "actor", "system:x")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert verify_ledger_task.enqueue().return_value["ok"] is False
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError):
        call_command("hyte_verify_ledger")
    assert len(mail.outbox) == 4  # a second failed run: its own alarm
    assert VerificationRun.objects.filter(ok=False).count() == 2


def test_successful_verification_sends_nothing(
    chain, auditor, alarm_addresses, django_capture_on_commit_callbacks
):
    chain(6)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert verify_chain().ok
        assert verify_ledger_task.enqueue().return_value["ok"] is True
    assert mail.outbox == []


def test_no_alarm_address_sends_nothing(chain, django_capture_on_commit_callbacks):
    chain(4)
    t.set_column(2, "actor", "system:x")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert not verify_chain().ok
    assert mail.outbox == []


@pytest.fixture
def outside(settings, tmp_path):
    hyte = {**settings.WAGTAIL_HYTE, "CHECKPOINT_DIRECTORY": str(tmp_path / "cps")}
    with override_settings(WAGTAIL_HYTE=hyte):
        yield tmp_path / "cps"


def _altered():
    t.set_column(4, "actor", "system:x")


def _missing():
    t.delete_row(4)


def _unlinked():
    t.set_column(4, "prev_hash", "0" * 64)


def _truncated():
    t.truncate(5)


def _rewritten():
    t.set_column(4, "actor", "system:x")
    t.rehash_from(4)


def _checkpoints_deleted():
    t.delete_checkpoints()


@pytest.mark.parametrize(
    ("damage", "kind"),
    [
        (_altered, "an entry was altered: its contents do not match its hash"),
        (_missing, "an entry is missing: the sequence numbers have a gap"),
        (_unlinked, "an entry does not link to the entry before it"),
        (_truncated, "entries were removed from the end of the chain"),
        (_rewritten, "the chain does not match a signed checkpoint: it was rewritten"),
        (_checkpoints_deleted, "checkpoint rows were deleted from the database"),
    ],
)
def test_kind_of_failure_of_each_real_failure(chain, outside, damage, kind):
    chain(8)
    make_checkpoint()
    damage()
    result = verify_chain(record=False)
    assert not result.ok
    with translation.override("en"):
        assert failure_kind(result.problem) == kind
