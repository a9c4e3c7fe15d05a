"""The wellbeing referral (hyvinvointilähete).

A referral holds no personal data itself: the client is a ledger subject whose
contact details are encrypted in the ledger, and the consent is a ledger
consent record. Status changes only through :mod:`.services`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.periods import local_date


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    SUCCEEDED = "succeeded", _("Succeeded")
    CANCELLED = "cancelled", _("Cancelled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


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
        """Sent referrals without partner action past their due date."""
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
    outcome_note = models.TextField(_("outcome note"), max_length=500, blank=True)
    due_date = models.DateField(_("contact due"))
    sent_at = models.DateTimeField(_("sent at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    succeeded_at = models.DateTimeField(_("succeeded at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    first_action_at = models.DateTimeField(_("first partner action at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("overdue reminder sent at"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [
            ("make_referral", _("Can make referrals")),
            ("handle_referral", _("Can handle the own partner's referrals")),
            ("view_referral_figures", _("Can view referral figures")),
        ]
        indexes = [models.Index(fields=["partner", "status"])]

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
        return self.status == ReferralStatus.SENT and local_date() > self.due_date

    @property
    def closed_at(self):
        return self.succeeded_at or self.cancelled_at or self.withdrawn_at
