"""Send one text message or email now; on failure, retry it through a task.

The recipient is in memory only for the send itself. A retry gets it sealed
(sealing.py); the message content holds no personal data.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.sensitive import sensitive_variables
from wagtail_hyte.core.sms import SmsDeliveryError, get_sms_backend

from .choices import Channel, DeliveryStatus
from .models import Delivery
from .sealing import SealError, open_sealed, seal

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    def __init__(self, reason: str, *, retryable: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


@sensitive_variables()
def send(channel: str, recipient: str, content: dict) -> None:
    """Hand the message to the SMS backend or Django's mail system, or raise DeliveryError."""
    if channel == Channel.SMS:
        try:
            get_sms_backend().send(recipient, content["text"], hyte_settings.SMS_SENDER)
        except SmsDeliveryError as exc:
            raise DeliveryError(exc.reason, retryable=exc.retryable) from None
        return
    message = EmailMultiAlternatives(
        subject=content["subject"],
        body=content["text"],
        from_email=hyte_settings.FROM_EMAIL or None,
        to=[recipient],
    )
    message.attach_alternative(content["html"], "text/html")
    try:
        message.send()
    except Exception:  # SMTP and backend errors alike; their text may name the address
        raise DeliveryError("the mail server did not accept the message") from None


def _record(delivery_id, status: str, attempts: int, problem: str = "") -> None:
    Delivery.objects.filter(pk=delivery_id).update(
        status=status, attempts=attempts, problem=problem[:200], updated_at=timezone.now()
    )


@sensitive_variables()
def attempt(delivery: Delivery, recipient: str, content: dict) -> str:
    """First try, in the request. Returns the delivery status after it."""
    try:
        send(delivery.channel, recipient, content)
    except DeliveryError as exc:
        logger.warning(
            "Recommendation %s failed (%s): %s", delivery.channel, delivery.pk, exc.reason
        )
        if not exc.retryable or hyte_settings.RECOMMENDATION_RETRY_ATTEMPTS < 1:
            _record(delivery.pk, DeliveryStatus.FAILED, 1, exc.reason)
            return DeliveryStatus.FAILED
        _record(delivery.pk, DeliveryStatus.RETRYING, 1, exc.reason)
        token = seal(recipient, delivery_id=str(delivery.pk), channel=delivery.channel)
        return enqueue_retry(str(delivery.pk), delivery.channel, token, content, 1)
    _record(delivery.pk, DeliveryStatus.SENT, 1)
    logger.info("Recommendation %s sent (%s)", delivery.channel, delivery.pk)
    return DeliveryStatus.SENT


def enqueue_retry(delivery_id: str, channel: str, token: str, content: dict, done: int) -> str:
    from .tasks import retry_delivery_task

    task = retry_delivery_task
    if task.get_backend().supports_defer:
        delay = hyte_settings.RECOMMENDATION_RETRY_DELAY * done
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    result = task.enqueue(delivery_id, channel, token, content, done)
    if result.is_finished and result.status == "SUCCESSFUL":
        return result.return_value  # an inline backend ran it already
    return DeliveryStatus.RETRYING


@sensitive_variables()
def retry(delivery_id: str, channel: str, token: str, content: dict, done: int) -> str:
    """One retry from the task queue. Re-queues itself until the attempts run out."""
    try:
        recipient = open_sealed(token, delivery_id=delivery_id, channel=channel)
    except SealError as exc:
        _record(delivery_id, DeliveryStatus.FAILED, done, f"retry abandoned: {exc}")
        logger.warning("Recommendation retry %s abandoned: %s", delivery_id, exc)
        return DeliveryStatus.FAILED
    attempts = done + 1
    try:
        send(channel, recipient, content)
    except DeliveryError as exc:
        logger.warning("Recommendation retry %s failed (%s): %s", attempts, delivery_id, exc.reason)
        if exc.retryable and done < hyte_settings.RECOMMENDATION_RETRY_ATTEMPTS:
            _record(delivery_id, DeliveryStatus.RETRYING, attempts, exc.reason)
            return enqueue_retry(delivery_id, channel, token, content, attempts)
        _record(delivery_id, DeliveryStatus.FAILED, attempts, exc.reason)
        return DeliveryStatus.FAILED
    _record(delivery_id, DeliveryStatus.SENT, attempts)
    logger.info("Recommendation retry %s sent (%s)", attempts, delivery_id)
    return DeliveryStatus.SENT
