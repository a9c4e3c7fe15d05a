"""The apps' dependencies point one way (docs/architecture.md, "Apps and their
dependencies"). A new import, or a model reference by label, against that
direction fails here: either the code moves, or the design document and
``ALLOWED`` change together, in review.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wagtail_hyte"

# app -> the apps it may use. Keep in step with docs/architecture.md.
ALLOWED = {
    "core": set(),
    "partners": {"core"},
    "activities": {"core", "partners"},
    "agreements": {"core", "partners", "activities"},
    "ledger": {"core", "partners"},
    "recommendations": {"core", "activities", "agreements"},
    "referrals": {"core", "partners", "activities", "agreements", "ledger"},
    "metrics": {"core", "activities"},
    "accounts": {"core", "partners", "ledger"},
    "followup": {
        "core",
        "partners",
        "activities",
        "agreements",
        "referrals",
        "recommendations",
        "metrics",
    },
    "api": {
        "core",
        "partners",
        "activities",
        "agreements",
        "ledger",
        "referrals",
        "recommendations",
        "metrics",
        "followup",
    },
}

# "wagtail_hyte_<app>.Model" in a ForeignKey or apps.get_model() call.
MODEL_LABEL = re.compile(r"""["']wagtail_hyte_(\w+?)\.\w+["']""")


def _apps():
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists())


def _imported_apps(path: Path, app: str, package: Path = PACKAGE) -> dict[str, int]:
    """The other hyte apps ``path`` uses, with the first line that does."""
    found: dict[str, int] = {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = path.relative_to(package).parts
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                modules = [node.module or ""]
            else:
                base = parts[: len(parts) - node.level]
                modules = [".".join(("wagtail_hyte", *base, node.module or ""))]
        for module in modules:
            bits = module.split(".")
            if bits[0] == "wagtail_hyte" and len(bits) > 1 and bits[1] != app and bits[1]:
                found.setdefault(bits[1], node.lineno)
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for other in MODEL_LABEL.findall(line):
            if other != app:
                found.setdefault(other, lineno)
    return found


def test_every_app_is_in_the_design():
    assert set(_apps()) == set(ALLOWED), "add the new app to ALLOWED and docs/architecture.md"


def test_the_allowed_graph_has_no_cycles():
    state: dict[str, str] = {}

    def visit(app, trail):
        if state.get(app) == "done":
            return
        assert state.get(app) != "visiting", " -> ".join([*trail, app])
        state[app] = "visiting"
        for other in ALLOWED[app]:
            visit(other, [*trail, app])
        state[app] = "done"

    for app in ALLOWED:
        visit(app, [])


@pytest.mark.parametrize("app", _apps())
def test_imports_follow_the_dependency_direction(app):
    wrong = defaultdict(list)
    for path in sorted((PACKAGE / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # migration dependencies follow the models, checked by Django
        for other, lineno in _imported_apps(path, app).items():
            if other not in ALLOWED[app]:
                wrong[other].append(f"{path.relative_to(PACKAGE.parent)}:{lineno}")
    assert not wrong, f"{app} must not use {dict(wrong)} (see docs/architecture.md)"


def test_the_scanner_sees_relative_and_label_references(tmp_path):
    """The check itself can fail: a relative import and a model label are found."""
    fake = tmp_path / "wagtail_hyte"
    (fake / "ledger").mkdir(parents=True)
    module = fake / "ledger" / "bad.py"
    module.write_text(
        "from ..referrals.models import Referral\n"
        "target = 'wagtail_hyte_referrals.Referral'\n"
        "from wagtail_hyte.core import conf\n"
        "from . import chain\n",
        encoding="utf-8",
    )
    assert _imported_apps(module, "ledger", package=fake) == {"referrals": 1, "core": 3}
