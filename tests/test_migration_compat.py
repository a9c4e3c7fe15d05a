"""HYTE's migrations run on the oldest supported Wagtail (7.4 LTS) too.

``makemigrations`` on the newest Wagtail writes dependencies on its newest
migrations and ``settings.WAGTAIL_PAGE_MODEL`` (a setting only Wagtail 8
defines); either one breaks ``migrate`` for a welfare area on Wagtail 7.4.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wagtail_hyte"

# The newest migration of each Wagtail app in Wagtail 7.4.
WAGTAIL_74_NEWEST = {
    "wagtailcore": 97,
    "wagtailimages": 27,
    "wagtaildocs": 14,
}

MIGRATIONS = sorted(PACKAGE.glob("*/migrations/0*.py"))


def dependencies(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "dependencies" for target in node.targets
        ):
            for item in node.value.elts:
                if isinstance(item, ast.Tuple):  # not swappable_dependency(...)
                    found.append(tuple(ast.literal_eval(item)))
    return found


def test_there_are_migrations():
    assert len(MIGRATIONS) > 10


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_migration_depends_only_on_wagtail_74_migrations(path):
    for app_label, name in dependencies(path):
        if app_label in WAGTAIL_74_NEWEST:
            number = int(name.split("_", 1)[0])
            assert number <= WAGTAIL_74_NEWEST[app_label], (
                f"{path.name} depends on {app_label}.{name}, which Wagtail 7.4 does not "
                "have: depend on an older migration of that app"
            )


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_migration_does_not_require_wagtail_page_model(path):
    text = path.read_text(encoding="utf-8")
    assert "settings.WAGTAIL_PAGE_MODEL" not in text, (
        f"{path.name}: use getattr(settings, 'WAGTAIL_PAGE_MODEL', 'wagtailcore.page'), "
        "Wagtail 7.4 has no such setting"
    )
