"""Expiry reminders to coordinators (command hyte_agreement_reminders and a task)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.roles import COORDINATOR, GROUP_NAMES

from .models import EXPIRING_DAYS, ExpiryReminder, PartnerAgreement


def coordinator_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=GROUP_NAMES[COORDINATOR])
        .exclude(email="")
    )
    return sorted({u.email for u in users})


def send_expiry_reminders(*, days: int = EXPIRING_DAYS, dry_run: bool = False) -> list:
    """Email the coordinators one summary of agreements expiring within ``days``.

    Each agreement is reminded of once per end date (a changed end date is
    reminded of again). Returns the agreements included.
    """
    with transaction.atomic():
        candidates = (
            PartnerAgreement.objects.expiring(days)
            .select_related("partner")
            .select_for_update(of=("self",))
        )
        reminded = set(
            ExpiryReminder.objects.filter(agreement__in=candidates).values_list(
                "agreement_id", "valid_to"
            )
        )
        due = [a for a in candidates.order_by("valid_to") if (a.pk, a.valid_to) not in reminded]
        recipients = coordinator_emails()
        if not due or not recipients or dry_run:
            return due
        with translation.override(hyte_settings.LANGUAGES[0]):
            context = {"agreements": due, "days": days}
            subject = ngettext(
                "%(count)s partner agreement expires within %(days)s days",
                "%(count)s partner agreements expire within %(days)s days",
                len(due),
            ) % {
                "count": len(due),
                "days": days,
            }
            body = render_to_string("wagtail_hyte/agreements/email/expiry_reminder.txt", context)
        ExpiryReminder.objects.bulk_create(
            [ExpiryReminder(agreement=a, valid_to=a.valid_to) for a in due]
        )
        transaction.on_commit(
            lambda: send_mail(
                subject, body, hyte_settings.FROM_EMAIL or None, recipients, fail_silently=False
            )
        )
        return due
