"""The wellbeing referral (hyvinvointilähete).

A referral holds no personal data itself: the client is a ledger subject whose
contact details are encrypted in the ledger, and the consent is a ledger
consent record. Status changes only through :mod:`.services`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail_hyte.core.periods import local_date


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    SUCCEEDED = "succeeded", _("Succeeded")
    CANCELLED = "cancelled", _("Cancelled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


def is_overdue(status: str, due_date, day=None) -> bool:
    """Overdue: sent, no partner action yet, and the due date has passed.

    ``ReferralQuerySet.overdue`` is the same rule in SQL.
    """
    return status == ReferralStatus.SENT and due_date < (day or local_date())


class CancellationReason(models.TextChoices):
    NOT_REACHED = "not_reached", _("The client could not be reached")
    DECLINED = "declined", _("The client declined")
    LIFE_CHANGED = "life_changed", _("The client's situation changed")
    WRONG_REFERRAL = "wrong_referral", _("The activity did not suit the client")
    OTHER = "other", _("Other reason")


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, day=None):
        """Sent referrals without partner action past their due date (``is_overdue``)."""
        return self.filter(status=ReferralStatus.SENT, due_date__lt=day or local_date())


class Referral(models.Model):
    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(
        "wagtail_hyte_activities.ActivityPage",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    partner = models.ForeignKey(
        "wagtail_hyte_partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    agreement = models.ForeignKey(
        "wagtail_hyte_agreements.PartnerAgreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    agreement_version = models.PositiveBigIntegerField(
        _("agreement version"), help_text=_("The history id of the agreement version in force.")
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referring professional"),
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    subject = models.ForeignKey(
        "wagtail_hyte_ledger.Subject",
        verbose_name=_("client (pseudonymous)"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    consent = models.ForeignKey(
        "wagtail_hyte_ledger.ConsentRecord",
        verbose_name=_("consent"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
        editable=False,
    )
    cancellation_reason = models.CharField(
        _("cancellation reason"), max_length=20, choices=CancellationReason.choices, blank=True
    )
    # The partner's free-text note, encrypted with the client's data key
    # (ledger ``seal_text``); unreadable once the client's data is erased.
    outcome_note_ciphertext = models.BinaryField(
        _("outcome note (encrypted)"), null=True, editable=False
    )
    due_date = models.DateField(_("contact due"))
    sent_at = models.DateTimeField(_("sent at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    succeeded_at = models.DateTimeField(_("succeeded at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    first_action_at = models.DateTimeField(_("first partner action at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("overdue reminder sent at"), null=True, blank=True)
    # The client agreed to one feedback request after the referral (feedback.py).
    feedback_requested = models.BooleanField(
        _("feedback request agreed"), default=False, editable=False
    )
    feedback_sent_at = models.DateTimeField(
        _("feedback request sent at"), null=True, blank=True, editable=False
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [
            ("make_referral", _("Can make referrals")),
            ("handle_referral", _("Can handle the own partner's referrals")),
            ("view_referral_figures", _("Can view referral figures")),
            (
                "record_withdrawal",
                _("Can record a client's withdrawal of consent for any referral"),
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "status"]),
            # The follow-up groups and filters by month of sending (followup.measures).
            models.Index(fields=["sent_at"], name="hyte_referral_sent_at"),
        ]

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s referral", "%(count)s referrals", n) % {"count": n}

    def __str__(self):
        return self.short_reference

    @property
    def short_reference(self) -> str:
        return str(self.reference)[:8].upper()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def overdue(self) -> bool:
        return is_overdue(self.status, self.due_date)

    @property
    def closed_at(self):
        return self.succeeded_at or self.cancelled_at or self.withdrawn_at

    @property
    def unresolved_notification_failures(self) -> list:
        """Notifications about this referral that failed and were not sent since."""
        return [f for f in self.notification_failures.all() if f.resolved_at is None]


class ContactAttemptMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("Email")
    OTHER = "other", _("Other way")


class ContactAttemptResult(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    MESSAGE_LEFT = "message_left", _("Left a message")
    WRONG_DETAILS = "wrong_details", _("Wrong number or address")
    REACHED = "reached", _("Reached the client")


class ContactAttempt(models.Model):
    """The partner tried to reach the client ("called 3 times, no answer").
    Codes only: no free text, so no personal data."""

    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        on_delete=models.CASCADE,
        related_name="contact_attempts",
    )
    at = models.DateTimeField(_("time"))
    method = models.CharField(_("how"), max_length=10, choices=ContactAttemptMethod.choices)
    result = models.CharField(_("result"), max_length=20, choices=ContactAttemptResult.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")

    def __str__(self):
        return f"{self.referral_id} {self.at:%Y-%m-%d %H:%M} {self.method} {self.result}"


class NotificationKind(models.TextChoices):
    PARTNER = "partner", _("Notice to the partner")
    CLIENT = "client", _("Confirmation to the client")
    PROFESSIONAL = "professional", _("Outcome to the professional")
    REMINDER = "reminder", _("Overdue reminder to the partner")
    WITHDRAWAL = "withdrawal", _("Consent withdrawal to the partner")
    FEEDBACK = "feedback", _("Feedback request to the client")


class NotificationFailure(models.Model):
    """A referral notification that could not be sent. No personal data: the
    problem is a fixed description (never the recipient or the server's reply)."""

    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        on_delete=models.CASCADE,
        related_name="notification_failures",
    )
    kind = models.CharField(_("notification"), max_length=20, choices=NotificationKind.choices)
    problem = models.CharField(_("problem"), max_length=200)
    failed_at = models.DateTimeField(_("failed at"), db_index=True)
    resolved_at = models.DateTimeField(_("sent later at"), null=True, blank=True)

    class Meta:
        ordering = ["-failed_at", "-pk"]
        verbose_name = _("failed referral notification")
        verbose_name_plural = _("failed referral notifications")

    def __str__(self):
        return f"{self.referral_id} {self.kind}: {self.problem}"


# Client feedback (no link back to the referral or the client): see feedback_models.py.
from .feedback_models import (  # noqa: E402, F401
    FeedbackAnswer,
    FeedbackInvitation,
    FeedbackSendDay,
)
