"""The alarm for a failed verification: one email per failed run, no personal data.

:func:`send_verification_alarm` is run by ``tasks.verification_alarm_task``,
which the receiver in ``receivers.py`` enqueues once a failed
:class:`~wagtail_hyte.ledger.models.VerificationRun` commits (every recorded
verification: the command, the task, ``hyte_daily``, *Verify now*). Run rows
are append-only and each is recorded once, so each failed run alarms once.

Recipients are ``CHECKPOINT_EMAILS`` and every active user holding the ledger
audit permission (not superusers by that alone), each receiving a message of
their own, so no recipient sees another's address. The message holds sequence
numbers, counts, a fixed description of the kind of failure and a link to the
integrity page, never the run's problem text: that text can quote stored
values (a tampered row may hold anything).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail_hyte.core.conf import hyte_settings

from .models import VerificationRun
from .views.access import AUDIT_PERMISSION

logger = logging.getLogger(__name__)

#: (text in ``VerificationRun.problem`` as written by ``verification.py``, what it means),
#: first match wins; tests/ledger/test_integrity_page.py checks each with a real failure.
FAILURE_KINDS = [
    ("has been altered", _("an entry was altered: its contents do not match its hash")),
    ("cannot be encoded", _("an entry was altered: its contents cannot be encoded")),
    ("is missing (the next entry", _("an entry is missing: the sequence numbers have a gap")),
    ("is out of order", _("entries are out of order")),
    ("does not link to entry", _("an entry does not link to the entry before it")),
    ("was rewritten", _("the chain does not match a signed checkpoint: it was rewritten")),
    ("removed from the end", _("entries were removed from the end of the chain")),
    ("checkpoint rows were deleted", _("checkpoint rows were deleted from the database")),
    ("its head says", _("the chain head does not match the last entry")),
    ("does not match the last entry", _("the chain head does not match the last entry")),
    ("cannot read", _("a checkpoint file cannot be read")),
    ("checkpoint", _("a checkpoint does not verify (forged, damaged or of another ledger)")),
]
OTHER_FAILURE = _("another problem: see the integrity page")


def failure_kind(problem: str) -> str:
    """The translated kind of failure of a run's ``problem`` text."""
    for marker, kind in FAILURE_KINDS:
        if marker in (problem or ""):
            return str(kind)
    return str(OTHER_FAILURE)


def alarm_recipients() -> list[str]:
    """``CHECKPOINT_EMAILS`` and the auditors' addresses, each once (case-insensitive)."""
    users = get_user_model().objects.with_perm(
        AUDIT_PERMISSION,
        is_active=True,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",  # groups and user permissions
    )
    addresses = list(hyte_settings.CHECKPOINT_EMAILS or ())
    addresses += [a for a in users.order_by("pk").values_list("email", flat=True) if a]
    seen, unique = set(), []
    for address in addresses:
        key = address.strip().lower()
        if key and key not in seen:
            seen.add(key)
            unique.append(address.strip())
    return unique


def integrity_url() -> str:
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return base + reverse("hyte_ledger:integrity")


def _language() -> str:
    return (hyte_settings.LANGUAGES or [settings.LANGUAGE_CODE])[0]


def render_alarm(run: VerificationRun) -> tuple[str, str]:
    """The alarm's subject and body for the failed ``run`` (in the site's language)."""
    with translation.override(_language()):
        values = {"origin": hyte_settings.LEDGER_ORIGIN, "seq": run.first_bad_seq}
        if run.first_bad_seq:
            subject = (
                gettext("Ledger verification failed: first bad entry #%(seq)s (%(origin)s)")
                % values
            )
        else:
            subject = gettext("Ledger verification failed: a checkpoint (%(origin)s)") % values
        body = render_to_string(
            "wagtail_hyte/ledger/email/verification_failed.txt",
            {
                "run": run,
                "origin": hyte_settings.LEDGER_ORIGIN,
                "kind": failure_kind(run.problem),
                "link": integrity_url(),
            },
        )
    return subject, body


def send_verification_alarm(run_id: int) -> int:
    """Email the alarm about the failed run ``run_id``; returns the messages sent."""
    run = VerificationRun.objects.get(pk=run_id)
    if run.ok:
        return 0
    recipients = alarm_recipients()
    if not recipients:
        logger.warning(
            "Ledger verification run %s failed and no alarm address is configured", run.pk
        )
        return 0
    subject, body = render_alarm(run)
    from_email = hyte_settings.FROM_EMAIL or None
    sent, failed = 0, []
    for to in recipients:
        try:
            sent += EmailMessage(subject, body, from_email, [to]).send()
        except Exception as exc:  # SMTP errors name addresses: log only the type
            failed.append(type(exc).__name__)
    if failed:
        logger.error(
            "Ledger verification run %s: %d of %d alarm email(s) not sent (%s)",
            run.pk,
            len(failed),
            len(recipients),
            ", ".join(sorted(set(failed))),
        )
    if not sent and failed:
        raise RuntimeError(f"no alarm email about verification run {run.pk} could be sent")
    logger.warning("Ledger verification run %s failed: %d alarm email(s) sent", run.pk, sent)
    return sent
