"""Fixed choice lists of recommendations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.languages import LANGUAGES


class Channel(models.TextChoices):
    SMS = "sms", _("Text message")
    EMAIL = "email", _("Email")
    PRINT = "print", _("Printout with a cover letter")


class TemplateKind(models.TextChoices):
    SMS = "sms", _("Text message")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Cover letter")


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Waiting for a retry")
    FAILED = "failed", _("Failed")


CLIENT_LANGUAGES = list(LANGUAGES)
