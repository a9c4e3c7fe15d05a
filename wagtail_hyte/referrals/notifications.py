"""Emails about referrals. None of them holds the client's personal data.

Partners get a notice with a link to their inbox; the referring professional
gets the outcome; overdue referrals remind the partner. Sent from django-tasks
tasks (see tasks.py) after the referral's transaction commits.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.sensitive import sensitive_variables
from wagtail_hyte.ledger.services import ReadRefused, read_contact_details

from . import purposes
from .models import NotificationFailure, NotificationKind, Referral

logger = logging.getLogger(__name__)


class NotificationError(Exception):
    """A notification did not go out. ``reason`` is safe to log and show: it never
    holds a recipient's address or number, nor the mail server's reply."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def describe_failure(exc: BaseException) -> str:
    """A fixed description of why sending failed, without personal data."""
    from django.template import TemplateDoesNotExist

    from wagtail_hyte.core.sms import SmsDeliveryError

    if isinstance(exc, NotificationError):
        return exc.reason
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the mail server refused the recipient address"
    if isinstance(exc, smtplib.SMTPException | ConnectionError | TimeoutError):
        return "the mail server did not accept the message"
    if isinstance(exc, SmsDeliveryError):
        return f"the text message was not sent: {exc.reason}"[:200]
    if isinstance(exc, TemplateDoesNotExist):
        return f"a message template is missing: {exc.args[0] if exc.args else ''}"[:200]
    return f"sending failed ({type(exc).__name__})"


def record_failure(referral_ids, kind: str, problem: str, *, at=None) -> None:
    """Note failed notifications (shown to the professional and coordinators)."""
    at = at or timezone.now()
    NotificationFailure.objects.bulk_create(
        [
            NotificationFailure(referral_id=pk, kind=kind, problem=problem[:200], failed_at=at)
            for pk in referral_ids
        ]
    )
    logger.warning(
        "Referral notification (%s) failed for referral(s) %s: %s",
        kind,
        ", ".join(str(pk) for pk in referral_ids),
        problem,
    )


def record_sent(referral_id: int, kind: str) -> None:
    """A notification went out: earlier failures of the same kind are resolved."""
    NotificationFailure.objects.filter(
        referral_id=referral_id, kind=kind, resolved_at__isnull=True
    ).update(resolved_at=timezone.now())


def _absolute(path: str) -> str:
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return base + path


def _language() -> str:
    return (hyte_settings.LANGUAGES or [settings.LANGUAGE_CODE])[0]


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    body = render_to_string(template, context)
    try:
        send_mail(subject, body, hyte_settings.FROM_EMAIL or None, recipients, fail_silently=False)
    except Exception as exc:  # SMTP errors name the refused addresses: never pass them on
        raise NotificationError(describe_failure(exc)) from None


def _email_partner(referral_id: int, subject: str, template: str) -> int:
    """Email the agreement's notification addresses about ``referral_id``, with a
    link to it in the inbox; ``subject`` has a ``%(ref)s`` for the referral number."""
    referral = Referral.objects.select_related("activity", "agreement").get(pk=referral_id)
    recipients = referral.agreement.notification_addresses
    if not recipients:
        return 0
    with translation.override(_language()):
        context = {
            "referral": referral,
            "activity_title": referral.activity.title,
            "link": _absolute(reverse("hyte_referrals:inbox_detail", args=[referral.pk])),
        }
        _send(_(subject) % {"ref": referral.short_reference}, template, context, recipients)
    return len(recipients)


def notify_partner(referral_id: int) -> int:
    """Tell the partner's notification addresses about a new referral."""
    return _email_partner(
        referral_id,
        gettext_noop("New wellbeing referral %(ref)s"),
        "wagtail_hyte/referrals/email/new_referral.txt",
    )


def notify_partner_of_withdrawal(referral_id: int) -> int:
    """Tell the partner's notification addresses that the client withdrew consent:
    do not contact the client, and delete any copies of their details."""
    return _email_partner(
        referral_id,
        gettext_noop("Consent withdrawn: referral %(ref)s"),
        "wagtail_hyte/referrals/email/withdrawal.txt",
    )


def notify_professional(referral_id: int) -> int:
    """Tell the referring professional the outcome the partner reported."""
    referral = Referral.objects.select_related("activity", "professional").get(pk=referral_id)
    address = referral.professional.email
    if not address:
        return 0
    with translation.override(_language()):
        context = {
            "referral": referral,
            "activity_title": referral.activity.title,
            "link": _absolute(reverse("hyte_referrals:mine")),
        }
        subject = _("Outcome of referral %(ref)s: %(status)s") % {
            "ref": referral.short_reference,
            "status": referral.get_status_display().lower(),
        }
        _send(subject, "wagtail_hyte/referrals/email/outcome.txt", context, [address])
    return 1


@sensitive_variables()
def confirm_client(referral_id: int) -> str:
    """Send the client a confirmation: by email when given, else by text message.

    The details are read from the ledger (logged, purpose
    ``referral.client_confirmation``, as the referring professional). Returns
    the channel used ("email", "sms") or "" when the consent no longer allows it.
    """
    referral = Referral.objects.select_related(
        "activity", "partner", "professional", "subject"
    ).get(pk=referral_id)
    try:
        contact = read_contact_details(
            referral.subject,
            referral.professional,
            purposes.CLIENT_CONFIRMATION,
            recipient=referral.partner,
            consent=referral.consent,
            referral=referral,
        )
    except ReadRefused:
        return ""
    language = contact.language if contact.language in hyte_settings.LANGUAGES else _language()
    with translation.override(language):
        context = {
            "referral": referral,
            "activity_title": referral.activity.title,
            "partner": referral.partner,
        }
        if contact.email:
            subject = _("Your wellbeing referral to %(activity)s") % {
                "activity": referral.activity.title
            }
            _send(
                subject,
                "wagtail_hyte/referrals/email/client_confirmation.txt",
                context,
                [contact.email],
            )
            return "email"
        if contact.phone:
            from wagtail_hyte.core.sms import get_sms_backend

            text = render_to_string(
                "wagtail_hyte/referrals/sms/client_confirmation.txt", context
            ).strip()
            try:
                get_sms_backend().send(contact.phone, text, sender=hyte_settings.SMS_SENDER)
            except Exception as exc:  # the number must not reach logs or the task table
                raise NotificationError(describe_failure(exc)) from None
            return "sms"
    return ""


def send_overdue_reminders(*, now=None, dry_run: bool = False) -> list[Referral]:
    """Remind partners once of every referral that became overdue.

    Returns the referrals reminded of. Safe to run often: each referral is
    reminded of once (``reminded_at``).
    """
    now = now or timezone.now()
    from wagtail_hyte.core.periods import local_date

    with transaction.atomic():
        due = list(
            Referral.objects.overdue(local_date(now))
            .filter(reminded_at__isnull=True)
            .select_related("agreement", "activity")
            .select_for_update(of=("self",))
            .order_by("due_date", "pk")
        )
        if dry_run or not due:
            return due
        by_addresses: dict[tuple[str, ...], list[Referral]] = defaultdict(list)
        for referral in due:
            addresses = tuple(referral.agreement.notification_addresses)
            if addresses:
                by_addresses[addresses].append(referral)
        Referral.objects.filter(pk__in=[r.pk for r in due]).update(reminded_at=now)
        messages = []
        with translation.override(_language()):
            for addresses, referrals in by_addresses.items():
                context = {
                    "referrals": referrals,
                    "link": _absolute(reverse("hyte_referrals:inbox")),
                }
                subject = ngettext(
                    "%(count)s wellbeing referral is overdue",
                    "%(count)s wellbeing referrals are overdue",
                    len(referrals),
                ) % {"count": len(referrals)}
                body = render_to_string("wagtail_hyte/referrals/email/overdue.txt", context)
                messages.append((subject, body, list(addresses), [r.pk for r in referrals]))

        def send_all():
            for subject, body, addresses, referral_ids in messages:
                try:
                    send_mail(subject, body, hyte_settings.FROM_EMAIL or None, addresses)
                except Exception as exc:  # one partner's failure must not stop the others
                    record_failure(referral_ids, NotificationKind.REMINDER, describe_failure(exc))

        transaction.on_commit(send_all)
        return due
