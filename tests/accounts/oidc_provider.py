"""A real OpenID Connect provider for the single sign-on tests.

oidc-provider-mock (Flask, authlib) runs on 127.0.0.1 on a free port in a
thread of the test process, behind :class:`ProviderHarness`, a small WSGI
middleware that

* enforces PKCE, which the mock does not: it records ``code_challenge`` and
  ``code_challenge_method`` of each authorisation request, binds them to the
  code the provider issues, and answers the token request ``400
  invalid_grant`` unless ``code_verifier`` matches (S256 only); so a passing
  sign-in proves our client really does PKCE;
* can make the provider name another issuer (``issuer_host``: the mock writes
  the Host it sees into ``iss`` and its discovery document) for the discovery
  document or the tokens only.

Use in a test module::

    from tests.accounts.oidc_provider import provider_fixture, sign_in, sso_fixture  # noqa: F401

``provider`` (one per session) has ``issuer``, ``set_user(sub, claims)`` and
``authorize(url, sub)``; ``sso`` sets ``WAGTAIL_HYTE["SSO"]`` for it (roles
``hyte-<role key>`` map to each HYTE role) and ``sso.configure(**keys)``
changes it; ``sign_in(client, provider, sub)`` runs the whole flow and returns
the callback's response. ``make_provider(**mock options)`` is a context
manager for a provider of its own (expired tokens).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import itertools
import json
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock needs Python 3.12")
pytest.importorskip("mozilla_django_oidc")

import requests
import werkzeug.serving

CLIENT_ID = "hyte-test-client"
CLIENT_SECRET = "hyte-test-secret-not-for-production"
ROLE_VALUES = {
    "hyte-editor": "editor",
    "hyte-professional": "professional",
    "hyte-partner-staff": "partner_staff",
    "hyte-coordinator": "coordinator",
    "hyte-auditor": "auditor",
}
_subjects = itertools.count(1)


def new_subject(prefix="person") -> str:
    return f"{prefix}-{next(_subjects)}"


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class ProviderHarness:
    """WSGI middleware around the mock provider (see the module docstring)."""

    app: object
    #: code -> (code_challenge, code_challenge_method) of its authorisation request.
    challenges: dict = field(default_factory=dict)
    #: Every token request: {"code_verifier": present?, "accepted": bool}.
    token_requests: list = field(default_factory=list)
    #: Every authorisation request's query parameters.
    authorization_requests: list = field(default_factory=list)
    #: Every end_session request's parameters.
    end_session_requests: list = field(default_factory=list)
    #: {"discovery" | "token": host}: the provider sees this Host instead.
    issuer_host: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if path == "/.well-known/openid-configuration" and "discovery" in self.issuer_host:
            environ["HTTP_X_FORWARDED_HOST"] = self.issuer_host["discovery"]
        if path == "/oauth2/authorize":
            return self._authorize(environ, start_response, query)
        if path == "/oauth2/token":
            refused = self._check_verifier(environ)
            if refused is not None:
                return refused(start_response)
            if "token" in self.issuer_host:
                environ["HTTP_X_FORWARDED_HOST"] = self.issuer_host["token"]
        if path == "/oauth2/end_session":
            with self.lock:
                self.end_session_requests.append({k: v[0] for k, v in query.items()})
        return self.app(environ, start_response)

    def _authorize(self, environ, start_response, query):
        challenge = (query.get("code_challenge") or [None])[0]
        method = (query.get("code_challenge_method") or [None])[0]
        if environ.get("REQUEST_METHOD") == "GET":
            with self.lock:
                self.authorization_requests.append({k: v[0] for k, v in query.items()})

        def recording_start_response(status, headers, exc_info=None):
            for name, value in headers:
                if name.lower() == "location":
                    code = (parse_qs(urlsplit(value).query).get("code") or [None])[0]
                    if code:
                        with self.lock:
                            self.challenges[code] = (challenge, method)
            return start_response(status, headers, exc_info)

        return self.app(environ, recording_start_response)

    def _check_verifier(self, environ):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        form = parse_qs(body.decode("ascii", "replace"))
        if (form.get("grant_type") or [""])[0] != "authorization_code":
            return None
        code = (form.get("code") or [""])[0]
        verifier = (form.get("code_verifier") or [None])[0]
        with self.lock:
            challenge, method = self.challenges.pop(code, (None, None))
        accepted = bool(challenge and verifier and method == "S256" and s256(verifier) == challenge)
        with self.lock:
            self.token_requests.append(
                {"code_verifier": verifier is not None, "accepted": accepted}
            )
        if accepted:
            return None

        def refuse(start_response):
            payload = json.dumps(
                {"error": "invalid_grant", "error_description": "PKCE verification failed"}
            ).encode()
            start_response(
                "400 Bad Request",
                [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
            )
            return [payload]

        return refuse


class Provider:
    """A running provider: its issuer URL and helpers to drive it over HTTP."""

    def __init__(self, server, harness: ProviderHarness):
        self.server = server
        self.harness = harness
        self.issuer = f"http://127.0.0.1:{server.server_port}"

    def set_user(self, sub: str, claims: dict) -> None:
        """The claims the provider gives ``sub`` from now on (``PUT /users/<sub>``)."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        assert response.status_code == 204, response.text

    def authorize(self, url: str, sub: str) -> str:
        """Open the authorisation page at ``url``, submit its form as ``sub`` and
        return where the provider sends the browser (our callback)."""
        page = requests.get(url, timeout=5)
        assert page.status_code == 200, page.text
        assert 'name="sub"' in page.text and "Authorize" in page.text
        answer = requests.post(url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def deny(self, url: str) -> str:
        answer = requests.post(url, data={"action": "deny"}, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]


@contextlib.contextmanager
def make_provider(**options):
    """A provider of its own on 127.0.0.1 (``options``: oidc_provider_mock.app's)."""
    from oidc_provider_mock import app

    harness = ProviderHarness(app(**options))
    server = werkzeug.serving.make_server("127.0.0.1", 0, harness, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield Provider(server, harness)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="session", name="provider")
def provider_fixture():
    with make_provider() as running:
        yield running


class SSOSettings:
    def __init__(self, settings, provider):
        self.settings = settings
        self.provider = provider
        self.base = dict(settings.WAGTAIL_HYTE)
        self.values = {
            "ISSUER": provider.issuer,
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "LABEL": {"fi": "Hyvinvointialue", "en": "Wellbeing Services County"},
            "ROLES": dict(ROLE_VALUES),
            "TIMEOUT": 5,
        }
        self.apply()

    def configure(self, **keys):
        """Change ``WAGTAIL_HYTE["SSO"]`` (a value ``None`` removes the key)."""
        for key, value in keys.items():
            if value is None:
                self.values.pop(key, None)
            else:
                self.values[key] = value
        self.apply()

    def use(self, provider):
        self.provider = provider
        self.configure(ISSUER=provider.issuer)

    def apply(self):
        from django.core.cache import cache

        self.settings.WAGTAIL_HYTE = {**self.base, "SSO": dict(self.values)}
        cache.clear()  # the discovery document and keys


@pytest.fixture(name="sso")
def sso_fixture(settings, provider, roles):
    """Single sign-on on, against ``provider``; harness records reset."""
    harness = provider.harness
    harness.issuer_host.clear()
    harness.token_requests.clear()
    harness.authorization_requests.clear()
    harness.end_session_requests.clear()
    yield SSOSettings(settings, provider)
    harness.issuer_host.clear()


def start(client, *, next_url=None, reauth=False):
    from django.urls import reverse

    params = {}
    if next_url:
        params["next"] = next_url
    if reauth:
        params["reauth"] = "1"
    url = reverse("wagtail_hyte_accounts:sso_start")
    return client.get(f"{url}?{urlencode(params)}" if params else url)


def follow_callback(client, location: str):
    """GET our callback at ``location`` (an absolute URL the provider redirected to)."""
    parts = urlsplit(location)
    assert parts.netloc == "testserver", location
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, provider, sub, *, next_url=None, reauth=False):
    """The whole authorisation code flow for ``sub``; the callback's response."""
    response = start(client, next_url=next_url, reauth=reauth)
    assert response.status_code == 302, response
    assert response["Location"].startswith(provider.issuer + "/oauth2/authorize?")
    return follow_callback(client, provider.authorize(response["Location"], sub))
