"""The apps each wagtail_hyte app needs in ``INSTALLED_APPS``.

A wagtail_hyte app installed without an app it needs would otherwise fail
with Django's own errors, far from the cause: ``RuntimeError: Model class ...
isn't in an application in INSTALLED_APPS`` while the models load (referrals
without ledger), ``fields.E300`` (partners without wagtail.images), an
``AttributeError`` deep in a form field (anything without core), or only at
run time (no simple_history, no wagtail.snippets). Instead start-up stops with

    ImproperlyConfigured: wagtail_hyte.referrals needs 'wagtail_hyte.ledger' in INSTALLED_APPS.

This is not a system check (and has no check id): the failures above happen
while Django loads the models, before any check can run. Every wagtail_hyte
AppConfig calls :func:`require_dependencies` first thing in
``import_models()``, which Django calls once every app config exists and
before any models module is imported (``ready()`` would be too late). Each
call checks every installed wagtail_hyte app, so the first one to load names
everything that is missing.

The table lists what the code uses: hyte apps through model relations and
imports, Django and Wagtail apps
through models, blocks, snippets and history. No ``wagtail.contrib`` app is
needed: the catalogue's index page uses ``RoutablePageMixin``, which works
without ``wagtail.contrib.routable_page`` installed (its template tags are
not used).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

# app -> (hyte apps it needs, Django/Wagtail apps it needs)
DEPENDENCIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "wagtail_hyte.core": (
        (),
        ("wagtail", "wagtail.admin", "django.contrib.auth", "django.contrib.contenttypes"),
    ),
    "wagtail_hyte.partners": (
        ("wagtail_hyte.core",),
        # Partner.logo -> wagtailimages.Image; snippets; search index; history.
        ("wagtail.images", "wagtail.snippets", "wagtail.search", "simple_history"),
    ),
    "wagtail_hyte.activities": (
        ("wagtail_hyte.partners",),
        # Page body blocks (image, document, embed); taxonomy snippets; search.
        (
            "wagtail.images",
            "wagtail.documents",
            "wagtail.embeds",
            "wagtail.snippets",
            "wagtail.search",
        ),
    ),
    "wagtail_hyte.agreements": (
        ("wagtail_hyte.activities",),
        # Signed agreement -> wagtaildocs.Document; snippet views; history.
        ("wagtail.documents", "wagtail.snippets", "simple_history"),
    ),
    "wagtail_hyte.recommendations": (
        ("wagtail_hyte.activities",),
        ("wagtail.snippets",),
    ),
    "wagtail_hyte.referrals": (
        ("wagtail_hyte.agreements", "wagtail_hyte.ledger"),
        (),
    ),
    "wagtail_hyte.ledger": (
        ("wagtail_hyte.partners",),
        # Consent notices are snippets with history.
        ("wagtail.snippets", "simple_history"),
    ),
    "wagtail_hyte.followup": (
        # Reads the figures of every other app.
        (
            "wagtail_hyte.agreements",
            "wagtail_hyte.referrals",
            "wagtail_hyte.recommendations",
            "wagtail_hyte.metrics",
        ),
        (),
    ),
    "wagtail_hyte.api": (
        # Calls the services and access functions of the referral model; the
        # follow-up figures are served only where wagtail_hyte.followup is installed.
        ("wagtail_hyte.referrals", "wagtail_hyte.recommendations"),
        ("rest_framework",),
    ),
    "wagtail_hyte.accounts": (
        # Ledgers removed second factors and roles from the identity provider;
        # the second factor is django-otp's TOTP and static (recovery) devices.
        ("wagtail_hyte.ledger",),
        ("django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"),
    ),
    "wagtail_hyte.metrics": (
        # Daily counts per activity page.
        ("wagtail_hyte.activities",),
        (),
    ),
}


def direct_needs(app: str) -> list[str]:
    """The apps ``app`` itself needs: hyte apps first, then Django/Wagtail apps."""
    hyte, others = DEPENDENCIES.get(app, ((), ()))
    return [*hyte, *others]


def missing_dependencies(installed: list[str]) -> list[tuple[str, str | None, list[str]]]:
    """``[(hyte app, needed by, [missing apps])]`` for the apps in ``installed``.

    Each installed hyte app comes with the apps it needs directly that are not
    installed (``needed by`` None). A missing hyte app comes after, with what it
    would need in turn (``needed by``: the app that needs it), so a single run
    names everything.
    """
    present = set(installed)
    queue: list[tuple[str, str | None]] = [(app, None) for app in installed if app in DEPENDENCIES]
    seen = {app for app, _ in queue}
    problems = []
    for app, needed_by in queue:
        missing = [name for name in direct_needs(app) if name not in present]
        if missing:
            problems.append((app, needed_by, missing))
        for name in missing:
            if name in DEPENDENCIES and name not in seen:
                seen.add(name)
                queue.append((name, app))
    return problems


def dependency_message(problems: list[tuple[str, str | None, list[str]]]) -> str:
    sentences = []
    for app, needed_by, missing in problems:
        subject = app if needed_by is None else f"{app} (which {needed_by} needs)"
        names = ", ".join(repr(name) for name in missing)
        sentences.append(f"{subject} needs {names} in INSTALLED_APPS.")
    return " ".join(sentences) + " See docs/installation.md, step 2."


def require_dependencies(app_config) -> None:
    """Raise ImproperlyConfigured naming every app a wagtail_hyte app is missing.

    Call it from a wagtail_hyte ``AppConfig.import_models()``, before
    ``super().import_models()``: the app registry knows every app by then.
    """
    installed = [config.name for config in app_config.apps.get_app_configs()]
    problems = missing_dependencies(installed)
    if problems:
        raise ImproperlyConfigured(dependency_message(problems))
