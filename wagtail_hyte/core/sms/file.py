"""Development backend: writes each message to its own file in ``SMS_OPTIONS["directory"]``.

The number is masked: the file shows what was sent, not to whom.
"""

import uuid
from datetime import UTC, datetime
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import BaseSmsBackend, SmsDeliveryError, mask_number


class FileSmsBackend(BaseSmsBackend):
    def __init__(self, options=None):
        super().__init__(options)
        directory = self.options.get("directory")
        if not directory:
            raise ImproperlyConfigured('The file SMS backend needs SMS_OPTIONS["directory"].')
        self.directory = Path(directory)

    def send(self, to, text, sender=""):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.txt"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            path.write_text(
                f"To: {mask_number(to)}\nFrom: {sender or '-'}\n\n{text}\n", encoding="utf-8"
            )
        except OSError as exc:
            raise SmsDeliveryError("could not write the message file") from exc
