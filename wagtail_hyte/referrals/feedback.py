"""Client feedback (asiakaskokemus): the one feedback request after a referral
closes, the anonymous answer, and the summary of the answers.

* ``invite_feedback(referral_id)`` (run by ``tasks.invite_feedback_task`` after
  the closing transaction commits, see ``services.feedback_due``): under the
  referral's row lock it checks again that the request is due, reads the
  client's contact details through the referral's own consent (ledgered,
  purpose ``feedback.invite``; refused after withdrawal or erasure: nothing is
  sent), creates a :class:`FeedbackInvitation` (the SHA-256 of a random token;
  partner, activity, closing month, language; no link to the referral or the
  client) and marks the referral (``feedback_sent_at``), so a referral gets at
  most one request, even when the task runs twice. Then it sends the link by
  the client's contact method (email, or a text message through
  ``core.sms``), in the client's language. Every send and every failure is
  counted per day (``FeedbackSendDay``); a failure is also recorded as a
  ``NotificationFailure`` of kind ``feedback`` by the task.
* ``answer_feedback(token, ...)`` stores a :class:`FeedbackAnswer` (partner,
  activity, month and the answers only) and deletes the invitation in one
  transaction, with the invitation's row locked, so a link is used once.
* ``feedback_summary(answers)`` counts the answers; ``hide_small`` shows small
  counts as "< N" for the partner's own figures.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.counters import increment
from wagtail_hyte.core.periods import local_date, month_start
from wagtail_hyte.core.sensitive import sensitive_variables
from wagtail_hyte.ledger.services import DecryptionError, ReadRefused, read_contact_details

from . import purposes
from .feedback_models import (
    COMMENT_MAX,
    Contacted,
    FeedbackAnswer,
    FeedbackInvitation,
    FeedbackSendDay,
    TookPart,
)
from .models import Referral
from .smallcells import show_count

ACTOR = "system:referrals.feedback"
TOKEN_BYTES = 32
USEFULNESS_VALUES = (1, 2, 3, 4, 5)


class InvitationInvalid(Exception):
    """The feedback link is unknown, already used (the same answer for both, so
    tokens cannot be probed) or has expired (``expired``)."""

    def __init__(self, *, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def token_hash(token: str) -> str:
    """What is stored of a link's token: its SHA-256 (hex). The token carries 256
    random bits, so the hash cannot be reversed by guessing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feedback_language(code: str) -> str:
    """The client's language when it is offered, else the first offered one."""
    languages = list(hyte_settings.LANGUAGES)
    if code in languages:
        return code
    return (languages or [settings.LANGUAGE_CODE])[0]


def month_of(moment) -> date:
    """The first day of the month of ``moment`` in Europe/Helsinki."""
    return month_start(local_date(moment))


# --- sending -----------------------------------------------------------------


def _count(sent: int = 0, failed: int = 0) -> None:
    amounts = {k: v for k, v in (("sent", sent), ("failed", failed)) if v}
    increment(FeedbackSendDay, {"date": local_date()}, amounts)


def _link(token: str) -> str:
    from .notifications import NotificationError, _absolute

    try:
        path = reverse("hyte_feedback:form", kwargs={"token": token})
    except NoReverseMatch:
        raise NotificationError(
            "the feedback pages are not installed (include wagtail_hyte.referrals.feedback_urls)"
        ) from None
    return _absolute(path)


def _channel(contact) -> str:
    """How the request goes out: the client's chosen method, else email, else SMS."""
    if contact.contact_method == "email" and contact.email:
        return "email"
    if contact.contact_method in ("sms", "phone") and contact.phone:
        return "sms"
    if contact.email:
        return "email"
    if contact.phone:
        return "sms"
    return ""


@sensitive_variables()
def invite_feedback(referral_id: int, *, now=None) -> str:
    """Send the client of ``referral_id`` the one feedback request, if it is due.

    Returns the channel used ("email", "sms"), or "" when nothing was sent (not
    due, already sent, consent withdrawn, data erased). Raises
    ``NotificationError`` (no personal data in it) when the message could not be
    sent; the failure is counted, and the referral keeps ``feedback_sent_at``:
    at most one request per referral, never a second message.
    """
    from . import services
    from .notifications import NotificationError, describe_failure

    now = now or timezone.now()
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("activity", "partner", "subject", "consent")
            .filter(pk=referral_id)
            .first()
        )
        if referral is None or not services.feedback_due(referral):
            return ""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        try:
            link = _link(token)  # before any read: no read when the pages are missing
        except NotificationError as exc:
            problem = exc  # nothing was written yet
        else:
            problem = None
            contact = _read_contact(referral)
            if contact is None:
                return ""  # the refusal is ledgered by the read; nobody is contacted
            channel = _channel(contact)
            if not channel:
                return ""
            language = feedback_language(contact.language)
            FeedbackInvitation.objects.create(
                token_hash=token_hash(token),
                partner=referral.partner,
                activity=referral.activity,
                month=month_of(referral.closed_at or now),
                language=language,
                expires_at=now + timedelta(days=hyte_settings.FEEDBACK_LINK_DAYS),
                created_at=now,
            )
            referral.feedback_sent_at = now
            referral.save(update_fields=["feedback_sent_at"])
            activity_title = referral.activity.title
    if problem is not None:
        _count(failed=1)
        raise problem
    # Sent after the commit: a slow gateway holds no lock, and the read stays
    # ledgered whatever happens to the message.
    try:
        _deliver(channel, contact, language, activity_title, link)
    except Exception as exc:  # the address or number must not reach logs or the task table
        _count(failed=1)
        raise NotificationError(describe_failure(exc)) from None
    _count(sent=1)
    return channel


@sensitive_variables()
def _read_contact(referral):
    """The client's details through the referral's own consent (ledgered), or None
    when the ledger refuses (consent withdrawn, data erased, undecryptable)."""
    try:
        return read_contact_details(
            referral.subject,
            ACTOR,
            purposes.FEEDBACK_INVITE,
            recipient=referral.partner,
            consent=referral.consent,
            referral=referral,
        )
    except (ReadRefused, DecryptionError):
        return None


@sensitive_variables()
def _deliver(channel: str, contact, language: str, activity_title: str, link: str) -> None:
    context = {
        "activity_title": activity_title,
        "link": link,
        "days": int(hyte_settings.FEEDBACK_LINK_DAYS),
    }
    with translation.override(language):
        if channel == "email":
            body = render_to_string("wagtail_hyte/referrals/email/feedback_request.txt", context)
            subject = _("Your feedback on a wellbeing activity")
            send_mail(
                subject,
                body,
                hyte_settings.FROM_EMAIL or None,
                [contact.email],
                fail_silently=False,
            )
            return
        from wagtail_hyte.core.sms import get_sms_backend

        text = render_to_string("wagtail_hyte/referrals/sms/feedback_request.txt", context)
        get_sms_backend().send(contact.phone, text.strip(), sender=hyte_settings.SMS_SENDER)


# --- answering ---------------------------------------------------------------


@sensitive_variables()
def find_invitation(token: str, *, now=None) -> FeedbackInvitation:
    """The invitation of a link, or ``InvitationInvalid`` (unknown, used, expired)."""
    now = now or timezone.now()
    if not token or len(token) > 200:
        raise InvitationInvalid
    invitation = (
        FeedbackInvitation.objects.select_related("activity", "partner")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationInvalid
    if invitation.expires_at <= now:
        raise InvitationInvalid(expired=True)
    return invitation


def validate_answer(*, contacted: str, took_part: str, usefulness, comment: str) -> None:
    """The rules of an answer; one ValidationError naming every bad field.

    ``answer_feedback`` calls it; the public form calls it too and puts the
    errors on its fields.
    """
    errors = {}
    if contacted not in Contacted.values:
        errors["contacted"] = _("Choose whether the organiser contacted you.")
    if took_part not in TookPart.values:
        errors["took_part"] = _("Choose whether you took part.")
    if usefulness not in (None, "", *USEFULNESS_VALUES):
        errors["usefulness"] = _("Choose a number from 1 to 5, or leave it empty.")
    if len(comment or "") > COMMENT_MAX:
        errors["comment"] = _(
            "The comment can have at most %(max)s characters (it now has %(count)s)."
        ) % {"max": COMMENT_MAX, "count": len(comment)}
    if errors:
        raise ValidationError(errors)


@sensitive_variables()
def answer_feedback(
    token: str,
    *,
    contacted: str,
    took_part: str,
    usefulness: int | None = None,
    comment: str = "",
    now=None,
) -> FeedbackAnswer:
    """Store the answer of a feedback link and use the link up (one transaction).

    The invitation's row is locked and deleted; a second answer through the same
    link (also a concurrent one) raises ``InvitationInvalid``, as does an
    unknown or expired link. Raises ValidationError for a bad answer, and then
    the link stays valid. The answer holds the partner, the activity and the
    month only.
    """
    comment = (comment or "").strip()
    usefulness = usefulness or None
    validate_answer(
        contacted=contacted, took_part=took_part, usefulness=usefulness, comment=comment
    )
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            FeedbackInvitation.objects.select_for_update()
            .filter(token_hash=token_hash(token or ""))
            .first()
        )
        if invitation is None:
            raise InvitationInvalid
        if invitation.expires_at <= now:
            raise InvitationInvalid(expired=True)
        partner_id, activity_id, month = (
            invitation.partner_id,
            invitation.activity_id,
            invitation.month,
        )
        deleted, _rows = FeedbackInvitation.objects.filter(pk=invitation.pk).delete()
        if deleted != 1:  # a concurrent answer used it first
            raise InvitationInvalid
        return FeedbackAnswer.objects.create(
            partner_id=partner_id,
            activity_id=activity_id,
            month=month,
            contacted=contacted,
            took_part=took_part,
            usefulness=usefulness,
            comment=comment,
        )


def delete_expired_invitations(*, now=None) -> int:
    """Delete the links that have expired (the daily housekeeping)."""
    deleted, _rows = FeedbackInvitation.objects.expired(now or timezone.now()).delete()
    return deleted


# --- results -----------------------------------------------------------------


@dataclass
class FeedbackSummary:
    """Counts of the answers: ``contacted`` and ``took_part`` by code,
    ``usefulness`` by 1..5 (``unrated`` without a rating), and how many carry
    a comment. Raw counts: whoever shows them protects small cells."""

    answers: int = 0
    contacted: dict[str, int] = field(default_factory=dict)
    took_part: dict[str, int] = field(default_factory=dict)
    usefulness: dict[int, int] = field(default_factory=dict)
    unrated: int = 0
    comments: int = 0

    @property
    def rated(self) -> int:
        return sum(self.usefulness.values())

    @property
    def usefulness_average(self) -> float | None:
        if not self.rated:
            return None
        total = sum(score * n for score, n in self.usefulness.items())
        return round(total / self.rated, 1)


def feedback_summary(answers) -> FeedbackSummary:
    """Count the answers of a ``FeedbackAnswer`` queryset (the follow-up area and
    the partner's figures call this); every code appears, with 0 when none."""
    summary = FeedbackSummary(
        contacted=dict.fromkeys(Contacted.values, 0),
        took_part=dict.fromkeys(TookPart.values, 0),
        usefulness=dict.fromkeys(USEFULNESS_VALUES, 0),
    )
    rows = answers.order_by().values("contacted", "took_part", "usefulness").annotate(n=Count("pk"))
    for row in rows:
        n = row["n"]
        summary.answers += n
        summary.contacted[row["contacted"]] = summary.contacted.get(row["contacted"], 0) + n
        summary.took_part[row["took_part"]] = summary.took_part.get(row["took_part"], 0) + n
        if row["usefulness"] in summary.usefulness:
            summary.usefulness[row["usefulness"]] += n
        else:
            summary.unrated += n
    summary.comments = answers.order_by().exclude(comment="").count()
    return summary


def hide_small(n: int) -> str:
    """A count as shown to a partner: 1 .. N-1 as "< N" (``FOLLOW_UP_SMALL_CELL``)."""
    return show_count(n)


@dataclass
class FeedbackTable:
    """One partner's feedback as its staff see it: every count through ``hide_small``,
    the average rating only from enough ratings."""

    partner_name: str
    answers: str
    rows: list[tuple[str, list[tuple[str, str]]]]
    usefulness_average: float | None


def partner_feedback_tables(partners) -> list[FeedbackTable]:
    """The feedback summary of each of ``partners`` (a Partner queryset) that has
    answers, for the partner figures page; small cells hidden."""
    from .smallcells import enough

    tables = []
    for partner in partners.order_by("name"):
        summary = feedback_summary(FeedbackAnswer.objects.filter(partner=partner))
        if not summary.answers:
            continue
        rows = [
            (
                _("Did the organiser contact you?"),
                [(str(label), hide_small(summary.contacted[c])) for c, label in Contacted.choices],
            ),
            (
                _("Did you take part in the activity?"),
                [(str(label), hide_small(summary.took_part[c])) for c, label in TookPart.choices],
            ),
            (
                _("How useful was it? (1 = not at all, 5 = very)"),
                [(str(n), hide_small(summary.usefulness[n])) for n in USEFULNESS_VALUES]
                + [(_("No rating"), hide_small(summary.unrated))],
            ),
            (_("Comments"), [(_("Answers with a comment"), hide_small(summary.comments))]),
        ]
        tables.append(
            FeedbackTable(
                partner_name=partner.name,
                answers=hide_small(summary.answers),
                rows=rows,
                usefulness_average=summary.usefulness_average if enough(summary.rated) else None,
            )
        )
    return tables
