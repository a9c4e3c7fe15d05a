"""``hyte_erase_subject``: an erasure request by the subject's id, with the
request's reference and who decided it; refused while a referral is open."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command

from wagtail_hyte.ledger import kinds
from wagtail_hyte.ledger.models import LedgerEntry, Subject

pytestmark = pytest.mark.django_db


def erase(*args):
    out = io.StringIO()
    call_command("hyte_erase_subject", *args, stdout=out)
    return out.getvalue()


def test_erases_with_the_reference_and_the_deciding_user(make_subject, make_user):
    auditor = make_user("auditor")
    subject = make_subject()
    output = erase(str(subject.pk), "--reference", "TS-2026-015", "--by", auditor.username)
    assert "Erased" in output
    subject.refresh_from_db()
    assert subject.erased_at is not None and subject.wrapped_key is None
    entry = LedgerEntry.objects.filter(kind=kinds.PERSONAL_DATA_ERASED).get()
    assert entry.actor == f"user:{auditor.pk}"
    assert entry.payload_data["reason"] == "request"
    assert entry.payload_data["reference"] == "TS-2026-015"
    # again: nothing more happens
    assert "already erased" in erase(
        str(subject.pk), "--reference", "TS-2", "--by", auditor.username
    )
    assert LedgerEntry.objects.filter(kind=kinds.PERSONAL_DATA_ERASED).count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reference", "has spaces", "--by", "{user}"], "--reference"),
        (["--reference", "TS-1", "--by", "nobody"], "no active user"),
    ],
)
def test_bad_arguments_are_refused(make_subject, make_user, args, message):
    user = make_user("auditor")
    subject = make_subject()
    args = [a.replace("{user}", user.username) for a in args]
    with pytest.raises(CommandError, match=message):
        erase(str(subject.pk), *args)
    assert Subject.objects.get(pk=subject.pk).erased_at is None


def test_an_unknown_subject_is_refused(make_user):
    user = make_user("auditor")
    for value in (str(uuid.uuid4()), "not-a-uuid"):
        with pytest.raises(CommandError, match="no data subject"):
            erase(value, "--reference", "TS-1", "--by", user.username)
