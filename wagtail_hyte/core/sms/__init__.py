"""Pluggable SMS backends, chosen by ``WAGTAIL_HYTE["SMS_BACKEND"]``.

A backend has ``send(to, text, sender)``; it raises :class:`SmsDeliveryError`
with a reason that never contains the number or the gateway's answer text.
"""

from .base import BaseSmsBackend, SmsDeliveryError, get_sms_backend, mask_number

__all__ = ["BaseSmsBackend", "SmsDeliveryError", "get_sms_backend", "mask_number"]
