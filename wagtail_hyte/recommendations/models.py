"""Message templates, recommendation counters, send windows and deliveries.

Nothing here holds the client's phone number or email address: counters are
daily totals, send windows count a professional's messages for the rate limit,
and a delivery records only whether a message went out.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.models import PreviewableMixin

from . import placeholders
from .choices import CLIENT_LANGUAGES, Channel, DeliveryStatus, TemplateKind


class MessageTemplate(PreviewableMixin, models.Model):
    """The editable text of a text message, an email or a cover letter, per language."""

    kind = models.CharField(_("kind"), max_length=10, choices=TemplateKind.choices)
    language = models.CharField(_("language"), max_length=5, choices=CLIENT_LANGUAGES)
    subject = models.CharField(
        pgettext_lazy("email", "subject"), max_length=200, blank=True, help_text=_("Emails only.")
    )
    body = models.TextField(
        _("text"),
        max_length=4000,
        help_text=_(
            "Placeholders: {organisation}, {professional}, {date}, {activity_count}; "
            "messages also {activities}, where the activity list with links goes."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        HelpPanel(template="wagtail_hyte/recommendations/placeholder_help.html"),
        FieldPanel("kind"),
        FieldPanel("language"),
        FieldPanel("subject"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language"], name="hyte_recommendations_template_unique"
            )
        ]

    @classmethod
    def count_label(cls, n: int) -> str:
        """The listing count (core/paginator.py)."""
        return ngettext("%(count)s message template", "%(count)s message templates", n) % {
            "count": n
        }

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_language_display()})"

    def clean(self):
        super().clean()
        errors = {}
        for field in ("subject", "body"):
            unknown = placeholders.unknown_in(getattr(self, field), self.kind)
            if unknown:
                errors[field] = _("Unknown placeholders: %(names)s. Use only: %(allowed)s.") % {
                    "names": ", ".join("{" + n + "}" for n in unknown),
                    "allowed": ", ".join(
                        "{" + n + "}" for n in placeholders.ALLOWED.get(self.kind, ())
                    ),
                }
        missing = [
            n
            for n in placeholders.REQUIRED.get(self.kind, ())
            if n not in placeholders.names_in(self.body)
        ]
        if missing and "body" not in errors:
            errors["body"] = _("The text must contain %(names)s: that is where the links go.") % {
                "names": ", ".join("{" + n + "}" for n in missing)
            }
        if self.kind == TemplateKind.EMAIL and not self.subject.strip():
            errors["subject"] = _("An email needs a subject.")
        if errors:
            raise ValidationError(errors)

    # --- Wagtail preview ---------------------------------------------------

    def get_preview_template(self, request, mode_name):
        return "wagtail_hyte/recommendations/template_preview.html"

    def get_preview_context(self, request, mode_name):
        from .preview import preview_context

        context = super().get_preview_context(request, mode_name)
        context.update(preview_context(self, request))
        return context


class RecommendationCount(models.Model):
    """How many recommendations were made per day, activity, channel and organisation."""

    date = models.DateField(_("date"))
    activity = models.ForeignKey(
        "wagtail_hyte_activities.ActivityPage",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    referral_offered = models.BooleanField(
        _("referral offered"),
        help_text=_("Whether the activity could take a referral at the moment of recommending."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("recommendations"), default=0)

    class Meta:
        verbose_name = _("recommendations per day")
        verbose_name_plural = _("recommendations per day")
        # Every recommendation is counted here, whatever the channel; the
        # permission is roles.RECOMMEND.
        permissions = [("recommend_activities", _("Can recommend activities to clients"))]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "activity", "channel", "referral_offered", "organisation"],
                name="hyte_recommendations_count_unique",
            )
        ]

    def __str__(self):
        return f"{self.date} {self.activity_id} {self.channel}: {self.count}"


class SendWindow(models.Model):
    """Messages a professional sent in one rate-limit window (enforced in the database)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seconds = models.PositiveIntegerField(_("window length (seconds)"))
    window = models.BigIntegerField(_("window number"))
    count = models.PositiveIntegerField(_("messages"), default=0)

    class Meta:
        verbose_name = _("send window")
        verbose_name_plural = _("send windows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "seconds", "window"], name="hyte_recommendations_window_unique"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.seconds}s #{self.window}: {self.count}"


class Delivery(models.Model):
    """Whether one text message or email went out (never to whom)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    activity_count = models.PositiveSmallIntegerField(_("activities"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    problem = models.CharField(_("problem"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="hyte_rec_delivery_user")]

    def __str__(self):
        return f"{self.get_channel_display()} {self.get_status_display()}"
