from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from wagtail_hyte.agreements.tasks import agreement_reminders_task
from wagtail_hyte.core.periods import local_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(make_agreement, make_partner):
    return make_agreement(
        partner=make_partner(name="Päättyvä ry"),
        status="active",
        reference_number="END-1",
        valid_to=local_date() + timedelta(days=12),
    )


def test_reminds_coordinators_once_per_end_date(
    django_capture_on_commit_callbacks, make_user, expiring, make_agreement
):
    coordinator = make_user("coordinator", email="koordinaattori@example.invalid")
    make_user("partner_staff", email="staff@example.invalid")
    make_agreement(status="active", reference_number="LATER-1")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("hyte_agreement_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert "END-1" in message.body and "LATER-1" not in message.body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("hyte_agreement_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    expiring.valid_to = expiring.valid_to + timedelta(days=5)
    expiring.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("hyte_agreement_reminders", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_dry_run_sends_nothing(make_user, expiring, django_capture_on_commit_callbacks):
    make_user("coordinator")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("hyte_agreement_reminders", "--dry-run", stdout=out)
    assert "END-1" in out.getvalue()
    assert mail.outbox == []


def test_task_runs_the_same_reminders(make_user, expiring, django_capture_on_commit_callbacks):
    make_user("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        result = agreement_reminders_task.enqueue(days=30)
    assert result.return_value == 1
    assert len(mail.outbox) == 1
