"""Headless Chromium (Debian's package) driven by Playwright, plus axe-core.

``page`` is a fresh browser page; ``axe(page)`` runs axe-core's WCAG 2.1 A/AA
rules on it and fails the test on any violation; ``login(page, live_server,
user)`` signs a user in to the Wagtail admin through the login form.
"""

import contextlib
import json
import os
import shutil
import warnings
from pathlib import Path

import pytest

from tests.helpers import unavailable

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        unavailable("Debian's chromium is not installed (scripts/browser_setup.sh)")
    browser = _playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page. It depends on live_server so that it is closed first: the
    database flush after a transactional test must not meet a request the
    browser still has in flight (SQLite reports "table is locked")."""
    context = browser.new_context(
        locale="fi-FI", viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    with contextlib.suppress(Exception):  # closing anyway
        page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()


# True when the page is settled: loaded, fonts ready, Wagtail's w-init controllers
# have added their ready class (the admin's messages fade in only after that),
# and no finite CSS animation or transition is still running. Infinite
# animations (spinners) never finish and are ignored.
SETTLED_JS = """() => {
  if (document.readyState !== 'complete') return false;
  if (document.fonts && document.fonts.status !== 'loaded') return false;
  for (const el of document.querySelectorAll('[data-w-init-ready-class]')) {
    const classes = el.dataset.wInitReadyClass.split(/\\s+/).filter(Boolean);
    if (!classes.every((c) => el.classList.contains(c))) return false;
  }
  const running = document.getAnimations().filter((a) => {
    const timing = a.effect && a.effect.getComputedTiming();
    return a.playState === 'running' && !(timing && timing.iterations === Infinity);
  });
  if (running.length) return false;
  // Settled twice in a row, one frame apart: a transition that a class change
  // has just triggered starts only on the next style recalculation.
  const now = performance.now();
  if (!window.__hyteSettledSince) window.__hyteSettledSince = now;
  return now - window.__hyteSettledSince > 50;
}"""
UNSETTLE_JS = """() => { window.__hyteSettledSince = 0; }"""
RESET_SETTLED_JS = """() => {
  const reset = () => { window.__hyteSettledSince = 0; };
  document.addEventListener('transitionrun', reset, true);
  document.addEventListener('animationstart', reset, true);
}"""
NO_MOTION_CSS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
)


def wait_until_settled(page, timeout=10_000):
    """Wait honestly for the page to settle; only if it never does (a transition
    that keeps restarting), switch motion off with CSS and wait again."""
    page.evaluate(UNSETTLE_JS)
    page.evaluate(RESET_SETTLED_JS)
    try:
        page.wait_for_function(SETTLED_JS, polling="raf", timeout=timeout)
    except Exception:  # Playwright's TimeoutError: fall back to disabling motion
        warnings.warn(f"page never settled, motion switched off by CSS: {page.url}", stacklevel=2)
        page.add_style_tag(content=NO_MOTION_CSS)
        page.evaluate(UNSETTLE_JS)
        page.wait_for_function(SETTLED_JS, polling="raf", timeout=timeout)


def run_axe(page) -> list[dict]:
    wait_until_settled(page)
    if not AXE_JS.exists():
        unavailable("axe-core is not installed (scripts/browser_setup.sh runs npm ci)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [n["target"] for n in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {json.dumps(targets)}")
    return "\n".join(lines)


@pytest.fixture
def axe():
    def check(page):
        violations = run_axe(page)
        assert not violations, f"axe-core violations on {page.url}:\n" + format_violations(
            violations
        )

    return check


@pytest.fixture
def login():
    def do_login(page, live_server, user, password=None):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password or f"pw-{user.username}")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/admin/" in url and "/login/" not in url)

    return do_login
