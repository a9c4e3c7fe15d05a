"""Client feedback (asiakaskokemus) after a referral closes: the models.

Imported by :mod:`.models`, so they belong to the referrals app. None of them
links back to a person: an invitation names the partner, the activity, the
month the referral closed and the language, and holds only the SHA-256 of the
link's random token (the token itself is only ever in the message sent); an
answer names the partner, the activity and the month, nothing finer. There is
no foreign key to the referral, the subject, the consent or any contact
detail, and no timestamp finer than the month on an answer. The rules are in
:mod:`.feedback`.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The longest comment a client may write (the form says so).
COMMENT_MAX = 1000


class Contacted(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DONT_REMEMBER = "dont_remember", _("I don't remember")


class TookPart(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_YET = "not_yet", _("Not yet")


class FeedbackInvitationQuerySet(models.QuerySet):
    def expired(self, now):
        return self.filter(expires_at__lte=now)


class FeedbackInvitation(models.Model):
    """One single-use feedback link. Deleted when it is used or has expired."""

    token_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    partner = models.ForeignKey(
        "wagtail_hyte_partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    activity = models.ForeignKey(
        "wagtail_hyte_activities.ActivityPage",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    language = models.CharField(_("language"), max_length=10)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    created_at = models.DateTimeField(_("created at"))

    objects = FeedbackInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback invitation")
        verbose_name_plural = _("feedback invitations")

    def __str__(self):
        return f"{self.partner_id} {self.activity_id} {self.month:%Y-%m}"


class FeedbackAnswer(models.Model):
    """A client's anonymous answer. The primary key is random, so not even the
    order of the rows tells which answer came when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(
        "wagtail_hyte_partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "wagtail_hyte_activities.ActivityPage",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    contacted = models.CharField(
        _("Did the organiser contact you?"), max_length=20, choices=Contacted.choices
    )
    took_part = models.CharField(
        _("Did you take part in the activity?"), max_length=20, choices=TookPart.choices
    )
    usefulness = models.PositiveSmallIntegerField(
        _("How useful was it?"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        indexes = [models.Index(fields=["partner", "month"])]

    def __str__(self):
        return f"{self.partner_id} {self.activity_id} {self.month:%Y-%m}"


class FeedbackSendDay(models.Model):
    """How many feedback requests went out, and failed, per day (Europe/Helsinki)."""

    date = models.DateField(_("date"))
    sent = models.PositiveIntegerField(_("sent"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("feedback requests per day")
        verbose_name_plural = _("feedback requests per day")
        constraints = [
            models.UniqueConstraint(fields=["date"], name="hyte_referrals_feedback_day_unique")
        ]

    def __str__(self):
        return f"{self.date}: {self.sent} sent, {self.failed} failed"
