"""The business actions of recommending: check, count, send (services own the rules).

``recommend`` is called by the admin views and, later, the API. The client's
phone number or email address is a parameter only: it is validated, used for
the one send, sealed for a retry if the send fails, and never stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_variables

from wagtail_hyte.activities.models import ActivityPage
from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.languages import LANGUAGE_CODES
from wagtail_hyte.core.phone import parse_phone
from wagtail_hyte.core.roles import is_professional

from . import compose, counting, delivery, ratelimit, smslength
from .choices import Channel, DeliveryStatus
from .models import Delivery
from .organisation import organisation_of
from .roles import RECOMMEND

logger = logging.getLogger(__name__)

MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


@dataclass
class RecommendationResult:
    channel: str
    status: str  # DeliveryStatus for messages, "ready" for printouts
    activities: list
    delivery_id: str | None = None
    problem: str = ""


def can_recommend(user) -> bool:
    """A professional holding ``recommend_activities`` (superusers hold every permission)."""
    return is_professional(user) and user.has_perm(RECOMMEND)


def client_languages() -> list[str]:
    return [lang for lang in hyte_settings.LANGUAGES if lang in LANGUAGE_CODES]


@sensitive_variables("value", "number")
def clean_phone(value: str) -> str:
    """A mobile number in E.164 form, or a ValidationError saying what is wrong."""
    if not (value or "").strip():
        raise ValidationError(
            _("Enter the client's mobile number for a text message."), code="phone_required"
        )
    number = parse_phone(value)
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(
            _("This is not a mobile number: a text message needs a mobile number."),
            code="phone_not_mobile",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@sensitive_variables("value")
def clean_email(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(
            _("Enter the client's email address for an email."), code="email_required"
        )
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("Enter a valid email address, e.g. name@example.fi."), code="email_invalid"
        ) from None
    return value


def recommendable(activity_ids) -> list[ActivityPage]:
    """Live activity pages among ``activity_ids``, in the given order."""
    ids = []
    for value in activity_ids:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    pages = {
        p.pk: p
        for p in ActivityPage.objects.live()
        .filter(pk__in=ids)
        .select_related("organiser")
        .prefetch_related("weekly_times", "meetings", "locations__municipality")
    }
    return [pages[i] for i in dict.fromkeys(ids) if i in pages]


def check_request(*, user, activities, channel, language) -> None:
    if not can_recommend(user):
        raise PermissionDenied
    errors = {}
    if not activities:
        errors["activities"] = _("Choose at least one activity.")
    elif len(activities) > hyte_settings.RECOMMENDATION_MAX_ACTIVITIES:
        most = hyte_settings.RECOMMENDATION_MAX_ACTIVITIES
        errors["activities"] = ngettext(
            "Choose at most %(count)s activity.", "Choose at most %(count)s activities.", most
        ) % {"count": most}
    elif any(a.has_ended() for a in activities):
        errors["activities"] = _("An activity that has ended cannot be recommended.")
    if channel not in Channel.values:
        errors["channel"] = _("Choose how to send the recommendation.")
    if language not in client_languages():
        errors["language"] = _("Choose the client's language.")
    if errors:
        raise ValidationError(errors)


def preview(*, user, activities, channel: str, language: str, plain: bool = False, request=None):
    """What ``recommend`` would send, without sending, counting or writing anything.

    ``{"text", "segments"}`` for a text message, ``{"subject", "text", "html"}``
    for an email, ``{}`` for a printout (its preview is the print page itself).
    Raises the same field-keyed ValidationError as ``recommend`` for the choices.
    """
    check_request(user=user, activities=activities, channel=channel, language=language)
    if channel == Channel.PRINT:
        return {}
    comp = compose.composition(
        activities, user=user, language=language, plain=plain, request=request
    )
    if channel == Channel.EMAIL:
        return compose.email_message(comp)
    try:
        text = compose.sms_text(comp)
    except ValidationError as exc:
        raise ValidationError({"activities": exc.messages}) from None
    return {"text": text, "segments": smslength.segments(text)}


@sensitive_variables("phone", "email", "recipient")
def recommend(
    *,
    user,
    activities,
    channel: str,
    language: str,
    plain: bool = False,
    phone: str = "",
    email: str = "",
    request=None,
) -> RecommendationResult:
    """Recommend ``activities`` to a client by text message, email or printout.

    Raises ValidationError (field-keyed, translated) or PermissionDenied before
    anything is written. A message that the SMS gateway or mail server refuses
    is reported in the result and retried through a task.
    """
    check_request(user=user, activities=activities, channel=channel, language=language)
    recipient = ""
    if channel == Channel.SMS:
        try:
            recipient = clean_phone(phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    elif channel == Channel.EMAIL:
        try:
            recipient = clean_email(email)
        except ValidationError as exc:
            raise ValidationError({"email": exc.messages}) from None

    comp = compose.composition(
        activities, user=user, language=language, plain=plain, request=request
    )
    content: dict = {}
    if channel == Channel.SMS:
        try:
            content = {"text": compose.sms_text(comp)}
        except ValidationError as exc:
            raise ValidationError({"activities": exc.messages}) from None
    elif channel == Channel.EMAIL:
        content = compose.email_message(comp)

    with transaction.atomic():
        if channel != Channel.PRINT:
            ratelimit.consume(user)
        counting.record(activities, channel=channel, organisation=organisation_of(user))
        record = None
        if channel != Channel.PRINT:
            record = Delivery.objects.create(
                user=user,
                channel=channel,
                activity_count=len(activities),
                status=DeliveryStatus.RETRYING,
            )
    if record is None:
        logger.info("Recommendation printed (%s activities)", len(activities))
        return RecommendationResult(channel, "ready", list(activities))
    status = delivery.attempt(record, recipient, content)
    problem = Delivery.objects.filter(pk=record.pk).values_list("problem", flat=True).first()
    return RecommendationResult(channel, status, list(activities), str(record.pk), problem or "")
