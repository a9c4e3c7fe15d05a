"""Finding a data subject for a data subject's request (access, erasure, ...).

An auditor handling a request (GDPR articles 15-21) knows the person by phone
number or email, never by the pseudonymous subject id. ``search_subjects``
finds them through the blind indexes (HMAC of the normalised value, never the
value itself) and records the search in the ledger: who searched, for which
kind of request and reference, by which identifier (``phone``/``email``, not
its value) and which subjects matched. Searches are rate-limited per auditor
(``SUBJECT_SEARCH_RATE_LIMITS``), counted from those entries under the chain's
lock, so the limit holds across app servers and concurrent requests.

Erased subjects are not found: erasure also clears their blind indexes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.phone import normalise_phone
from wagtail_hyte.core.sensitive import sensitive_variables

from .. import kinds
from ..chain import append_entry, lock_head
from ..ratelimit import parse_limits, used_up_window
from .erasure import REFERENCE
from .personal_data import find_subjects_by_email, find_subjects_by_phone


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access to own data (art. 15)")
    RECTIFICATION = "rectification", _("Rectification (art. 16)")
    ERASURE = "erasure", _("Erasure (art. 17)")
    RESTRICTION = "restriction", _("Restriction of processing (art. 18)")
    OBJECTION = "objection", _("Objection (art. 21)")
    OTHER = "other", _("Other request or inquiry")


class SearchRateLimited(ValidationError):
    pass


def limits() -> list[tuple[int, int]]:
    return parse_limits(hyte_settings.SUBJECT_SEARCH_RATE_LIMITS)


def _check_rate_limit(actor) -> None:
    window = used_up_window(kinds.SUBJECT_SEARCHED, actor, limits())
    if window is not None:
        allowed, seconds = window
        raise SearchRateLimited(
            ngettext(
                "You can search for data subjects at most %(count)s time in %(minutes)s "
                "min. Try again later.",
                "You can search for data subjects at most %(count)s times in %(minutes)s "
                "min. Try again later.",
                allowed,
            )
            % {"count": allowed, "minutes": max(1, round(seconds / 60))},
            code="rate_limited",
        )


@sensitive_variables()
def search_subjects(*, actor, request_kind: str, reference: str, phone: str = "", email: str = ""):
    """The subjects with this phone number or email, oldest first, as
    ``[(subject, ["phone", "email"]), ...]`` (which identifiers matched).

    Raises ValidationError (translated; nothing ledgered) on a missing or
    invalid identifier, request kind or reference, and SearchRateLimited when
    the auditor's limit is used up. Every search that runs is ledgered, also
    one that finds nobody.
    """
    phone, email = (phone or "").strip(), (email or "").strip()
    reference = (reference or "").strip()
    errors = {}
    if request_kind not in RequestKind.values:
        errors["request_kind"] = ValidationError(_("Choose the kind of request."), code="invalid")
    if not REFERENCE.match(reference):
        errors["reference"] = ValidationError(
            _(
                "Give the request's reference (case or diary number), up to 64 letters, "
                "digits and - _ . : /"
            ),
            code="invalid",
        )
    if not phone and not email:
        errors["phone"] = ValidationError(
            _("Give the phone number or the email address the person gave."), code="required"
        )
    elif phone:
        try:
            normalise_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_head()  # serialises the count and the append: the limit holds under concurrency
        _check_rate_limit(actor)
        found: dict = {}
        if phone:
            for subject in find_subjects_by_phone(phone):
                found.setdefault(subject.pk, (subject, []))[1].append("phone")
        if email:
            for subject in find_subjects_by_email(email):
                found.setdefault(subject.pk, (subject, []))[1].append("email")
        matches = sorted(found.values(), key=lambda row: row[0].created_at)
        append_entry(
            kinds.SUBJECT_SEARCHED,
            actor,
            [subject for subject, _by in matches],
            {
                "request": request_kind,
                "reference": reference,
                "by": [name for name, value in (("phone", phone), ("email", email)) if value],
                "matches": len(matches),
            },
        )
    return matches


def record_timeline_export(subject, *, actor, fmt: str) -> None:
    """Ledger that ``actor`` exported ``subject``'s timeline as ``fmt``."""
    append_entry(kinds.SUBJECT_TIMELINE_EXPORTED, actor, [subject], {"format": fmt})
