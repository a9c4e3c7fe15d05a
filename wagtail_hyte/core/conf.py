"""Access to the ``WAGTAIL_HYTE`` settings dictionary.

Modelled on Django REST framework's ``api_settings``: every key has a documented
default (see ``DEFAULTS`` and ``docs/configuration.md``), keys listed in
``IMPORT_STRINGS`` hold dotted paths that are imported on first access, and the
cached values are dropped whenever Django's ``setting_changed`` signal reports a
change to ``WAGTAIL_HYTE`` (``override_settings`` in tests).

Usage::

    from wagtail_hyte.core.conf import hyte_settings
    hyte_settings.CONTROLLER["name"]
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from .languages import LANGUAGE_CODES

SETTINGS_NAME = "WAGTAIL_HYTE"

DEFAULTS: dict[str, Any] = {
    # The data controller (rekisterinpitäjä): the welfare area running the site.
    "CONTROLLER": {
        "name": "",
        "business_id": "",
        "email": "",
        "privacy_notice_url": "",
    },
    # Languages offered for client-facing texts (consent notices, messages).
    "LANGUAGES": LANGUAGE_CODES,
    # Key-encryption keys for personal data: {key id: base64 of 32 random bytes},
    # or the string "id:base64[,id:base64...]" an environment variable holds
    # ("" = not set). Read only through core.keyformat.parse_keyring.
    "KEY_ENCRYPTION_KEYS": {},
    # The id, in KEY_ENCRYPTION_KEYS, of the key that wraps new data keys.
    "CURRENT_KEY_ID": "",
    # base64 of at least 32 random bytes: HMAC key for blind indexes.
    "BLIND_INDEX_KEY": "",
    # base64 of a 32-byte Ed25519 private seed that signs ledger checkpoints.
    "CHECKPOINT_SIGNING_KEY": "",
    # Callable(user) -> QuerySet of Partner the user may manage in the admin.
    "PARTNER_SCOPE": "wagtail_hyte.partners.scoping.partners_for_user",
    # Address that system emails (notifications, reminders) are sent from;
    # empty means Django's DEFAULT_FROM_EMAIL.
    "FROM_EMAIL": "",
    # Label of the admin menu group that holds every HYTE view.
    "ADMIN_MENU_LABEL": None,
    # Activity catalogue (wagtail_hyte.activities), see docs/activities.md:
    # the host site's base template; HYTE pages fill its blocks title,
    # extra_css, content and extra_js.
    "BASE_TEMPLATE": "base.html",
    # Links for the host's footer ({% hyte_footer_links %}, docs/activities.md):
    # the accessibility statement (Act 306/2019; "" = the first live
    # AccessibilityStatementPage, hyte.W020 while DEBUG is off) and the feedback
    # channel. The privacy notice is CONTROLLER["privacy_notice_url"].
    "FOOTER_LINKS": {"accessibility_statement": "", "feedback": ""},
    # What partner staff may do with their own organisation's activity pages
    # (activities/page_permissions.py): "moderated" (edit; publish through
    # the page's workflow or an editor), "publish" (edit and publish), "off".
    "PARTNER_PAGE_EDITING": "moderated",
    # Finding a location's coordinates from its address (activities/geocoding.py):
    # None (off) or {"BACKEND": "dotted.path.Geocoder", "OPTIONS": {...}}, e.g.
    # PeliasGeocoder with Digitransit's API_KEY. Only venue addresses are sent.
    "GEOCODER": None,
    # Activities per page in the catalogue listing.
    "CATALOGUE_PAGE_SIZE": 20,
    # At most this many best search hits are filtered and ranked.
    "CATALOGUE_SEARCH_LIMIT": 500,
    # Alias in CACHES for cached listing counts and result ids (keyed by a
    # catalogue version kept in the database); None switches the cache off.
    "CATALOGUE_CACHE": "default",
    # Seconds a cached listing is kept (a change makes it unused at once anyway).
    "CATALOGUE_CACHE_TIMEOUT": 3600,
    # Parents allowed for catalogues (and service paths outside one): page-type
    # labels, site paths ("/palvelut/") and page ids; None: anywhere Wagtail allows.
    "CATALOGUE_PARENT_PAGES": None,
    # Usage counters (wagtail_hyte.metrics): keep zero-result search terms as
    # aggregated daily counts (never linked to a person); False keeps none.
    "METRICS_KEEP_ZERO_RESULT_TERMS": True,
    # A zero-result term is shown (stored as text) only once searched on at
    # least this many distinct days; until then only a keyed hash per day is kept.
    "METRICS_ZERO_RESULT_MIN_DAYS": 3,
    # Days zero-result terms (and their hashed sightings) are kept before
    # pruning (wagtail_hyte.metrics.housekeeping.prune, run by hyte_daily).
    "METRICS_ZERO_RESULT_KEEP_DAYS": 90,
    # Follow-up (wagtail_hyte.followup): the catalogue's launch date, the first
    # month of every series (an ISO date string or a date; None: the month of
    # the first referral, recommendation or counted view).
    "FOLLOW_UP_LAUNCH_DATE": None,
    # Figures derived from referrals or client feedback show counts of
    # 1 .. N-1 as "< N" in every table, chart and export.
    "FOLLOW_UP_SMALL_CELL": 5,
    # The public activity page says "usually contacts within N days" only once
    # the partner has acted on at least this many referrals (0 = never shown).
    "RESPONSE_TIME_MIN_REFERRALS": 20,
    # Client feedback (asiakaskokemus) after a referral closes: on/off, the
    # days a feedback link stays valid.
    "FEEDBACK_ENABLED": True,
    "FEEDBACK_LINK_DAYS": 30,
    # Staff sign-in (wagtail_hyte.accounts, docs/sign-in.md).
    # Roles that must add a second factor (django-otp: an authenticator app,
    # recovery codes) when they sign in with a password; until they have
    # enrolled they reach only the enrolment page.
    "MFA_REQUIRED_ROLES": ("professional", "partner_staff", "coordinator", "auditor"),
    # Superusers read everything: they need a second factor too.
    "MFA_REQUIRED_FOR_SUPERUSERS": True,
    # Users who signed in through single sign-on are exempt: their identity
    # provider enforces its own second factor (Entra ID conditional access).
    "MFA_SSO_EXEMPT": True,
    # The name authenticator apps show beside the code ("" = the Wagtail site name).
    "MFA_ISSUER_NAME": "",
    # How many one-time recovery codes a user gets at enrolment.
    "MFA_RECOVERY_CODES": 10,
    # Single sign-on with OpenID Connect ({} = off): see docs/sign-in.md for the
    # keys (ISSUER, CLIENT_ID, CLIENT_SECRET, SCOPES, ROLE_CLAIM, ROLES, ...).
    "SSO": {},
    # Session limits per role, in seconds: "idle" (signed out after this long
    # without a request) and "absolute" (signed out this long after signing in,
    # whatever they do). A user with several roles gets the shortest limits;
    # None = no limit of that kind (the site's SESSION_COOKIE_AGE still holds).
    # "superuser" covers superusers. See core/sessions.py.
    "SESSION_LIMITS": {
        "editor": {"idle": 2 * 60 * 60, "absolute": 12 * 60 * 60},
        "professional": {"idle": 30 * 60, "absolute": 8 * 60 * 60},
        "partner_staff": {"idle": 30 * 60, "absolute": 8 * 60 * 60},
        "coordinator": {"idle": 30 * 60, "absolute": 8 * 60 * 60},
        "auditor": {"idle": 30 * 60, "absolute": 8 * 60 * 60},
        "superuser": {"idle": 30 * 60, "absolute": 8 * 60 * 60},
    },
    # Showing a client's contact details needs a sign-in (or re-authentication)
    # no older than this many seconds; None = the session's own age suffices.
    "REAUTHENTICATE_AFTER": 15 * 60,
    # Ledger: the origin line of signed checkpoints (names this installation's log).
    "LEDGER_ORIGIN": "wagtail-hyte/ledger",
    # Ledger: write a signed checkpoint automatically every N entries (0 = never).
    "CHECKPOINT_EVERY": 1000,
    # Ledger: a directory outside the database that receives every checkpoint.
    "CHECKPOINT_DIRECTORY": "",
    # Ledger: email addresses (the auditors) that receive every checkpoint.
    "CHECKPOINT_EMAILS": (),
    # Ledger: base64 Ed25519 public keys of retired checkpoint signing keys;
    # checkpoints they signed still verify.
    "CHECKPOINT_RETIRED_PUBLIC_KEYS": (),
    # Personal data is erased this many days after a subject's business closed.
    "RETENTION_DAYS": 365,
    # Text messages (recommendations and referral notifications), see
    # docs/recommendations.md: dotted path of the SMS backend class (core/sms/).
    "SMS_BACKEND": "wagtail_hyte.core.sms.console.ConsoleSmsBackend",
    # Options of the SMS backend: "directory" for the file backend; "url",
    # "username", "password", "token", "payload", "timeout", "success_statuses"
    # for the HTTP gateway backend.
    "SMS_OPTIONS": {},
    # Sender name or number shown on text messages (the gateway may fix it).
    "SMS_SENDER": "",
    # A text message may take at most this many concatenated SMS segments.
    "SMS_MAX_SEGMENTS": 3,
    # Callable(user) -> str: the professional's organisation, shown on messages
    # and counted with each recommendation. Default: CONTROLLER["name"].
    "PROFESSIONAL_ORGANISATION": (
        "wagtail_hyte.recommendations.organisation.controller_organisation"
    ),
    # At most this many activities in one recommendation.
    "RECOMMENDATION_MAX_ACTIVITIES": 10,
    # Per-user sending limits: [(messages, seconds), ...]; every window applies.
    "RECOMMENDATION_RATE_LIMITS": ((20, 3600), (60, 86400)),
    # Per-user limits on "existing client" lookups in the referral form:
    # [(lookups, seconds), ...]; counted from the ledger entries of the lookups.
    "REFERRAL_LOOKUP_RATE_LIMITS": ((10, 3600), (30, 86400)),
    # Per-auditor limits on finding data subjects by phone or email for a data
    # subject's request: [(searches, seconds), ...]; counted from the ledger.
    "SUBJECT_SEARCH_RATE_LIMITS": ((20, 3600), (60, 86400)),
    # Failed text messages and emails: retries through a task, the delay
    # between attempts in seconds, and how long the sealed recipient stays
    # readable for the retry queue (seconds).
    "RECOMMENDATION_RETRY_ATTEMPTS": 3,
    "RECOMMENDATION_RETRY_DELAY": 300,
    "RECOMMENDATION_RETRY_MAX_AGE": 86400,
    # Open interfaces (wagtail_hyte.api, docs/api.md).
    # Requests per API token (DRF rate: "N/second|minute|hour|day").
    "API_TOKEN_THROTTLE_RATE": "1000/hour",
    # Requests per client address to the public catalogue endpoints.
    "API_PUBLIC_THROTTLE_RATE": "3600/hour",
    # Proxies in front of the site that append to X-Forwarded-For (0: REMOTE_ADDR).
    "API_NUM_PROXIES": 0,
    # The longest lifetime, in days, a coordinator may give an API token.
    "API_TOKEN_MAX_DAYS": 365,
    # Publish each service's referral quota as HSDS 3.1-style ``capacities``
    # (off by default: the catalogue shows the quota to professionals only).
    "HSDS_CAPACITIES": False,
    # The UUID namespace of the HSDS ids ("" = derived from CONTROLLER's
    # business_id); set once, before the catalogue is first published.
    "HSDS_ID_NAMESPACE": "",
}

# Keys whose string values are dotted paths imported on access.
IMPORT_STRINGS: frozenset[str] = frozenset(
    {"PARTNER_SCOPE", "SMS_BACKEND", "PROFESSIONAL_ORGANISATION"}
)

# Dotted paths that moved, per key: (old prefix, new prefix). A setting that
# still names the old place is imported from the new one, and the system check
# hyte.W006 asks the site to update it.
MOVED_IMPORT_PREFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "SMS_BACKEND": (("wagtail_hyte.recommendations.sms.", "wagtail_hyte.core.sms."),),
}

# Keys that must be set (non-empty) when DEBUG is off. See core/checks.py.
REQUIRED_SECRETS: tuple[str, ...] = (
    "KEY_ENCRYPTION_KEYS",
    "CURRENT_KEY_ID",
    "BLIND_INDEX_KEY",
    "CHECKPOINT_SIGNING_KEY",
)


def moved_path(key: str, value: Any) -> str | None:
    """The new dotted path for ``value`` of ``key`` if it names a moved place, else None."""
    if isinstance(value, str):
        for old, new in MOVED_IMPORT_PREFIXES.get(key, ()):
            if value.startswith(old):
                return new + value[len(old) :]
    return None


def _import(value: Any, key: str) -> Any:
    if isinstance(value, str):
        value = moved_path(key, value) or value
        try:
            return import_string(value)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"{SETTINGS_NAME}[{key!r}] = {value!r} could not be imported: {exc}"
            ) from exc
    if isinstance(value, (list, tuple)):
        return [_import(item, key) for item in value]
    return value


class HyteSettings:
    """Lazy, cached view over ``settings.WAGTAIL_HYTE`` merged with ``DEFAULTS``."""

    def __init__(self, defaults=None, import_strings=None):
        self.defaults = defaults if defaults is not None else DEFAULTS
        self.import_strings = import_strings if import_strings is not None else IMPORT_STRINGS
        self._cached: set[str] = set()
        self._user_settings: dict[str, Any] | None = None

    @property
    def user_settings(self) -> dict[str, Any]:
        if self._user_settings is None:
            value = getattr(settings, SETTINGS_NAME, {}) or {}
            if not isinstance(value, dict):
                raise ImproperlyConfigured(f"{SETTINGS_NAME} must be a dict.")
            self._user_settings = value
        return self._user_settings

    def unknown_keys(self) -> list[str]:
        return sorted(set(self.user_settings) - set(self.defaults))

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_") or attr not in self.defaults:
            raise AttributeError(f"Invalid {SETTINGS_NAME} setting: {attr!r}")
        default = self.defaults[attr]
        value = self.user_settings.get(attr, default)
        if isinstance(default, dict) and isinstance(value, dict) and attr != "KEY_ENCRYPTION_KEYS":
            # Nested dicts merge with their defaults, so a site may set one sub-key.
            value = {**default, **value}
        if attr in self.import_strings:
            value = _import(value, attr)
        self._cached.add(attr)
        setattr(self, attr, value)
        return value

    def reload(self) -> None:
        for attr in self._cached:
            delattr(self, attr)
        self._cached.clear()
        self._user_settings = None


hyte_settings = HyteSettings()


def _reload(*, setting, **kwargs):
    if setting == SETTINGS_NAME:
        hyte_settings.reload()


setting_changed.connect(_reload)
