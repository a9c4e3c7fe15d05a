"""Production backend: an HTTP SMS gateway (JSON or form POST, with urllib).

``SMS_OPTIONS``::

    {
        "url": "https://sms.example.fi/api/send",
        "username": "...", "password": "...",    # HTTP basic auth, or
        "token": "...",                          # Authorization: Bearer <token>
        "headers": {"X-Api-Key": "..."},         # more headers
        "format": "json",                        # or "form"
        "payload": {"to": "{to}", "text": "{text}", "from": "{sender}"},
        "timeout": 10,
        "success_statuses": [200, 201, 202],
    }

String values of ``payload`` may hold ``{to}``, ``{text}``, ``{sender}``;
nested dicts and lists are filled too; other values are sent as they are.
The gateway's answer is never logged or shown (it may repeat the number).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

from django.core.exceptions import ImproperlyConfigured

from .base import BaseSmsBackend, SmsDeliveryError

DEFAULT_PAYLOAD = {"to": "{to}", "text": "{text}", "from": "{sender}"}


def _fill(value, values):
    if isinstance(value, str):
        for name, replacement in values.items():
            value = value.replace("{" + name + "}", replacement)
        return value
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


class HttpSmsBackend(BaseSmsBackend):
    def __init__(self, options=None):
        super().__init__(options)
        self.url = self.options.get("url", "")
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured(
                'The HTTP SMS backend needs SMS_OPTIONS["url"] (http/https).'
            )
        self.format = self.options.get("format", "json")
        if self.format not in ("json", "form"):
            raise ImproperlyConfigured('SMS_OPTIONS["format"] must be "json" or "form".')
        self.timeout = float(self.options.get("timeout", 10))
        self.success = set(self.options.get("success_statuses") or range(200, 300))

    def build_request(self, to: str, text: str, sender: str) -> urllib.request.Request:
        payload = _fill(
            self.options.get("payload") or DEFAULT_PAYLOAD,
            {"to": to, "text": text, "sender": sender},
        )
        headers = {"Accept": "application/json", **self.options.get("headers", {})}
        if self.format == "json":
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        else:
            data = urllib.parse.urlencode(payload, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.options.get("token"):
            headers["Authorization"] = f"Bearer {self.options['token']}"
        elif self.options.get("username"):
            raw = f"{self.options['username']}:{self.options.get('password', '')}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
        return urllib.request.Request(self.url, data=data, headers=headers, method="POST")  # noqa: S310

    def send(self, to, text, sender=""):
        request = self.build_request(to, text, sender)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
            exc.close()
        except (urllib.error.URLError, TimeoutError, OSError):
            raise SmsDeliveryError("the SMS gateway could not be reached") from None
        if status not in self.success:
            # 4xx other than 408/429 will fail the same way again.
            retryable = status >= 500 or status in (408, 429)
            raise SmsDeliveryError(f"the SMS gateway answered HTTP {status}", retryable=retryable)
