"""Single sign-on settings: ``WAGTAIL_HYTE["SSO"]``, validated, and the provider's
metadata from OpenID Connect discovery.

``{}`` (the default) switches single sign-on off. Otherwise a dict with these keys:

``ISSUER`` (required)
    The provider's issuer identifier, exactly as it writes it in ``iss`` (Entra ID:
    ``https://login.microsoftonline.com/<tenant id>/v2.0``). Its discovery
    document is read from ``<ISSUER>/.well-known/openid-configuration``; a
    document naming another issuer is refused. Must be ``https`` unless
    ``DEBUG`` is on or the host is a loopback address (``hyte_accounts.E104``).
``CLIENT_ID``, ``CLIENT_SECRET`` (required)
    This site's registration at the provider (a confidential web client).
``SCOPES``
    Scopes asked for; must include ``openid``. Default ``("openid", "profile", "email")``.
``LABEL``
    The organisation's name on the sign-in button ("Sign in with <LABEL>"): a
    string, or ``{language code: string}`` (the current language, then its
    primary subtag, then ``LANGUAGE_CODE``, then the first). Empty: "Sign in
    with your organisation's account".
``ROLE_CLAIM``
    The claim (of the ID token, else the userinfo response) that lists the
    user's roles at the provider: a list of strings or one string. Default
    ``"roles"`` (Entra ID app roles); ``"groups"`` for group claims.
``ROLES``
    ``{claim value: HYTE role key}`` (``editor``, ``professional``,
    ``partner_staff``, ``coordinator``, ``auditor``). At every sign-in the user
    is put in exactly the HYTE groups their claim values name and removed from
    the other HYTE groups; groups that are not HYTE's are left alone. Claim
    values not listed are ignored.
``REQUIRE_ROLE``
    Default ``True``: a sign-in whose claims name no HYTE role signs in nobody
    and creates no account ("your organisation has not given you access").
``PASSWORD_LOGIN``
    Default ``True``. ``False`` hides the password form on the admin sign-in
    page and refuses every password posted to it, for every user (superusers
    included): everyone signs in through the provider.
``AUDIENCE``
    The ``aud`` the ID token must contain. Default: ``CLIENT_ID``. With several
    audiences, ``azp`` must be ``CLIENT_ID``.
``CLOCK_SKEW``
    Seconds of clock difference tolerated when checking ``exp``, ``iat`` and
    ``auth_time``. Default 60.
``LOGOUT_AT_PROVIDER``
    Default ``True``: signing out of the admin also ends the provider's session
    (RP-initiated logout at its ``end_session_endpoint``, when it has one).
``TIMEOUT``
    Seconds to wait for the provider (discovery, keys, tokens, userinfo). Default 10.
``VERIFY_TLS``
    Default ``True``; or the path of a CA bundle that signs the provider's
    certificate. ``False`` only for development (``hyte_accounts.W102``).
``AUTHORIZATION_ENDPOINT``, ``TOKEN_ENDPOINT``, ``USERINFO_ENDPOINT``, ``JWKS_URI``,
``END_SESSION_ENDPOINT``
    Optional URLs that override the discovery document's. With all of the first
    four (and ``END_SESSION_ENDPOINT`` if wanted) set, discovery is not used.

Nothing here imports mozilla-django-oidc: the checks and the sign-in page read
this module on sites without the ``oidc`` extra.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext

from wagtail_hyte.core.conf import hyte_settings
from wagtail_hyte.core.roles import GROUP_NAMES

logger = logging.getLogger("wagtail_hyte.accounts.sso")

KEYS = frozenset(
    {
        "ISSUER",
        "CLIENT_ID",
        "CLIENT_SECRET",
        "SCOPES",
        "LABEL",
        "ROLE_CLAIM",
        "ROLES",
        "REQUIRE_ROLE",
        "PASSWORD_LOGIN",
        "AUDIENCE",
        "CLOCK_SKEW",
        "LOGOUT_AT_PROVIDER",
        "TIMEOUT",
        "VERIFY_TLS",
        "AUTHORIZATION_ENDPOINT",
        "TOKEN_ENDPOINT",
        "USERINFO_ENDPOINT",
        "JWKS_URI",
        "END_SESSION_ENDPOINT",
    }
)
#: Endpoint setting -> the discovery document's key.
ENDPOINTS = {
    "AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "TOKEN_ENDPOINT": "token_endpoint",
    "USERINFO_ENDPOINT": "userinfo_endpoint",
    "JWKS_URI": "jwks_uri",
    "END_SESSION_ENDPOINT": "end_session_endpoint",
}
#: Endpoints a sign-in cannot do without.
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")

DEFAULT_SCOPES = ("openid", "profile", "email")
DEFAULT_CLOCK_SKEW = 60
DEFAULT_TIMEOUT = 10
#: The signature algorithms accepted on ID tokens.
ALGORITHMS = ("RS256",)
#: Seconds the discovery document and the provider's keys are cached.
METADATA_CACHE_SECONDS = 60 * 60
DISCOVERY_PATH = "/.well-known/openid-configuration"

# Problem codes of SSOConfigError (the system checks map them to their ids).
PROBLEM_INVALID = "invalid"
PROBLEM_ISSUER = "issuer"
PROBLEM_CLIENT = "client"
PROBLEM_ROLES = "roles"


class SSOConfigError(ImproperlyConfigured):
    """``WAGTAIL_HYTE["SSO"]`` is not usable; ``problems`` is ``[(code, message)]``."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("WAGTAIL_HYTE['SSO']: " + "; ".join(msg for _c, msg in problems))


class ProviderError(Exception):
    """The provider could not be reached or answered something unusable.

    ``reason`` is a short code for the log; the message never holds a token,
    a claim value or the provider's response body.
    """

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class SSOConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    label: str | Mapping[str, str]
    role_claim: str
    roles: Mapping[str, str]
    require_role: bool
    password_login: bool
    audience: str
    clock_skew: int
    logout_at_provider: bool
    timeout: float
    verify_tls: bool | str
    endpoints: Mapping[str, str]

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + DISCOVERY_PATH

    def display_label(self) -> str:
        """The organisation's name in the current language ("" if none is set)."""
        label = self.label
        if isinstance(label, str):
            return label
        language = translation.get_language() or settings.LANGUAGE_CODE
        for code in (language, language.split("-")[0], settings.LANGUAGE_CODE):
            if label.get(code):
                return label[code]
        return next((value for value in label.values() if value), "")

    def button_text(self) -> str:
        label = self.display_label()
        if label:
            return gettext("Sign in with %(organisation)s") % {"organisation": label}
        return gettext("Sign in with your organisation's account")


def is_configured() -> bool:
    """True when ``WAGTAIL_HYTE["SSO"]`` is set (valid or not)."""
    return bool(hyte_settings.SSO)


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_allowed(url: str) -> bool:
    """https, or http on a loopback address or while DEBUG is on."""
    scheme = urlsplit(url).scheme
    return scheme == "https" or (scheme == "http" and (settings.DEBUG or is_loopback(url)))


def _is_url(value) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _strings(value) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) and v for v in value)


def parse(raw: Mapping) -> SSOConfig:
    """Validate ``raw`` (the ``SSO`` dict) into an :class:`SSOConfig`, or raise
    :class:`SSOConfigError` naming every problem."""
    problems: list[tuple[str, str]] = []

    def problem(code, message):
        problems.append((code, message))

    if not isinstance(raw, Mapping):
        raise SSOConfigError([(PROBLEM_INVALID, "must be a dict")])
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        problem(PROBLEM_INVALID, f"unknown keys {unknown}")

    issuer = raw.get("ISSUER", "")
    if not _is_url(issuer):
        problem(PROBLEM_ISSUER, "ISSUER must be the provider's http(s) issuer URL")
    client_id = raw.get("CLIENT_ID", "")
    client_secret = raw.get("CLIENT_SECRET", "")
    if not isinstance(client_id, str) or not client_id:
        problem(PROBLEM_CLIENT, "CLIENT_ID must be set")
    if not isinstance(client_secret, str) or not client_secret:
        problem(PROBLEM_CLIENT, "CLIENT_SECRET must be set")

    scopes = raw.get("SCOPES", DEFAULT_SCOPES)
    if isinstance(scopes, str):
        scopes = tuple(scopes.split())
    if not _strings(scopes) or "openid" not in scopes:
        problem(PROBLEM_INVALID, "SCOPES must be a list of scopes that includes 'openid'")

    label = raw.get("LABEL", "")
    if not (
        isinstance(label, str)
        or (
            isinstance(label, Mapping)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in label.items())
        )
    ):
        problem(PROBLEM_INVALID, "LABEL must be a string or {language code: string}")

    role_claim = raw.get("ROLE_CLAIM", "roles")
    if not isinstance(role_claim, str) or not role_claim:
        problem(PROBLEM_INVALID, "ROLE_CLAIM must be a claim name")

    roles = raw.get("ROLES", {})
    if not isinstance(roles, Mapping) or not all(
        isinstance(k, str) and k and isinstance(v, str) for k, v in roles.items()
    ):
        problem(PROBLEM_INVALID, "ROLES must be {claim value: role key}")
        roles = {}
    else:
        bad = sorted({v for v in roles.values() if v not in GROUP_NAMES})
        if bad:
            problem(
                PROBLEM_ROLES, f"ROLES names unknown role keys {bad} (known: {sorted(GROUP_NAMES)})"
            )

    flags = {}
    for key, default in (
        ("REQUIRE_ROLE", True),
        ("PASSWORD_LOGIN", True),
        ("LOGOUT_AT_PROVIDER", True),
    ):
        flags[key] = raw.get(key, default)
        if not isinstance(flags[key], bool):
            problem(PROBLEM_INVALID, f"{key} must be True or False")

    audience = raw.get("AUDIENCE") or client_id
    if not isinstance(audience, str):
        problem(PROBLEM_INVALID, "AUDIENCE must be a string")

    clock_skew = raw.get("CLOCK_SKEW", DEFAULT_CLOCK_SKEW)
    if isinstance(clock_skew, bool) or not isinstance(clock_skew, int) or clock_skew < 0:
        problem(PROBLEM_INVALID, "CLOCK_SKEW must be a whole number of seconds, 0 or more")
    timeout = raw.get("TIMEOUT", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        problem(PROBLEM_INVALID, "TIMEOUT must be a positive number of seconds")
    verify_tls = raw.get("VERIFY_TLS", True)
    if not isinstance(verify_tls, (bool, str)) or verify_tls == "":
        problem(PROBLEM_INVALID, "VERIFY_TLS must be True, False or the path of a CA bundle")

    endpoints = {}
    for key, name in ENDPOINTS.items():
        value = raw.get(key)
        if value in (None, ""):
            continue
        if not _is_url(value):
            problem(PROBLEM_INVALID, f"{key} must be an http(s) URL")
        else:
            endpoints[name] = value

    if problems:
        raise SSOConfigError(problems)
    return SSOConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        scopes=tuple(scopes),
        label=label if isinstance(label, str) else dict(label),
        role_claim=role_claim,
        roles=dict(roles),
        require_role=flags["REQUIRE_ROLE"],
        password_login=flags["PASSWORD_LOGIN"],
        audience=audience,
        clock_skew=clock_skew,
        logout_at_provider=flags["LOGOUT_AT_PROVIDER"],
        timeout=float(timeout),
        verify_tls=verify_tls,
        endpoints=endpoints,
    )


def get_config() -> SSOConfig | None:
    """The validated settings, or ``None`` when single sign-on is off.

    Raises :class:`SSOConfigError` when they are set but unusable (the system
    checks report the same problems at start-up).
    """
    if not is_configured():
        return None
    return parse(hyte_settings.SSO)


def password_login_allowed() -> bool:
    """False only when single sign-on is on with ``PASSWORD_LOGIN: False``.

    An unusable SSO setting keeps the password form closed too when it asks for
    that: a typo elsewhere must not reopen password sign-in.
    """
    raw = hyte_settings.SSO
    if not raw:
        return True
    return not (isinstance(raw, Mapping) and raw.get("PASSWORD_LOGIN", True) is False)


def _cache_key(kind: str, url: str) -> str:
    return f"wagtail_hyte:sso:{kind}:" + hashlib.sha256(url.encode()).hexdigest()


def _get_json(config: SSOConfig, url: str, reason: str) -> dict:
    import requests

    if not url_allowed(url):
        raise ProviderError(f"{reason}_insecure_url")
    try:
        response = requests.get(
            url,
            timeout=config.timeout,
            verify=config.verify_tls,
            headers={"Accept": "application/json"},
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise ProviderError(f"{reason}_unreachable") from exc
    if response.status_code != 200:
        raise ProviderError(f"{reason}_status_{response.status_code}")
    try:
        document = response.json()
    except ValueError as exc:
        raise ProviderError(f"{reason}_not_json") from exc
    if not isinstance(document, dict):
        raise ProviderError(f"{reason}_not_json")
    return document


def discovery_document(config: SSOConfig, *, refresh: bool = False) -> dict:
    """The provider's discovery document (cached for an hour).

    Raises :class:`ProviderError` when it cannot be read or names another issuer.
    """
    key = _cache_key("discovery", config.discovery_url)
    if not refresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    document = _get_json(config, config.discovery_url, "discovery")
    if document.get("issuer") != config.issuer:
        raise ProviderError("discovery_issuer_mismatch")
    cache.set(key, document, METADATA_CACHE_SECONDS)
    return document


def provider_metadata(config: SSOConfig) -> dict:
    """The endpoints to use: the discovery document's, with the settings' overrides.

    Discovery is skipped when the settings name every endpoint a sign-in needs
    and the userinfo endpoint. Raises :class:`ProviderError`.
    """
    overrides = dict(config.endpoints)
    needed = (*REQUIRED_ENDPOINTS, "userinfo_endpoint")
    if all(name in overrides for name in needed):
        metadata = {"issuer": config.issuer}
    else:
        metadata = dict(discovery_document(config))
    metadata.update(overrides)
    for name in REQUIRED_ENDPOINTS:
        url = metadata.get(name)
        if not isinstance(url, str) or not _is_url(url):
            raise ProviderError(f"metadata_missing_{name}")
    for name in ENDPOINTS.values():
        url = metadata.get(name)
        if url is not None and (not isinstance(url, str) or not url_allowed(url)):
            raise ProviderError(f"metadata_insecure_{name}")
    return metadata


def provider_keys(config: SSOConfig, jwks_uri: str, *, refresh: bool = False) -> dict:
    """The provider's JSON Web Key Set (cached for an hour; ``refresh`` reads it
    again, for a key id not seen before: the provider has rotated its keys)."""
    key = _cache_key("jwks", jwks_uri)
    if not refresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    document = _get_json(config, jwks_uri, "jwks")
    if not isinstance(document.get("keys"), list):
        raise ProviderError("jwks_no_keys")
    cache.set(key, document, METADATA_CACHE_SECONDS)
    return document


def clear_metadata_cache(config: SSOConfig | None = None) -> None:
    """Forget the cached discovery document and keys (of ``config``, or the current settings)."""
    config = config or get_config()
    if config is None:
        return
    discovery_key = _cache_key("discovery", config.discovery_url)
    urls = {config.endpoints.get("jwks_uri")}
    cached = cache.get(discovery_key)
    if isinstance(cached, dict):
        urls.add(cached.get("jwks_uri"))
    cache.delete_many(
        [discovery_key, *(_cache_key("jwks", url) for url in urls if isinstance(url, str))]
    )
