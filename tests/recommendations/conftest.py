"""Fixtures for recommendations: activities, professionals, a fake SMS gateway.

``catalogue`` comes from ``tests/conftest.py``; ``make_activity`` here is the shared
factory with a weekly time and a place.
"""

import functools
import json
import threading
from datetime import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from django.utils import translation

from tests import factories
from wagtail_hyte.core.conf import hyte_settings

PHONE = "040 765 4321"
PHONE_E164 = "+358407654321"
EMAIL = "canary.client@example.fi"


@pytest.fixture(autouse=True)
def english():
    """Service-level messages are checked in English; views set their own language."""
    with translation.override("en"):
        yield


LIBRARY = {
    "name": "Pääkirjasto, sali 2",
    "street_address": "Vapaudenkatu 39",
    "postal_code": "40100",
    "municipality": "179",
}


@pytest.fixture
def make_activity(catalogue):
    """``tests.factories.make_activity`` for a recommendation: on Tuesdays 10.00-11.30
    in Jyväskylä's main library (the messages show the time and place)."""
    return functools.partial(
        factories.make_activity,
        parent=catalogue,
        weekly=[(1, time(10), time(11, 30))],
        locations=[LIBRARY],
    )


@pytest.fixture
def professional(make_user):
    return make_user("professional", first_name="Tiina", last_name="Terveys")


@pytest.fixture
def pro_client(client, professional):
    """Logged in as a professional whose admin language is English."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(professional)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(professional)
    return client


@pytest.fixture
def sms_file_dir(tmp_path):
    directory = tmp_path / "sms"
    settings = {
        **hyte_settings.user_settings,
        "SMS_BACKEND": "wagtail_hyte.core.sms.file.FileSmsBackend",
        "SMS_OPTIONS": {"directory": str(directory)},
    }
    with override_settings(WAGTAIL_HYTE=settings):
        yield directory


class FakeGateway:
    """An SMS gateway on 127.0.0.1: answers each POST with the next queued status."""

    def __init__(self):
        self.requests = []
        self.statuses = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode()
                gateway.requests.append({"headers": dict(self.headers), "body": body})
                status = gateway.statuses.pop(0) if gateway.statuses else 200
                payload = json.dumps({"status": status, "echo": body}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    fake = FakeGateway()
    yield fake
    fake.close()


@pytest.fixture
def http_sms(gateway):
    settings = {
        **hyte_settings.user_settings,
        "SMS_BACKEND": "wagtail_hyte.core.sms.http.HttpSmsBackend",
        "SMS_SENDER": "HYVIS",
        "SMS_OPTIONS": {
            "url": gateway.url,
            "username": "hyte",
            "password": "gateway-secret",
            "payload": {"recipient": "{to}", "message": "{text}", "sender": "{sender}"},
            "timeout": 5,
        },
    }
    with override_settings(WAGTAIL_HYTE=settings):
        yield gateway


def url_in(page, language="fi"):
    """The page's full URL as a client reading ``language`` gets it."""
    with translation.override(language):
        return page.full_url
