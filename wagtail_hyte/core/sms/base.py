from __future__ import annotations

from wagtail_hyte.core.conf import hyte_settings


class SmsDeliveryError(Exception):
    """The message did not go out. ``reason`` is safe to show and log (no personal data)."""

    def __init__(self, reason: str, *, retryable: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


def mask_number(number: str) -> str:
    """Every digit but the last two hidden: what development backends may show."""
    digits = sum(c.isdigit() for c in number)
    seen = 0
    out = []
    for c in number:
        if c.isdigit():
            seen += 1
            out.append(c if seen > digits - 2 else "*")
        else:
            out.append(c)
    return "".join(out)


class BaseSmsBackend:
    def __init__(self, options: dict | None = None):
        self.options = dict(options or {})

    def send(self, to: str, text: str, sender: str = "") -> None:  # pragma: no cover
        raise NotImplementedError


def get_sms_backend() -> BaseSmsBackend:
    return hyte_settings.SMS_BACKEND(options=hyte_settings.SMS_OPTIONS)
