"""Client feedback (issue 14): one request after a referral closes, a single-use
anonymous form, counts for the partner; nothing that links back to the client."""

import logging
import re
import secrets
from datetime import timedelta

import pytest
from django.core import mail
from django.db import models
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.core.sms import BaseSmsBackend, SmsDeliveryError
from wagtail_hyte.ledger.models import LedgerEntry
from wagtail_hyte.referrals import feedback, services, tasks
from wagtail_hyte.referrals.feedback_models import (
    COMMENT_MAX,
    FeedbackAnswer,
    FeedbackInvitation,
    FeedbackSendDay,
)
from wagtail_hyte.referrals.forms import ConsentForm
from wagtail_hyte.referrals.models import NotificationFailure, NotificationKind, Referral

from .conftest import CLIENT, CLIENT_NEEDLES
from .dump import dump_database

SENT = []
LINK = re.compile(r"http://testserver/hyte/palaute/([A-Za-z0-9_-]+)/")
urlpatterns = []  # a site that did not include the feedback pages (ROOT_URLCONF below)


class RecordingSms(BaseSmsBackend):
    """Records each message with the language active when it was sent."""

    def send(self, to, text, sender=""):
        SENT.append({"to": to, "text": text, "language": translation.get_language()})


class FailingSms(BaseSmsBackend):
    def send(self, to, text, sender=""):
        raise SmsDeliveryError("the gateway refused the message")  # never the number


def hyte(**values):
    return override_settings(WAGTAIL_HYTE={**hyte_settings.user_settings, **values})


@pytest.fixture(autouse=True)
def sms():
    SENT.clear()
    with hyte(SMS_BACKEND="tests.referrals.test_feedback.RecordingSms"):
        yield SENT


def close(world, referral, *, succeeded=True):
    """The partner reports the outcome (the request is queued after commit)."""
    if succeeded:
        services.accept(referral, user=world.staff)
    return services.report_outcome(
        referral, user=world.staff, succeeded=succeeded, reason="" if succeeded else "not_reached"
    )


def feedback_reads():
    return [
        e
        for e in LedgerEntry.objects.filter(kind="personal_data.read")
        if e.payload_data.get("purpose") == "feedback.invite"
    ]


def client_mail():
    return [m for m in mail.outbox if m.to == [CLIENT["email"]]]


def make_invitation(world, *, language="fi", expires_in=timedelta(days=30)):
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = FeedbackInvitation.objects.create(
        token_hash=feedback.token_hash(token),
        partner=world.partner,
        activity=world.activity,
        month=local_date().replace(day=1),
        language=language,
        expires_at=now + expires_in,
        created_at=now,
    )
    return token, invitation


def form_url(token):
    return reverse("hyte_feedback:form", kwargs={"token": token})


ANSWER = {"contacted": "yes", "took_part": "yes", "usefulness": "4", "comment": "Kiva ryhmä"}


# --- sending -----------------------------------------------------------------


def test_sent_once_when_the_referral_succeeds(
    world, refer, sms, django_capture_on_commit_callbacks
):
    referral = refer(feedback_requested=True)
    with django_capture_on_commit_callbacks(execute=True):
        close(world, referral)
    assert len(sms) == 1
    assert sms[0]["to"] == "+358407654321"  # contact method "phone": a text message
    assert FeedbackInvitation.objects.count() == 1
    referral.refresh_from_db()
    assert referral.feedback_sent_at is not None
    # The task again (a retry, a second worker): nothing more.
    assert tasks.invite_feedback_task.enqueue(referral.pk).return_value == ""
    assert feedback.invite_feedback(referral.pk) == ""
    assert len(sms) == 1
    assert FeedbackInvitation.objects.count() == 1
    assert FeedbackSendDay.objects.get(date=local_date()).sent == 1


def test_sent_by_email_when_the_referral_is_cancelled(
    world, refer, sms, django_capture_on_commit_callbacks
):
    referral = refer({"contact_method": "email"}, feedback_requested=True)
    with django_capture_on_commit_callbacks(execute=True):
        close(world, referral, succeeded=False)
    (message,) = client_mail()
    assert LINK.search(message.body)
    assert world.activity.title in message.body
    assert not sms
    invitation = FeedbackInvitation.objects.get()
    assert invitation.partner == world.partner and invitation.activity == world.activity
    assert invitation.month == local_date(referral.cancelled_at).replace(day=1)


def test_not_sent_after_withdrawal(world, refer, sms, django_capture_on_commit_callbacks):
    referral = refer(feedback_requested=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(referral, user=world.professional)
    # Withdrawn after it succeeded but before a queued task ran: nothing either.
    second = refer(feedback_requested=True)
    close(world, second)  # on-commit callbacks not run: the task is "still queued"
    services.withdraw(second, user=world.professional)
    assert feedback.invite_feedback(second.pk) == ""
    assert not sms and not client_mail()
    assert not FeedbackInvitation.objects.exists()
    assert not feedback_reads()


def test_not_sent_without_the_clients_agreement(
    world, refer, sms, django_capture_on_commit_callbacks
):
    referral = refer()
    assert referral.feedback_requested is False
    with django_capture_on_commit_callbacks(execute=True):
        close(world, referral)
    assert feedback.invite_feedback(referral.pk) == ""
    assert not sms and not FeedbackInvitation.objects.exists()


def test_not_sent_when_feedback_is_off(world, refer, sms, django_capture_on_commit_callbacks):
    referral = refer(feedback_requested=True)
    with hyte(FEEDBACK_ENABLED=False, SMS_BACKEND="tests.referrals.test_feedback.RecordingSms"):
        assert "feedback_requested" not in ConsentForm().fields  # not even offered
        with django_capture_on_commit_callbacks(execute=True):
            close(world, referral)
        assert feedback.invite_feedback(referral.pk) == ""
    assert not sms and not FeedbackInvitation.objects.exists()


def test_not_sent_after_erasure(world, refer, sms):
    from wagtail_hyte.ledger.services.erasure import erase_subject

    referral = refer(feedback_requested=True)
    close(world, referral)  # the queued request has not run yet
    assert erase_subject(referral.subject, "system:test", reference="T-1")
    assert feedback.invite_feedback(referral.pk) == ""
    assert not sms and not FeedbackInvitation.objects.exists()


def test_message_in_the_clients_language_with_only_the_link(
    world, refer, sms, django_capture_on_commit_callbacks
):
    referral = refer({"language": "sv"}, feedback_requested=True)
    with django_capture_on_commit_callbacks(execute=True):
        close(world, referral)
    (message,) = sms
    assert message["language"] == "sv"
    text = message["text"]
    token = LINK.search(text).group(1)
    assert world.activity.title in text
    lowered = text.lower()
    assert not [needle for needle in CLIENT_NEEDLES if needle in lowered]
    assert referral.short_reference.lower() not in lowered
    assert world.partner.name not in text
    invitation = FeedbackInvitation.objects.get()
    assert invitation.language == "sv"
    assert invitation.token_hash == feedback.token_hash(token)


def test_the_contact_read_is_ledgered(world, refer, django_capture_on_commit_callbacks):
    referral = refer(feedback_requested=True)
    with django_capture_on_commit_callbacks(execute=True):
        close(world, referral)
    reads = feedback_reads()
    assert len(reads) == 1
    assert reads[0].actor == "system:referrals.feedback"
    assert reads[0].payload_data["referral"] == str(referral.reference)
    assert reads[0].payload_data["consent"] == str(referral.consent_id)
    created = LedgerEntry.objects.get(kind="referral.created")
    assert created.payload_data["feedback"] is True


def test_a_failed_send_is_recorded_and_counted(
    world, refer, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    referral = refer(feedback_requested=True)
    with hyte(SMS_BACKEND="tests.referrals.test_feedback.FailingSms"):
        close(world, referral)
        result = tasks.invite_feedback_task.enqueue(referral.pk)
    assert result.status == "FAILED"
    failure = NotificationFailure.objects.get(referral=referral)
    assert failure.kind == NotificationKind.FEEDBACK
    assert "the text message was not sent" in failure.problem
    day = FeedbackSendDay.objects.get(date=local_date())
    assert (day.sent, day.failed) == (0, 1)
    stored = "\n".join(e.traceback for e in result.errors)
    for text in (failure.problem, caplog.text, stored):
        assert "7654321" not in text
    # At most one request per referral: no second message after a failure.
    assert feedback.invite_feedback(referral.pk) == ""


@override_settings(ROOT_URLCONF="tests.referrals.test_feedback")
def test_without_the_feedback_pages_nothing_is_read_and_the_failure_shows(world, refer):
    referral = refer(feedback_requested=True)
    close(world, referral)
    result = tasks.invite_feedback_task.enqueue(referral.pk)
    assert result.status == "FAILED"
    assert "not installed" in NotificationFailure.objects.get(referral=referral).problem
    assert not feedback_reads()
    assert FeedbackSendDay.objects.get(date=local_date()).failed == 1
    referral.refresh_from_db()
    assert referral.feedback_sent_at is None


def test_the_checkbox_over_http_and_on_the_receipt(client, world, english):
    from .test_flow import shown

    url = reverse("hyte_referrals:new", args=[world.activity.pk])
    client.force_login(world.professional)
    page = client.post(url, {**CLIENT, "step": "details"}).content.decode()
    assert 'name="feedback_requested"' in page
    response = client.post(
        url,
        {
            **CLIENT,
            **shown(world),
            "step": "consent",
            "collection_method": "verbal",
            "confirmed": "on",
            "feedback_requested": "on",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.feedback_requested is True
    receipt = client.get(reverse("hyte_referrals:receipt", args=[referral.pk])).content.decode()
    assert "feedback form" in receipt


# --- the form ----------------------------------------------------------------


def test_the_form_speaks_the_invitations_language(client, world):
    token, _invitation = make_invitation(world, language="sv")
    response = client.get(form_url(token), HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert response["Content-Language"] == "sv"
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="csrfmiddlewaretoken"' in page
    assert page.count("<fieldset") == 3 and page.count("<legend>") == 3
    with translation.override("sv"):
        assert gettext("Do not write personal or health details.") in page
        assert gettext("Did you take part in the activity?") in page
    assert world.activity.title in page
    assert FeedbackInvitation.objects.count() == 1  # looking does not use the link


def test_an_answer_is_stored_and_uses_the_link_up(client, world):
    token, invitation = make_invitation(world, language="en")
    response = client.post(form_url(token), ANSWER)
    assert response.status_code == 302
    assert response["Location"] == reverse("hyte_feedback:thanks", kwargs={"language": "en"})
    assert token not in response["Location"]
    answer = FeedbackAnswer.objects.get()
    assert (answer.partner, answer.activity, answer.month) == (
        world.partner,
        world.activity,
        invitation.month,
    )
    assert (answer.contacted, answer.took_part, answer.usefulness) == ("yes", "yes", 4)
    assert answer.comment == "Kiva ryhmä"
    assert not FeedbackInvitation.objects.exists()
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert '<html lang="en">' in thanks.content.decode()
    assert thanks["Cache-Control"] == "no-store"


def _main(response):
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def test_a_used_link_is_refused_like_a_wrong_one(client, world):
    token, _invitation = make_invitation(world)
    assert client.post(form_url(token), ANSWER).status_code == 302
    again = client.post(form_url(token), ANSWER)
    looked = client.get(form_url(token))
    wrong = client.get(form_url(secrets.token_urlsafe(32)))
    assert again.status_code == looked.status_code == wrong.status_code == 404
    assert _main(again) == _main(looked) == _main(wrong)
    assert again["Cache-Control"] == "no-store"
    assert FeedbackAnswer.objects.count() == 1


def test_an_expired_link_is_refused(client, world):
    token, _invitation = make_invitation(world, expires_in=timedelta(seconds=-1))
    assert client.get(form_url(token)).status_code == 410
    response = client.post(form_url(token), ANSWER)
    assert response.status_code == 410
    with translation.override("fi"):
        assert gettext("This feedback link has expired") in response.content.decode()
    assert not FeedbackAnswer.objects.exists()
    with pytest.raises(feedback.InvitationInvalid):
        feedback.answer_feedback(token, contacted="yes", took_part="no")


def test_the_form_is_csrf_protected_without_logging_the_token(world, caplog):
    from django.test import Client

    caplog.set_level(logging.DEBUG)
    token, _invitation = make_invitation(world, language="en")
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(form_url(token), ANSWER)
    assert refused.status_code == 403
    assert "The feedback could not be sent" in refused.content.decode()
    assert FeedbackInvitation.objects.count() == 1 and not FeedbackAnswer.objects.exists()
    page = browser.get(form_url(token)).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answered = browser.post(form_url(token), {**ANSWER, "csrfmiddlewaretoken": csrf})
    assert answered.status_code == 302
    assert FeedbackAnswer.objects.count() == 1
    assert token not in caplog.text + "\n".join(r.getMessage() for r in caplog.records)


def test_the_daily_job_deletes_expired_links(world):
    from wagtail_hyte.referrals.daily import expired_feedback_links

    make_invitation(world, expires_in=timedelta(seconds=-1))
    _token, valid = make_invitation(world)
    assert expired_feedback_links().startswith("1 ")
    assert list(FeedbackInvitation.objects.all()) == [valid]


def test_a_too_long_comment_is_refused_in_the_invitations_language(client, world):
    token, _invitation = make_invitation(world, language="fi")
    comment = "x" * (COMMENT_MAX + 1)
    response = client.post(form_url(token), {**ANSWER, "comment": comment})
    assert response.status_code == 200
    with translation.override("fi"):
        message = gettext(
            "The comment can have at most %(max)s characters (it now has %(count)s)."
        ) % {"max": COMMENT_MAX, "count": COMMENT_MAX + 1}
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    assert not FeedbackAnswer.objects.exists()
    assert FeedbackInvitation.objects.count() == 1  # a bad answer keeps the link valid


def test_the_required_questions(client, world):
    token, _invitation = make_invitation(world, language="en")
    response = client.post(form_url(token), {"usefulness": "9"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose whether the organiser contacted you." in page
    assert "Choose whether you took part." in page
    assert 'href="#id_contacted_0"' in page
    assert not FeedbackAnswer.objects.exists()


def test_no_token_or_answer_in_the_logs(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    token, _invitation = make_invitation(world)
    expired, _old = make_invitation(world, expires_in=timedelta(seconds=-1))
    wrong = secrets.token_urlsafe(32)
    client.get(form_url(token))
    client.post(form_url(token), {**ANSWER, "comment": "Salainen kommentti 4471"})
    client.get(form_url(token))
    client.get(form_url(expired))
    client.get(form_url(wrong))
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    for secret in (token, expired, wrong, "4471"):
        assert secret not in logged


# --- what is stored ----------------------------------------------------------


FORBIDDEN_MODELS = {
    "wagtail_hyte_referrals.referral",
    "wagtail_hyte_ledger.subject",
    "wagtail_hyte_ledger.consentrecord",
    "wagtail_hyte_ledger.contactdetails",
}


@pytest.mark.parametrize("model", [FeedbackAnswer, FeedbackInvitation])
def test_no_column_links_back_to_the_person(model):
    from django.contrib.auth import get_user_model

    user_label = get_user_model()._meta.label_lower
    names = set()
    for field in model._meta.get_fields():
        names.add(field.name)
        if field.is_relation and field.related_model is not None:
            label = field.related_model._meta.label_lower
            assert label not in FORBIDDEN_MODELS | {user_label}, (model, field.name)
    assert names.isdisjoint(
        {"referral", "subject", "consent", "contact", "name", "phone", "email", "token"}
    )
    relations = {f.name for f in model._meta.concrete_fields if f.is_relation}
    assert relations == {"partner", "activity"}
    if model is FeedbackAnswer:
        # Nothing finer than the month: no time of answering.
        assert not [f for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]


def test_after_answering_nothing_links_the_answer_to_the_referral(
    client, world, refer, sms, django_capture_on_commit_callbacks
):
    referral = refer(feedback_requested=True)
    with django_capture_on_commit_callbacks(execute=True):
        close(world, referral)
    token = LINK.search(sms[0]["text"]).group(1)
    assert token.lower() not in dump_database()  # the raw token is never stored
    assert client.post(form_url(token), ANSWER).status_code == 302
    answer = FeedbackAnswer.objects.get()
    dump = dump_database()
    assert str(referral.reference) not in str(
        FeedbackAnswer.objects.filter(pk=answer.pk).values().get()
    )
    assert feedback.token_hash(token) not in dump  # the invitation is gone
    assert token.lower() not in dump


# --- results -----------------------------------------------------------------


def _answers(world, n, **values):
    month = local_date().replace(day=1)
    for _ in range(n):
        FeedbackAnswer.objects.create(
            partner=world.partner,
            activity=world.activity,
            month=month,
            contacted=values.get("contacted", "yes"),
            took_part=values.get("took_part", "yes"),
            usefulness=values.get("usefulness", 5),
            comment=values.get("comment", ""),
        )


def test_feedback_summary_counts_every_answer(world):
    _answers(world, 6, usefulness=4)
    _answers(world, 2, contacted="no", took_part="not_yet", usefulness=None, comment="Hm")
    summary = feedback.feedback_summary(FeedbackAnswer.objects.all())
    assert summary.answers == 8
    assert summary.contacted == {"yes": 6, "no": 2, "dont_remember": 0}
    assert summary.took_part == {"yes": 6, "no": 0, "not_yet": 2}
    assert summary.usefulness == {1: 0, 2: 0, 3: 0, 4: 6, 5: 0}
    assert summary.unrated == 2 and summary.comments == 2
    assert summary.usefulness_average == 4.0


def test_hide_small():
    assert feedback.hide_small(0) == "0"
    assert feedback.hide_small(4) == "< 5"
    assert feedback.hide_small(5) == "5"


def test_partner_sees_own_feedback_with_small_cells_hidden(client, world, english):
    _answers(world, 6)
    _answers(world, 2, contacted="no", comment="Salainen kommentti")
    url = reverse("hyte_referrals:figures")
    client.force_login(world.staff)
    page = client.get(url).content.decode()
    assert "Client feedback" in page
    assert "8 answers" in page
    assert "&lt; 5" in page
    assert "Salainen kommentti" not in page
    client.force_login(world.other_staff)
    other = client.get(url).content.decode()
    assert world.partner.name not in other.split("Client feedback", 1)[1]
    assert "No feedback yet." in other


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_answers_use_the_link_once(world):
    from tests.helpers import run_concurrently

    token, _invitation = make_invitation(world)
    threads = 8
    outcomes = run_concurrently(
        lambda _n: feedback.answer_feedback(token, contacted="yes", took_part="yes", usefulness=5),
        threads,
        {feedback.InvitationInvalid: "refused"},
    )
    assert sorted(outcomes) == ["ok"] + ["refused"] * (threads - 1)
    assert FeedbackAnswer.objects.count() == 1
    assert not FeedbackInvitation.objects.exists()


def test_a_check_warns_when_feedback_is_on_but_its_urls_are_missing(settings):
    from wagtail_hyte.referrals.checks import check_feedback_urls

    assert check_feedback_urls() == []  # the example site includes them
    settings.ROOT_URLCONF = "tests.urls_without_feedback"
    ids = [m.id for m in check_feedback_urls()]
    assert ids == ["hyte_referrals.W003"]
    settings.WAGTAIL_HYTE = {**settings.WAGTAIL_HYTE, "FEEDBACK_ENABLED": False}
    assert check_feedback_urls() == []
