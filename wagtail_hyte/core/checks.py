"""Django system checks for the ``WAGTAIL_HYTE`` settings and the host site.

IDs:
- hyte.E001  a required secret is missing while DEBUG is off
- hyte.E002  a secret key is malformed (including a malformed KEY_ENCRYPTION_KEYS string)
- hyte.E003  CURRENT_KEY_ID does not name a key in KEY_ENCRYPTION_KEYS
- hyte.E004  the controller (welfare area) is not named while DEBUG is off
- hyte.E005  published development keys are in use while DEBUG is off
- hyte.E006  the host site's base template (BASE_TEMPLATE) does not load
- hyte.W001  published development keys are in use (DEBUG on)
- hyte.W002  a required secret is missing (DEBUG on: personal-data features will fail)
- hyte.W003  unknown keys in WAGTAIL_HYTE (probably a typo)
- hyte.W004  DEBUG off and WAGTAILADMIN_BASE_URL unset or a development host: the
             links in referral emails to partners and professionals are built from it
- hyte.W005  DEBUG off and the default Wagtail Site's hostname is a development host:
             the activity links in recommendation messages, emails and QR codes are
             built from it (a database check: ``manage.py check --database default``)
- hyte.W006  a dotted-path setting names a place that has moved (e.g. SMS_BACKEND
             under wagtail_hyte.recommendations.sms): it is read from the new place
- hyte.W007  Wagtail's admin loads staff avatars from an outside service (Gravatar by
             default): every admin page sends a hash of each shown staff member's email
             to a third party outside the EU. Set WAGTAIL_GRAVATAR_PROVIDER_URL = None
- hyte.E007  PERSONAL_DATA_SESSION_AGE is still set: it was replaced by SESSION_LIMITS
- hyte.E008  SESSION_LIMITS is malformed: an unknown role key or kind of limit, or a
             limit that is not a positive number of seconds (or None)
- hyte.E009  REAUTHENTICATE_AFTER is not a positive number of seconds (or None)
- hyte.W008  REAUTHENTICATE_AFTER is set but the re-authentication page
             (wagtail_hyte.accounts.urls) is not mounted: staff must sign out and in
             again to see contact details

Every check that finds keys missing, malformed or published recommends
``manage.py hyte_generate_keys``. A wagtail_hyte app installed without the apps
it needs is not a check: it stops start-up (see core/dependencies.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError, router
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

from .conf import (
    MOVED_IMPORT_PREFIXES,
    REQUIRED_SECRETS,
    SETTINGS_NAME,
    hyte_settings,
    moved_path,
)
from .keyformat import (
    KeyFormatError,
    decode_key,
    is_published_development_key,
    parse_keyring,
)

GENERATE_HINT = (
    "Run 'manage.py hyte_generate_keys' and put the HYTE_* lines it prints in the "
    "service's environment or secrets store (docs/key-management.md)."
)


def _keyring_setting():
    """``(keys dict, problem)``: the parsed KEY_ENCRYPTION_KEYS or why it cannot be read."""
    try:
        return parse_keyring(hyte_settings.KEY_ENCRYPTION_KEYS), None
    except KeyFormatError as exc:
        return {}, str(exc)


def _is_set(name, keks, keks_problem):
    if name == "KEY_ENCRYPTION_KEYS":
        return bool(keks) or keks_problem is not None
    value = getattr(hyte_settings, name)
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def _secret_keys(keks):
    """Yield (label, value, min_bytes, max_bytes) for every configured secret key."""
    for key_id, value in keks.items():
        yield f"KEY_ENCRYPTION_KEYS[{key_id!r}]", value, 32, 32
    if hyte_settings.BLIND_INDEX_KEY:
        yield "BLIND_INDEX_KEY", hyte_settings.BLIND_INDEX_KEY, 32, None
    if hyte_settings.CHECKPOINT_SIGNING_KEY:
        yield "CHECKPOINT_SIGNING_KEY", hyte_settings.CHECKPOINT_SIGNING_KEY, 32, 32


@register(Tags.security, deploy=False)
def check_secrets(app_configs=None, **kwargs):
    messages = []
    debug = settings.DEBUG
    keks, keks_problem = _keyring_setting()
    for name in REQUIRED_SECRETS:
        if not _is_set(name, keks, keks_problem):
            if debug:
                messages.append(
                    Warning(
                        f"{SETTINGS_NAME}[{name!r}] is not set; consent and referral "
                        "features cannot store personal data.",
                        hint=GENERATE_HINT,
                        id="hyte.W002",
                    )
                )
            else:
                messages.append(
                    Error(
                        f"{SETTINGS_NAME}[{name!r}] must be set when DEBUG is off.",
                        hint=GENERATE_HINT,
                        id="hyte.E001",
                    )
                )
    if keks_problem:
        messages.append(
            Error(
                f"{SETTINGS_NAME}['KEY_ENCRYPTION_KEYS'] is malformed: {keks_problem}.",
                hint="Write it as a dict {key id: base64} or as the string "
                "'id:base64[,id:base64...]'. " + GENERATE_HINT,
                id="hyte.E002",
            )
        )
    current = hyte_settings.CURRENT_KEY_ID
    if current and keks and current not in keks:
        messages.append(
            Error(
                f"{SETTINGS_NAME}['CURRENT_KEY_ID'] = {current!r} is not a key in "
                "KEY_ENCRYPTION_KEYS (configured key ids: "
                + ", ".join(repr(key_id) for key_id in keks)
                + ").",
                hint="Set CURRENT_KEY_ID to one of the configured key ids, or run "
                "'manage.py hyte_generate_keys' for a matching pair of HYTE_* lines.",
                id="hyte.E003",
            )
        )
    published = []
    for label, value, min_bytes, max_bytes in _secret_keys(keks):
        try:
            raw = decode_key(value, min_bytes=min_bytes, max_bytes=max_bytes)
        except KeyFormatError as exc:
            messages.append(
                Error(
                    f"{SETTINGS_NAME}[{label}] is malformed: {exc}.",
                    hint=GENERATE_HINT,
                    id="hyte.E002",
                )
            )
            continue
        if is_published_development_key(raw):
            published.append(label)
    if published:
        text = (
            "Published development keys are in use: "
            + ", ".join(published)
            + ". Anyone can decrypt data or forge checkpoints made with them."
        )
        hint = "Generate your own keys with 'manage.py hyte_generate_keys'."
        if debug:
            messages.append(Warning(text, hint=hint, id="hyte.W001"))
        else:
            messages.append(Error(text, hint=hint, id="hyte.E005"))
    if not debug and not (hyte_settings.CONTROLLER or {}).get("name"):
        messages.append(
            Error(
                f"{SETTINGS_NAME}['CONTROLLER']['name'] must name the data controller "
                "(the welfare area) when DEBUG is off.",
                hint="Consent records and privacy notices must name the controller.",
                id="hyte.E004",
            )
        )
    unknown = hyte_settings.unknown_keys()
    if unknown:
        messages.append(
            Warning(
                f"Unknown keys in {SETTINGS_NAME}: {', '.join(unknown)}.",
                hint="See docs/configuration.md for the accepted keys.",
                id="hyte.W003",
            )
        )
    return messages


@register(Tags.compatibility)
def check_moved_paths(app_configs=None, **kwargs):
    """Dotted-path settings that still name a moved module work, with a warning."""
    messages = []
    for key in sorted(MOVED_IMPORT_PREFIXES):
        value = hyte_settings.user_settings.get(key)
        new = moved_path(key, value)
        if new:
            messages.append(
                Warning(
                    f"{SETTINGS_NAME}[{key!r}] = {value!r} names a module that has moved; "
                    f"it is read as {new!r}.",
                    hint=f"Set {SETTINGS_NAME}[{key!r}] = {new!r}: the old path will stop "
                    "working in a later release.",
                    id="hyte.W006",
                )
            )
    return messages


@register(Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    """The host site's base template, which the catalogue pages extend, loads."""
    name = hyte_settings.BASE_TEMPLATE
    label = f"{SETTINGS_NAME}['BASE_TEMPLATE'] = {name!r}"
    hint = (
        "Point BASE_TEMPLATE at your site's base template (it must define the blocks "
        "title, extra_css, content and extra_js), or create that template in a "
        "directory of TEMPLATES['DIRS'] or an app's templates/ (docs/activities.md)."
    )
    if not isinstance(name, str) or not name.strip():
        return [Error(f"{label} must name a template.", hint=hint, id="hyte.E006")]
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return [
            Error(
                f"{label} cannot be loaded: TemplateDoesNotExist (no template loader in "
                "TEMPLATES finds it).",
                hint=hint,
                id="hyte.E006",
            )
        ]
    except TemplateSyntaxError as exc:
        return [
            Error(
                f"{label} cannot be loaded: TemplateSyntaxError: {exc}",
                hint="Fix the template's syntax; the catalogue pages extend it.",
                id="hyte.E006",
            )
        ]
    return []


# Hosts that serve nobody but the developer, or are reserved for documentation.
DEVELOPMENT_HOSTS = frozenset(
    {"localhost", "127.0.0.1", "::1", "example.com", "example.org", "example.net"}
)
DEVELOPMENT_HOST_SUFFIXES = (
    ".localhost",
    ".example",
    ".example.com",
    ".example.org",
    ".example.net",
)


def is_development_host(host: str | None) -> bool:
    """Whether links to ``host`` would reach nobody but a developer (or nobody)."""
    host = (host or "").strip().lower().rstrip(".").strip("[]")
    return (
        not host
        or host in DEVELOPMENT_HOSTS
        or host.endswith(DEVELOPMENT_HOST_SUFFIXES)
        or host.startswith("127.")
    )


@register(Tags.security)
def check_base_url(app_configs=None, **kwargs):
    """WAGTAILADMIN_BASE_URL must name the real site when DEBUG is off."""
    if settings.DEBUG:
        return []
    value = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    uses = (
        "The links in the referral emails to partners and professionals (new referral, "
        "outcome, overdue reminders) and Wagtail's own admin emails are built from it"
    )
    hint = (
        "Set WAGTAILADMIN_BASE_URL to the address your staff and partners use, "
        "e.g. 'https://hyte.example-hva.fi' (the example site reads the environment "
        "variable WAGTAILADMIN_BASE_URL)."
    )
    if not value.strip():
        problem = "WAGTAILADMIN_BASE_URL is not set while DEBUG is off"
    else:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problem = f"WAGTAILADMIN_BASE_URL = {value!r} is not an absolute http(s) URL"
        elif is_development_host(parts.hostname):
            problem = (
                f"WAGTAILADMIN_BASE_URL = {value!r} points at a development host while DEBUG is off"
            )
        else:
            return []
    return [Warning(f"{problem}. {uses}, so they would not work.", hint=hint, id="hyte.W004")]


@register(Tags.security)
def check_avatar_service(app_configs=None, **kwargs):
    """Wagtail's admin must not fetch avatars from an outside service."""
    default = "//www.gravatar.com/avatar"  # Wagtail's default when the setting is absent
    value = getattr(settings, "WAGTAIL_GRAVATAR_PROVIDER_URL", default)
    if not value:
        return []
    return [
        Warning(
            f"Wagtail's admin loads staff avatars from {value!r}: every admin page sends a "
            "hash of each shown staff member's email address to that service, and the "
            "browser of every staff member contacts it.",
            hint="Set WAGTAIL_GRAVATAR_PROVIDER_URL = None (Wagtail then shows initials "
            "and uploaded avatars only; docs/installation.md).",
            id="hyte.W007",
        )
    ]


@register(Tags.database)
def check_default_site(app_configs=None, databases=None, **kwargs):
    """The default Wagtail Site's hostname must be the real site when DEBUG is off.

    Runs only with ``manage.py check --database <alias>``; an unmigrated
    database (no Site table yet) gives no message.
    """
    if settings.DEBUG or not databases:
        return []
    from wagtail.models import Site

    alias = router.db_for_read(Site)
    if alias not in databases:
        return []
    try:
        site = (
            Site.objects.using(alias)
            .filter(is_default_site=True)
            .values("hostname", "port")
            .first()
        )
    except DatabaseError:
        return []
    if site is None or not is_development_host(site["hostname"]):
        return []
    return [
        Warning(
            f"The default Wagtail Site's hostname is {site['hostname']!r}, a development "
            "host, while DEBUG is off. The activity links in recommendation text "
            "messages, emails and QR codes (Page.get_full_url) are built from it, so "
            "clients would get links that do not work.",
            hint="In the Wagtail admin, Settings → Sites: set the default site's hostname "
            "to your public host (and port 443 for https links).",
            id="hyte.W005",
        )
    ]


# --- Sessions and re-authentication (core/sessions.py, core/reauth.py) --------


def _positive_seconds(value) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value > 0
        and value != float("inf")
    )


@register(Tags.security)
def check_session_limits(app_configs=None, **kwargs):
    """SESSION_LIMITS holds known roles and positive limits; the setting it
    replaced is gone; REAUTHENTICATE_AFTER is a positive number or None."""
    from .sessions import LIMIT_KINDS, LIMIT_ROLES

    messages = []
    user_settings = hyte_settings.user_settings
    if "PERSONAL_DATA_SESSION_AGE" in user_settings:
        messages.append(
            Error(
                f"{SETTINGS_NAME}['PERSONAL_DATA_SESSION_AGE'] is no longer read: the "
                "sessions of every role are limited by SESSION_LIMITS.",
                hint="Remove PERSONAL_DATA_SESSION_AGE and, if the defaults do not suit "
                "you, set SESSION_LIMITS = {role: {'idle': seconds, 'absolute': seconds}} "
                "(docs/sign-in.md#sessions).",
                id="hyte.E007",
            )
        )
    limits = user_settings.get("SESSION_LIMITS", {})
    label = f"{SETTINGS_NAME}['SESSION_LIMITS']"
    hint = (
        "Roles: " + ", ".join(LIMIT_ROLES) + "; each {'idle': seconds, 'absolute': "
        "seconds}, a positive number or None (no limit of that kind)."
    )
    if not isinstance(limits, dict):
        messages.append(Error(f"{label} must be a dict.", hint=hint, id="hyte.E008"))
        limits = {}
    for role, value in limits.items():
        if role not in LIMIT_ROLES:
            messages.append(
                Error(f"{label} has an unknown role {role!r}.", hint=hint, id="hyte.E008")
            )
            continue
        if value is None:
            continue
        if not isinstance(value, dict):
            messages.append(
                Error(f"{label}[{role!r}] must be a dict or None.", hint=hint, id="hyte.E008")
            )
            continue
        for kind, seconds in value.items():
            if kind not in LIMIT_KINDS:
                messages.append(
                    Error(
                        f"{label}[{role!r}] has an unknown limit {kind!r}.",
                        hint=hint,
                        id="hyte.E008",
                    )
                )
            elif seconds is not None and not _positive_seconds(seconds):
                messages.append(
                    Error(
                        f"{label}[{role!r}][{kind!r}] = {seconds!r} is not a positive "
                        "number of seconds.",
                        hint=hint,
                        id="hyte.E008",
                    )
                )
    after = user_settings.get("REAUTHENTICATE_AFTER", 0)
    if (
        "REAUTHENTICATE_AFTER" in user_settings
        and after is not None
        and not _positive_seconds(after)
    ):
        messages.append(
            Error(
                f"{SETTINGS_NAME}['REAUTHENTICATE_AFTER'] = {after!r} is not a positive "
                "number of seconds.",
                hint="Set the seconds a sign-in proves who the user is before contact "
                "details are shown (default 900), or None to turn the check off.",
                id="hyte.E009",
            )
        )
    return messages


@register(Tags.urls)
def check_reauthentication_page(app_configs=None, **kwargs):
    """Re-authentication is asked for, and the page that does it is mounted."""
    from django.urls import NoReverseMatch, reverse

    from .reauth import REAUTHENTICATE_URL_NAME

    if hyte_settings.REAUTHENTICATE_AFTER is None:
        return []
    try:
        reverse(REAUTHENTICATE_URL_NAME)
    except NoReverseMatch:
        return [
            Warning(
                f"{SETTINGS_NAME}['REAUTHENTICATE_AFTER'] asks for a recent sign-in before "
                "a client's contact details are shown, but the re-authentication page "
                f"({REAUTHENTICATE_URL_NAME!r}) is not mounted: staff would have to sign "
                "out and sign in again to see them.",
                hint="Install wagtail_hyte.accounts and add path('admin/hyte-sign-in/', "
                "include('wagtail_hyte.accounts.urls')) before Wagtail's admin URLs "
                "(docs/installation.md), or set REAUTHENTICATE_AFTER = None.",
                id="hyte.W008",
            )
        ]
    return []
