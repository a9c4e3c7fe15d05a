"""Headless Chromium (Debian's package) driven by Playwright, plus axe-core.

``page`` is a fresh browser page; ``new_page(**context_options)`` makes more
(e.g. ``java_script_enabled=False``); ``axe(page)`` runs axe-core's WCAG 2.1 A/AA
rules on it and fails the test on any violation; ``login(page, live_server,
user)`` signs a user in to the Wagtail admin through the login form.

The live server runs in a thread of this process and shares the test's
in-memory SQLite connection. A request it is still serving when a test ends
(a fetch the page fired after load, a request the closed browser gave up on)
would meet the database flush ("database table is locked", leaving rows for
the next test) or, after pytest-django has blocked the database again, raise
"Database access not allowed" from ``close_old_connections``. So every browser
test ends with: browser contexts closed (no new requests), then
``live_server_requests.wait_idle()`` (every accepted connection served and
shut down, none waiting in the listen queue), and only then the flush.
"""

import json
import os
import select
import shutil
import threading
import time
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


class LiveServerRequests:
    """Counts the connections the live server has accepted and not yet shut
    down (socketserver calls ``shutdown_request`` exactly once for each, after
    the response, ``request_finished`` and Django's connection clean-up), and
    remembers the path each request thread is serving, for error messages."""

    def __init__(self, httpd):
        self.httpd = httpd
        self.active = 0
        self.paths = {}
        self.lock = threading.Lock()
        get_request, shutdown_request = httpd.get_request, httpd.shutdown_request

        def counted_get_request():
            # Counted before accept(): once the connection has left the listen
            # queue it is already counted (see wait_idle).
            with self.lock:
                self.active += 1
            try:
                return get_request()
            except BaseException:
                self._done()
                raise

        def counted_shutdown_request(request):
            try:
                shutdown_request(request)
            finally:
                self._done()

        httpd.get_request = counted_get_request
        httpd.shutdown_request = counted_shutdown_request

    def _done(self):
        with self.lock:
            self.active -= 1
            self.paths.pop(threading.get_ident(), None)

    def started(self, sender, environ, **kwargs):
        with self.lock:
            self.paths[threading.get_ident()] = environ.get("PATH_INFO", "?")

    def queued(self) -> bool:
        readable, _, _ = select.select([self.httpd.socket], [], [], 0)
        return bool(readable)

    def wait_idle(self, timeout=60.0):
        """Return once no connection is being served or waiting to be accepted."""
        deadline = time.monotonic() + timeout
        while True:
            # The queue first, then the count: a connection accepted in between
            # was counted before it left the queue.
            queued = self.queued()
            with self.lock:
                active, paths = self.active, sorted(self.paths.values())
            if not queued and active == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the live server is still serving {active} connection(s) "
                    f"{paths} after {timeout:.0f}s (queued: {queued})"
                )
            time.sleep(0.01)


@pytest.fixture(scope="session")
def live_server_requests(live_server):
    from django.core.signals import request_started

    live_server.thread.is_ready.wait()
    tracker = LiveServerRequests(live_server.thread.httpd)
    request_started.connect(tracker.started, weak=False)
    yield tracker
    request_started.disconnect(tracker.started)


@pytest.fixture(autouse=True)
def _live_server_idle(request):
    """Around every test that uses the live server: no request left over from
    before, and none still running when the fixtures torn down after this one
    (pytest-django's transactional_db: flush, then block the database) run.
    Autouse fixtures of this conftest are set up after pytest-django's, so
    this one is torn down before them, and after ``page`` and ``new_page``."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    tracker = request.getfixturevalue("live_server_requests")
    tracker.wait_idle()
    yield
    tracker.wait_idle()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(**context_options)``: a page in a browser context of its own
    (Finnish locale, 1280x900, reduced motion unless overridden). Every context
    is closed at teardown, before the live server is drained (``_live_server_idle``)."""
    contexts = []

    def make(**options):
        context = browser.new_context(
            **{
                "locale": "fi-FI",
                "viewport": {"width": 1280, "height": 900},
                "reduced_motion": "reduce",
                **options,
            }
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A fresh page (see ``new_page``)."""
    return new_page()


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


@pytest.fixture
def journey(home_page, municipalities, make_partner, make_user):
    """A partner with an active agreement (quota 3), its activity in a catalogue, a
    consent notice, a professional and the partner's staff member."""
    from datetime import timedelta

    from wagtail_hyte.activities.models import ActivityIndexPage, ActivityPage
    from wagtail_hyte.agreements import services as agreement_services
    from wagtail_hyte.agreements.models import PartnerAgreement
    from wagtail_hyte.core.periods import local_date
    from wagtail_hyte.ledger.models import ConsentNotice

    partner = make_partner(name="Polku ry")
    agreement = PartnerAgreement.objects.create(
        partner=partner,
        reference_number="JOURNEY-1",
        title="Polun sopimus",
        valid_from=local_date() - timedelta(days=10),
        valid_to=local_date() + timedelta(days=300),
        quota=3,
        contact_days=5,
        notification_emails="polku@example.invalid",
    )
    agreement_services.activate(agreement, reason="test")
    index = ActivityIndexPage.objects.first() or home_page.add_child(
        instance=ActivityIndexPage(title="Tarjotin", slug="tarjotin")
    )
    activity = ActivityPage(
        title="Metsäkävely",
        slug="metsakavely",
        organiser=partner,
        summary="Kävelemme yhdessä metsässä.",
    )
    index.add_child(instance=activity)
    activity.save_revision().publish()
    ConsentNotice.objects.get_or_create(
        key="referral",
        version=1,
        language="fi",
        defaults={"title": "Suostumus", "text": "Yhteystietosi välitetään toimijalle."},
    )
    return {
        "activity": activity,
        "index": index,
        "professional": make_user("professional"),
        "staff": make_user("partner_staff", partner=partner),
    }
