"""Partner agreements (yhteistyösopimus) and the quota slots referrals take.

Status changes only through :mod:`wagtail_hyte.agreements.services`; every
change is a django-simple-history version with its user and reason, and a
referral pins the version in force when it was made.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from wagtail_hyte.core.periods import PeriodKind, local_date


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


def parse_emails(value: str) -> list[str]:
    return [
        part.strip()
        for part in value.replace(";", ",").replace("\n", ",").split(",")
        if part.strip()
    ]


def validate_email_list(value: str) -> None:
    bad = []
    for address in parse_emails(value):
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError(
            _("These are not valid email addresses: %(addresses)s"),
            params={"addresses": ", ".join(bad)},
            code="invalid_emails",
        )


# "Expiring soon" for the coordinators' filter, dashboard panel and reminders.
EXPIRING_DAYS = 30


class PartnerAgreementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=AgreementStatus.ACTIVE)

    def in_force(self, day):
        """Active agreements whose validity includes ``day`` (``PartnerAgreement.in_force_on``)."""
        return (
            self.active()
            .filter(valid_from__lte=day)
            .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))
        )

    def expiring(self, days: int = EXPIRING_DAYS, today=None):
        """Active agreements whose end date is within ``days`` from today (inclusive)."""
        today = today or local_date()
        return self.active().filter(valid_to__gte=today, valid_to__lte=today + timedelta(days))

    def covering(self, activity):
        """Agreements that cover ``activity`` (the SQL form of ``PartnerAgreement.covers``)."""
        chosen = PartnerAgreement.activities.through.objects.filter(
            activitypage_id=activity.pk
        ).values("partneragreement_id")
        return self.filter(partner_id=activity.organiser_id).filter(
            models.Q(covers_all_activities=True) | models.Q(pk__in=chosen)
        )


class PartnerAgreement(models.Model):
    partner = models.ForeignKey(
        "wagtail_hyte_partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    reference_number = models.CharField(
        _("reference number"),
        max_length=50,
        unique=True,
        help_text=_("The agreement's number in the welfare area's case register."),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        editable=False,
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an open-ended agreement."),
    )
    covers_all_activities = models.BooleanField(
        _("covers all the partner's activities"),
        default=True,
        help_text=_("Untick to choose the covered activities below."),
    )
    activities = models.ManyToManyField(
        "wagtail_hyte_activities.ActivityPage",
        verbose_name=_("covered activities"),
        blank=True,
        related_name="agreements",
    )
    quota = models.PositiveIntegerField(
        _("quota"), default=0, help_text=_("How many referrals the partner accepts per period.")
    )
    quota_period = models.CharField(
        _("quota period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    contact_days = models.PositiveSmallIntegerField(
        _("contact promise (working days)"),
        default=5,
        help_text=_("Within how many working days the partner contacts a referred client."),
    )
    notification_emails = models.TextField(
        _("notification addresses"),
        blank=True,
        validators=[validate_email_list],
        help_text=_(
            "The partner's staff addresses that are told about new referrals, separated by "
            "commas. The messages never contain client data."
        ),
    )
    signed_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("signed agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[activities])

    objects = PartnerAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name", "-valid_from"]
        verbose_name = _("partner agreement")
        verbose_name_plural = _("partner agreements")
        permissions = [("change_agreement_status", _("Can activate, suspend and end agreements"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="hyte_agreement_valid_dates",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s partner agreement", "%(count)s partner agreements", n) % {
            "count": n
        }

    def __str__(self):
        return f"{self.reference_number} – {self.title}"

    @property
    def notification_addresses(self) -> list[str]:
        return parse_emails(self.notification_emails)

    def in_force_on(self, day) -> bool:
        """Active and ``day`` (a local date) within its validity; SQL: ``in_force``."""
        return (
            self.status == AgreementStatus.ACTIVE
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )

    def covers(self, activity) -> bool:
        """Whether this agreement covers ``activity``: all of its partner's activities or a
        chosen set including it; only the partner's own activities ever count.

        Reads ``activities`` (prefetch it in bulk); ``PartnerAgreementQuerySet.covering``
        is the same rule in SQL.
        """
        if activity.organiser_id != self.partner_id:
            return False
        return self.covers_all_activities or any(a.pk == activity.pk for a in self.activities.all())

    def covered_activities_condition(self) -> models.Q:
        """The same rule as a Q on ActivityPage (for filtering the catalogue)."""
        if self.covers_all_activities:
            return models.Q(organiser_id=self.partner_id)
        return models.Q(organiser_id=self.partner_id, pk__in=[a.pk for a in self.activities.all()])

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end date must not be before the start date.")}
            )
        if self.status == AgreementStatus.ACTIVE and not self.quota:
            raise ValidationError({"quota": _("An active agreement needs a positive quota.")})


class QuotaReservation(models.Model):
    """One quota slot taken by a referral (or released again).

    Slots are counted, never kept in a counter: the used slots of a period are
    the unreleased reservations whose ``period_start`` is that period's start.
    """

    agreement = models.ForeignKey(
        PartnerAgreement, on_delete=models.PROTECT, related_name="reservations"
    )
    agreement_version = models.PositiveBigIntegerField(
        _("agreement version"), help_text=_("The history id of the agreement version in force.")
    )
    reference = models.CharField(_("reference"), max_length=100, unique=True)
    reserved_at = models.DateTimeField(_("reserved at"))
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    release_reason = models.CharField(_("release reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("quota reservation")
        verbose_name_plural = _("quota reservations")
        indexes = [models.Index(fields=["agreement", "period_start", "released_at"])]

    def __str__(self):
        return self.reference


class ExpiryReminder(models.Model):
    """Which expiry reminders were sent, so a daily run sends each one once."""

    agreement = models.ForeignKey(PartnerAgreement, on_delete=models.CASCADE)
    valid_to = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "valid_to"], name="hyte_one_reminder")
        ]

    def __str__(self):
        return f"{self.agreement_id} {self.valid_to}"


class PauseReason(models.TextChoices):
    GROUP_FULL = "group_full", _("The group is full")
    PAUSED = "paused", _("Referrals are paused")


class IntakePauseQuerySet(models.QuerySet):
    def in_effect(self, day=None):
        """Pauses that stop referrals on ``day`` (today in Helsinki)."""
        day = day or local_date()
        return self.filter(ended_at__isnull=True, starts_on__lte=day).filter(
            models.Q(reopens_on__isnull=True) | models.Q(reopens_on__gt=day)
        )


class IntakePause(models.Model):
    """The partner stops taking referrals for one activity (the group is full)
    or for all of its activities (paused), until ``reopens_on`` or until it is
    ended by hand. Written only by ``agreements.intake``."""

    partner = models.ForeignKey(
        "wagtail_hyte_partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="intake_pauses",
    )
    activity = models.ForeignKey(
        "wagtail_hyte_activities.ActivityPage",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="intake_pauses",
        help_text=_("Empty: all of the partner's activities."),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=PauseReason.choices)
    starts_on = models.DateField(_("from"))
    reopens_on = models.DateField(
        _("reopens on"), null=True, blank=True, help_text=_("Empty: until ended by hand.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = IntakePauseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral intake pause")
        verbose_name_plural = _("referral intake pauses")

    def __str__(self):
        return f"{self.partner_id}/{self.activity_id or '*'} {self.reason} {self.starts_on}"

    def message(self) -> str:
        """What a professional is told about this pause."""
        from django.utils.formats import date_format

        if self.reason == PauseReason.GROUP_FULL:
            text = _("The group is full, so the activity takes no referrals now.")
        else:
            text = _("The organiser has paused referrals.")
        if self.reopens_on:
            text = _("%(text)s Referrals reopen on %(date)s.") % {
                "text": text,
                "date": date_format(self.reopens_on, "SHORT_DATE_FORMAT"),
            }
        return str(text)
