"""A wagtail_hyte app installed without the apps it needs stops start-up by name."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from tests.test_minimal_settings import make_minimal_project
from wagtail_hyte.core.dependencies import (
    DEPENDENCIES,
    dependency_message,
    missing_dependencies,
    require_dependencies,
)

ROOT = Path(__file__).resolve().parents[2]
HYTE_APPS = [
    "wagtail_hyte.core",
    "wagtail_hyte.accounts",
    "wagtail_hyte.partners",
    "wagtail_hyte.activities",
    "wagtail_hyte.agreements",
    "wagtail_hyte.recommendations",
    "wagtail_hyte.referrals",
    "wagtail_hyte.ledger",
    "wagtail_hyte.metrics",
    "wagtail_hyte.followup",
    "wagtail_hyte.api",
]


def installed_without(*names):
    return [config.name for config in apps.get_app_configs() if config.name not in names]


def test_the_example_site_has_everything():
    assert missing_dependencies(installed_without()) == []
    require_dependencies(apps.get_app_config("wagtail_hyte_core"))


def test_every_hyte_app_is_in_the_table():
    assert sorted(DEPENDENCIES) == sorted(HYTE_APPS)


def test_the_documented_hyte_dependencies():
    hyte = {app: set(needs[0]) for app, needs in DEPENDENCIES.items()}
    assert hyte == {
        "wagtail_hyte.core": set(),
        "wagtail_hyte.partners": {"wagtail_hyte.core"},
        "wagtail_hyte.activities": {"wagtail_hyte.partners"},
        "wagtail_hyte.agreements": {"wagtail_hyte.activities"},
        "wagtail_hyte.recommendations": {"wagtail_hyte.activities"},
        "wagtail_hyte.referrals": {"wagtail_hyte.agreements", "wagtail_hyte.ledger"},
        "wagtail_hyte.ledger": {"wagtail_hyte.partners"},
        "wagtail_hyte.metrics": {"wagtail_hyte.activities"},
        "wagtail_hyte.followup": {
            "wagtail_hyte.agreements",
            "wagtail_hyte.referrals",
            "wagtail_hyte.recommendations",
            "wagtail_hyte.metrics",
        },
        "wagtail_hyte.api": {"wagtail_hyte.referrals", "wagtail_hyte.recommendations"},
        "wagtail_hyte.accounts": {"wagtail_hyte.ledger"},
    }


def _imported_hyte_apps(app):
    """The other hyte apps whose modules ``app``'s code imports at module level."""
    found = set()
    for path in (ROOT / app.replace(".", "/")).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wagtail_hyte."):
                found.add(".".join(node.module.split(".")[:2]))
    return found - {app}


# Packages of an app that are loaded only when an optional app is installed:
# the API's follow-up endpoints (their URLs are included only with followup).
OPTIONAL = {"wagtail_hyte.api": {"wagtail_hyte.followup": "api/v1/followup"}}


@pytest.mark.parametrize("app", HYTE_APPS)
def test_the_table_covers_every_module_level_import(app):
    # Each hyte app a module imports at the top is needed, directly or through
    # another need (referrals imports partners, which agreements needs).
    def closure(name):
        result = set(DEPENDENCIES[name][0])
        for dependency in DEPENDENCIES[name][0]:
            result |= closure(dependency)
        return result

    optional = OPTIONAL.get(app, {})
    assert _imported_hyte_apps(app) - set(optional) <= closure(app)
    for other, package in optional.items():
        # Only that package imports the optional app at module level.
        users = {
            path.parent.relative_to(ROOT / "wagtail_hyte").as_posix()
            for path in (ROOT / app.replace(".", "/")).rglob("*.py")
            if any(
                isinstance(node, ast.ImportFrom) and (node.module or "").startswith(other)
                for node in ast.parse(path.read_text(encoding="utf-8")).body
            )
        }
        assert users <= {package}, users


def test_one_missing_app_is_named_for_the_apps_that_need_it():
    problems = missing_dependencies(installed_without("wagtail_hyte.ledger"))
    assert sorted(problems) == [
        ("wagtail_hyte.accounts", None, ["wagtail_hyte.ledger"]),
        ("wagtail_hyte.referrals", None, ["wagtail_hyte.ledger"]),
    ]
    referrals = [problem for problem in problems if problem[0] == "wagtail_hyte.referrals"]
    assert dependency_message(referrals) == (
        "wagtail_hyte.referrals needs 'wagtail_hyte.ledger' in INSTALLED_APPS. "
        "See docs/installation.md, step 2."
    )


def test_django_and_wagtail_apps_are_named():
    problems = missing_dependencies(installed_without("simple_history", "wagtail.documents"))
    assert problems == [
        ("wagtail_hyte.partners", None, ["simple_history"]),
        ("wagtail_hyte.activities", None, ["wagtail.documents"]),
        ("wagtail_hyte.agreements", None, ["wagtail.documents", "simple_history"]),
        ("wagtail_hyte.ledger", None, ["simple_history"]),
    ]


def test_what_a_missing_hyte_app_needs_is_named_in_the_same_run():
    problems = missing_dependencies(
        ["wagtail_hyte.activities", "wagtail.images", "wagtail.documents", "wagtail.embeds"]
    )
    message = dependency_message(problems)
    assert "wagtail_hyte.activities needs 'wagtail_hyte.partners', 'wagtail.snippets'" in message
    assert (
        "wagtail_hyte.partners (which wagtail_hyte.activities needs) needs 'wagtail_hyte.core'"
        in message
    )
    assert "wagtail_hyte.core (which wagtail_hyte.partners needs) needs 'wagtail'" in message


def test_require_dependencies_raises_improperly_configured():
    class Registry:
        def get_app_configs(self):
            return [type("C", (), {"name": "wagtail_hyte.metrics"})()]

    config = type("C", (), {"apps": Registry()})()
    with pytest.raises(ImproperlyConfigured, match="wagtail_hyte.metrics needs 'wagtail_hyte"):
        require_dependencies(config)


@pytest.fixture
def project(tmp_path):
    run = make_minimal_project(
        tmp_path,
        "\nINSTALLED_APPS = [a for a in INSTALLED_APPS if a not in os.environ['DROP'].split()]\n",
    )
    return lambda drop, *args: run(*args, DROP=drop)


@pytest.mark.parametrize(
    ("drop", "expected"),
    [
        # Django would fail with "Model class ... isn't in an application in INSTALLED_APPS".
        (
            "wagtail_hyte.ledger",
            "wagtail_hyte.referrals needs 'wagtail_hyte.ledger' in INSTALLED_APPS.",
        ),
        # ... with an AttributeError deep in a form field.
        ("wagtail_hyte.core", "wagtail_hyte.partners needs 'wagtail_hyte.core' in INSTALLED_APPS."),
        # ... with fields.E300 (Partner.logo), or only at run time.
        ("wagtail.images", "wagtail_hyte.partners needs 'wagtail.images'"),
        ("simple_history", "wagtail_hyte.partners needs 'simple_history' in INSTALLED_APPS."),
    ],
)
def test_start_up_stops_with_the_named_app(project, drop, expected):
    result = project(drop, "check")
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert expected in last


def test_unmigrated_database_check_passes_the_site_check(project):
    # The database checks (hyte.W005) tolerate a database without tables.
    result = project("", "check", "--database", "default")
    assert result.returncode == 0, result.stderr
    assert "hyte.W005" not in result.stderr + result.stdout
