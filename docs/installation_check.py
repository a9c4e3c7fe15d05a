"""Follow docs/installation.md against the built package (``make test-package``).

Builds the wheel and sdist and checks they hold every file of ``wagtail_hyte/``,
installs the wheel (not editable) into a clean virtualenv, runs ``wagtail start
mysite``, and then follows the guide's five steps with exactly its code blocks
marked ``<!-- install-check: pip|settings|urls|keys|shell -->``:

1. pip: the ``pip`` block, with the wheel built here;
2. settings: the ``settings`` block, appended to the new site's ``base.py``, and
   the ``urls`` block, appended to its ``urls.py``;
3. keys: the ``keys`` block; the ``NAME=value`` lines of the file it writes are
   the environment of every later command (as systemd's EnvironmentFile= would);
4. migrate and roles: the ``shell`` block;
5. the catalogue and the site's hostname, through the Wagtail admin's own forms
   (django.test.Client, logged in as a new superuser).

Then, from the installed package: a referral made through the referral form by
a professional, whose partner notification waits in django-tasks-db's queue
until ``manage.py db_worker`` sends it (a file email backend; the email goes
to the partner and holds no client data); ``migrate --check``; every shipped
template loads; ``hyte_daily --list``. Steps 3 to 5 and the referral run once
on SQLite and, when DATABASE_URL names a PostgreSQL server (``make
test-package`` starts one with scripts/postgres.sh), again on a fresh database
there. Last, docs/examples/host_site_settings.py becomes the site's production
settings: it must give what step 2 gives and pass ``check --deploy``.

Usage: python docs/installation_check.py [--keep]
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "installation.md"
EXAMPLE_SETTINGS = REPO / "docs" / "examples" / "host_site_settings.py"
BLOCK = re.compile(r"<!-- install-check: (\w+) -->\s*```\w*\n(.*?)```", re.S)
PROJECT = "mysite"
KEY_NAMES = {
    "HYTE_KEY_ENCRYPTION_KEYS",
    "HYTE_CURRENT_KEY_ID",
    "HYTE_BLIND_INDEX_KEY",
    "HYTE_CHECKPOINT_SIGNING_KEY",
}
PG_DATABASE = "hyte_install_check"
TIMINGS: list[tuple[str, float]] = []
STARTED = time.monotonic()


def fail(message: str):
    sys.exit(f"installation_check: {message}")


def blocks(kind: str) -> list[str]:
    found = [code for k, code in BLOCK.findall(DOC.read_text(encoding="utf-8")) if k == kind]
    if not found:
        fail(f"no '{kind}' block in {DOC}")
    return found


def run(cmd, **kwargs):
    shown = [
        str(arg).strip().splitlines()[0] + " ..." if "\n" in str(arg) else str(arg) for arg in cmd
    ]
    print("+", " ".join(shown), flush=True)
    return subprocess.run(cmd, check=True, **kwargs)  # noqa: S603 (our own commands)


@contextmanager
def phase(name: str):
    print(f"\n== {name}", flush=True)
    started = time.monotonic()
    try:
        yield
    finally:
        TIMINGS.append((name, time.monotonic() - started))


def report_timings():
    if TIMINGS:
        print("\ninstallation_check: phase durations")
        for name, seconds in TIMINGS:
            print(f"  {seconds:6.1f} s  {name}")
        print(f"  {time.monotonic() - STARTED:6.1f} s  in all")


def build(dist: Path) -> Path:
    run([sys.executable, "-m", "build", "--outdir", dist, REPO], stdout=subprocess.DEVNULL)
    wheel = next(dist.glob("*.whl"))
    sdist = next(dist.glob("*.tar.gz"))
    tracked = subprocess.run(
        ["git", "ls-files", "wagtail_hyte"],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout.split()
    tracked = {name for name in tracked if (REPO / name).exists()}
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        in_sdist = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for label, names in (("wheel", in_wheel), ("sdist", in_sdist)):
        missing = sorted(tracked - names)
        if missing:
            fail(f"the {label} lacks {len(missing)} files: {missing[:10]}")
    return wheel


def read_env_file(path: Path) -> dict[str, str]:
    """The NAME=value lines of an environment file (systemd/docker style)."""
    values = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Z_][A-Z0-9_]*", name):
            fail(f"{path.name} line {number} is neither a comment nor NAME=value")
        values[name] = value
    if set(values) != KEY_NAMES:
        fail(f"{path.name} holds {sorted(values)}, expected {sorted(KEY_NAMES)}")
    if path.stat().st_mode & 0o077:
        fail(f"{path.name} is readable by others (mode {path.stat().st_mode & 0o777:o})")
    return values


# --- What the check adds to the host site ------------------------------------

# Before the guide's block in base.py: this pass's database, as a host site's
# own DATABASES setting (the guide's block reacts to the engine).
DATABASE_SETTINGS = """
# --- installation_check: the database of this pass ---
import os

if os.environ.get("PGDATABASE"):
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["PGDATABASE"]}
    }
"""

# The check's own extra settings module, used for every command of steps 3-5.
CHECK_SETTINGS = """
import os

from .dev import *  # noqa: F403

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # django.test.Client
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["INSTALL_CHECK_MAIL_DIR"]
"""

FORM_SCRAPER = r'''
from html.parser import HTMLParser


class Forms(HTMLParser):
    """The fields of every <form> on a page, with the values a browser would send."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.textarea, self.select = [], None, None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"_attrs": a, "fields": {}}
            self.forms.append(self.form)
        elif self.form is None or ("name" not in a and tag != "option"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind == "checkbox" else ""
            self.form["fields"].setdefault(a["name"], a.get("value") or default)
        elif tag == "textarea":
            self.textarea = a["name"]
            self.form["fields"][a["name"]] = ""
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and self.form:
            if "selected" in a or self.select not in self.form["fields"]:
                self.form["fields"][self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea and self.form:
            self.form["fields"][self.textarea] += data

    def having(self, name):
        for form in self.forms:
            if name in form["fields"]:
                return dict(form["fields"])
        raise AssertionError(f"no form with a field {name!r}")


def pass_second_factor(client, url):
    """A signed-in staff member's first visit with the package's defaults
    (docs/sign-in.md): every admin address leads to enrolment; the page's key
    goes into an authenticator (django-otp's own TOTP here), its code confirms;
    the recovery codes are acknowledged; then ``url`` opens."""
    import re
    from base64 import b32decode

    from django_otp.oath import totp

    response = client.get(url)
    assert response.status_code == 302, ("no second factor asked for", url, response.status_code)
    enrol = response["Location"]
    assert "/hyte-sign-in/second-factor/enrol/" in enrol, enrol
    page = client.get(enrol).content.decode()
    secret = re.search(r'id="hyte-totp-secret"[^>]*>([^<]+)<', page).group(1).replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    data = Forms(page).having("code")
    data["code"] = f"{totp(key):06d}"
    response = client.post(enrol, data)
    assert response.status_code == 302, ("the first code was refused", response.status_code)
    codes_url = response["Location"]
    page = client.get(codes_url).content.decode()
    assert page.count('translate="no"') >= 5, "no recovery codes shown"
    data = Forms(page).having("action")
    data["saved"] = "on"
    response = client.post(codes_url, data)
    assert response.status_code == 302, ("recovery codes not acknowledged", response.status_code)
    response = client.get(url)
    assert response.status_code == 200, ("after the second factor", url, response.status_code)
'''

# Step 5, through the admin: the catalogue page and the site's hostname.
STEP_5 = (
    FORM_SCRAPER
    + r"""
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Site

from wagtail_hyte.activities.models import ActivityIndexPage

get_user_model().objects.create_superuser("check-admin", "admin@example.invalid", "pw-check-admin")
client = Client()
assert client.login(username="check-admin", password="pw-check-admin")
# The package's defaults ask superusers for a second factor (docs/sign-in.md).
pass_second_factor(client, reverse("wagtailadmin_home"))
site = Site.objects.get(is_default_site=True)
home = site.root_page

# "In the Wagtail admin, add an Activity catalogue page under your home page and publish it."
chooser = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk])).content.decode()
add_url = reverse(
    "wagtailadmin_pages:add", args=["wagtail_hyte_activities", "activityindexpage", home.pk]
)
assert add_url in chooser, "Activity catalogue is not offered under the home page"
response = client.get(add_url)
assert response.status_code == 200, response.status_code
data = Forms(response.content.decode()).having("title")
data.update(title="Hyvinvointitarjotin", slug="tarjotin", **{"action-publish": "action-publish"})
response = client.post(add_url, data)
assert response.status_code == 302, ("the page form was refused", response.status_code)
catalogue = ActivityIndexPage.objects.get(slug="tarjotin")
assert catalogue.live and catalogue.get_parent().pk == home.pk, catalogue
assert catalogue.live_revision_id, "not published"
granted = set(
    GroupPagePermission.objects.filter(page=catalogue, group__name="HYTE editors").values_list(
        "permission__codename", flat=True
    )
)
assert {"add_page", "change_page", "publish_page"} <= granted, granted

# "In Settings -> Sites, give your site its real hostname (and port 443)."
edit_url = reverse("wagtailsites:edit", args=[site.pk])
data = Forms(client.get(edit_url).content.decode()).having("hostname")
data.update(hostname="hyte.example.invalid", port="443")
response = client.post(edit_url, data)
assert response.status_code == 302, ("the site form was refused", response.status_code)
site.refresh_from_db()
assert (site.hostname, site.port) == ("hyte.example.invalid", 443), site
url = catalogue.get_full_url()
assert url == "https://hyte.example.invalid/tarjotin/", url
print("step 5: catalogue published, editors granted", sorted(granted), "; site", site.root_url)
"""
)

CLIENT_NAME = "Qwibble Zorkington"
CLIENT_PHONE = "040 765 4321"
PARTNER_EMAIL = "lahetteet@kumppani.example.invalid"

# A partner with staff, an activity, an agreement and a professional, as the
# demo loader builds them; then the referral through the professional's form.
REFERRAL = (
    FORM_SCRAPER
    + rf'''
import os
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from wagtail_hyte.activities.models import ActivityIndexPage, ActivityPage
from wagtail_hyte.agreements import services as agreement_services
from wagtail_hyte.agreements.models import PartnerAgreement
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.core.roles import GROUP_NAMES, PARTNER_STAFF, PROFESSIONAL
from wagtail_hyte.partners.models import Partner, PartnerMembership
from wagtail_hyte.referrals.models import Referral

User = get_user_model()
partner = Partner.objects.create(name="Kävelykumppanit ry", kind="association")
staff = User.objects.create_user("check-staff", "{PARTNER_EMAIL}", "pw-check-staff")
staff.groups.add(Group.objects.get(name=GROUP_NAMES[PARTNER_STAFF]))
PartnerMembership.objects.create(partner=partner, user=staff, role="staff")
catalogue = ActivityIndexPage.objects.get(slug="tarjotin")
activity = catalogue.add_child(
    instance=ActivityPage(
        title="Kävelyryhmä", slug="kavelyryhma", organiser=partner, summary="Kävellään yhdessä."
    )
)
activity.save_revision().publish()
agreement = PartnerAgreement.objects.create(
    partner=partner,
    reference_number="HYTE-CHECK-1",
    title="Kävelyryhmät",
    valid_from=local_date() - timedelta(days=1),
    valid_to=local_date() + timedelta(days=365),
    quota=5,
    quota_period="month",
    contact_days=5,
    covers_all_activities=True,
    notification_emails=staff.email,
)
agreement_services.activate(agreement, reason="installation check")
professional = User.objects.create_user("check-pro", "pro@example.invalid", "pw-check-pro")
professional.groups.add(Group.objects.get(name=GROUP_NAMES[PROFESSIONAL]))

client = Client()
assert client.login(username="check-pro", password="pw-check-pro")
url = reverse("hyte_referrals:new", args=[activity.pk])
# Professionals too: nothing of the referral form before the second factor.
pass_second_factor(client, url)
page = client.get(url).content.decode()
assert 'name="step" value="details"' in page, "the referral form is not offered"
details = {{
    **Forms(page).having("name"),
    "name": "{CLIENT_NAME}",
    "phone": "{CLIENT_PHONE}",
    "contact_method": "phone",
    "contact_time": "aamupäivisin",
    "language": "fi",
    "step": "details",
}}
page = client.post(url, details).content.decode()
assert 'name="step" value="consent"' in page, "no consent step"
consent = Forms(page).having("notice_sha256")  # the default notice, shown to the client
assert consent["notice_sha256"], "no consent notice (the default notices come with migrate)"
consent.update(step="consent", collection_method="verbal", confirmed="on")
response = client.post(url, consent)
referral = Referral.objects.get()
assert response.status_code == 302, response.status_code
assert response["Location"] == reverse("hyte_referrals:receipt", args=[referral.pk])
queued = DBTaskResult.objects.filter(task_path__endswith="notify_partner_task")
assert queued.filter(status="READY").count() == 1, list(queued.values("task_path", "status"))
sent = list(Path(os.environ["INSTALL_CHECK_MAIL_DIR"]).iterdir())
assert not sent, "mail was sent in the request, not by the worker"
print("referral", referral.short_reference, "made; its partner notification waits in the queue")
'''
)

# After the worker: the partner's notification was sent, without client data.
NOTIFIED = rf'''
import os
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

from django_tasks_db.models import DBTaskResult

from wagtail_hyte.referrals.models import Referral

referral = Referral.objects.get()
tasks = list(DBTaskResult.objects.values_list("task_path", "status"))
assert tasks and all(status == "SUCCESSFUL" for _, status in tasks), tasks
separator = b"\n" + b"-" * 79 + b"\n"
messages = [
    BytesParser(policy=policy.default).parsebytes(chunk.lstrip())
    for path in sorted(Path(os.environ["INSTALL_CHECK_MAIL_DIR"]).iterdir())
    for chunk in path.read_bytes().split(separator)
    if chunk.strip()
]
to_partner = [m for m in messages if m["To"] == "{PARTNER_EMAIL}"]
assert len(to_partner) == 1, [(m["To"], m["Subject"]) for m in messages]
message = to_partner[0]
text = message["Subject"] + "\n" + message.get_body(preferencelist=("plain",)).get_content()
assert referral.short_reference in text, text
assert "qwibble" not in text.lower() and "zorkington" not in text.lower(), "name in the email"
assert "7654321" not in re.sub(r"[\s().+-]", "", text), "the client's phone is in the email"
print("the worker sent the partner's notification:", message["Subject"])
'''

# The open interfaces from the installed package: the public catalogue (REST and
# HSDS), the schema and its page, FHIR's metadata, and the referral through a
# partner's API token, without the client's details.
API = r"""
import json
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client

from wagtail_hyte.api import tokens
from wagtail_hyte.core.periods import local_date
from wagtail_hyte.referrals.models import Referral

client = Client()
services = client.get("/api/hsds/services")
assert services.status_code == 200, services.status_code
assert services["Access-Control-Allow-Origin"] == "*"
assert [s["name"] for s in services.json()["contents"]] == ["Kävelyryhmä"], services.json()
activities = client.get("/api/hyte/v1/activities/").json()
assert [a["title"] for a in activities["results"]] == ["Kävelyryhmä"], activities
schema = client.get("/api/hyte/v1/schema/?format=json").json()
assert schema["openapi"].startswith("3."), schema.get("openapi")
assert "/api/hyte/v1/referrals/" in schema["paths"], sorted(schema["paths"])
assert client.get("/api/hyte/v1/docs/").status_code == 200
assert client.get("/api/fhir/metadata").json()["resourceType"] == "CapabilityStatement"
assert client.get("/api/hyte/v1/referrals/").status_code == 401

User = get_user_model()
made = tokens.create_token(
    name="Install check",
    user=User.objects.get(username="check-staff"),
    scopes=["referrals:read"],
    expires_on=local_date() + timedelta(days=1),
    created_by=User.objects.get(username="check-admin"),
)
response = client.get("/api/hyte/v1/referrals/", HTTP_AUTHORIZATION=f"Bearer {made.secret}")
assert response.status_code == 200, response.content[:300]
body = response.content.decode()
referral = Referral.objects.get()
assert [r["short_reference"] for r in json.loads(body)["results"]] == [referral.short_reference]
assert "qwibble" not in body.lower() and "7654321" not in body, "client details in the list"
print("the API serves the catalogue (REST, HSDS), its schema, FHIR metadata and the referral")
"""

RENDER_TEMPLATES = """
from pathlib import Path
import wagtail_hyte
from django.template.loader import get_template
root = Path(wagtail_hyte.__file__).parent
assert "site-packages" in str(root), root
names = sorted(
    str(path.relative_to(templates))
    for templates in root.glob("*/templates")
    for path in templates.rglob("*")
    if path.is_file()
)
for name in names:
    get_template(name)
assert len(names) > 40, names
print(f"{len(names)} templates load from {root}")
"""

# The settings that step 2 sets, to compare the example production file with.
STEP_2_SETTINGS = """
import json
from django.conf import settings
print("SETTINGS=" + json.dumps({
    name: getattr(settings, name, None)
    for name in (
        "INSTALLED_APPS", "MIDDLEWARE", "TASKS", "WAGTAIL_HYTE", "LANGUAGE_CODE",
        "LANGUAGES", "WAGTAIL_I18N_ENABLED", "WAGTAIL_CONTENT_LANGUAGES", "TIME_ZONE",
    )
}, default=list))
"""


def step_2_settings(manage, env, cwd, module):
    out = run(
        [*manage, "shell", "-c", STEP_2_SETTINGS],
        env={**env, "DJANGO_SETTINGS_MODULE": module},
        cwd=cwd,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("SETTINGS="))
    return json.loads(line.removeprefix("SETTINGS="))


def postgres_env(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    values = {"PGHOST": parts.hostname or "", "PGPORT": str(parts.port or 5432)}
    if parts.username:
        values["PGUSER"] = unquote(parts.username)
    if parts.password:
        values["PGPASSWORD"] = unquote(parts.password)
    return values


def run_steps(label, site, manage, env, tmp, *, first):
    """Steps 3-5 of the guide, the referral through the queue and the checks, on one database."""
    env = {**env, "INSTALL_CHECK_MAIL_DIR": str(tmp / f"mail-{label}")}
    Path(env["INSTALL_CHECK_MAIL_DIR"]).mkdir()
    if label == "postgresql":
        with phase(f"{label}: a fresh database"):
            run(
                [
                    *manage[:1],
                    "-c",
                    "import psycopg, sys; c = psycopg.connect(dbname='postgres', autocommit=True);"
                    f"c.execute('DROP DATABASE IF EXISTS {PG_DATABASE}');"
                    f"c.execute('CREATE DATABASE {PG_DATABASE}')",
                ],
                env=env,
                cwd=site,
            )
    with phase(f"{label}: step 3, keys"):
        keys_file = site / "hyte-keys.env"
        keys_file.unlink(missing_ok=True)
        for code in blocks("keys"):
            run(["bash", "-euxc", code], env=env, cwd=site)
        env.update(read_env_file(keys_file))
    with phase(f"{label}: step 4, migrate and roles"):
        for code in blocks("shell"):
            run(["bash", "-euxc", code], env=env, cwd=site)
        run([*manage, "migrate", "--check"], env=env, cwd=site)
    with phase(f"{label}: step 5, catalogue and hostname in the admin"):
        run([*manage, "shell", "-c", STEP_5], env=env, cwd=site)
    with phase(f"{label}: a referral, its notification through the queue"):
        run([*manage, "shell", "-c", REFERRAL], env=env, cwd=site)
        run(
            [*manage, "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
            env=env,
            cwd=site,
        )
        run([*manage, "shell", "-c", NOTIFIED], env=env, cwd=site)
    with phase(f"{label}: the open interfaces"):
        run([*manage, "shell", "-c", API], env=env, cwd=site)
    if first:
        with phase(f"{label}: templates, hyte_daily --list"):
            run([*manage, "shell", "-c", RENDER_TEMPLATES], env=env, cwd=site)
            run([*manage, "hyte_daily", "--list"], env=env, cwd=site)
    return env


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="hyte-install-check-"))
    database_url = os.environ.get("DATABASE_URL", "")
    use_postgres = database_url.startswith(("postgres://", "postgresql://"))
    try:
        with phase("build wheel and sdist"):
            wheel = build(tmp / "dist")
        venv = tmp / "venv"
        bindir = venv / "bin"
        env = {
            **os.environ,
            "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
            "VIRTUAL_ENV": str(venv),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "DJANGO_SETTINGS_MODULE": f"{PROJECT}.settings.install_check",
            "HYTE_LEDGER_ORIGIN": "install-check.invalid/ledger",
            "HYTE_CHECKPOINT_DIRECTORY": str(tmp / "checkpoints"),
        }
        for name in ("PYTHONPATH", "DATABASE_URL", *KEY_NAMES):
            env.pop(name, None)
        for name in [name for name in env if name.startswith("PG")]:
            env.pop(name)
        with phase("step 1, pip install"):
            run([sys.executable, "-m", "venv", venv])
            for code in blocks("pip"):
                code = re.sub(r"dist/wagtail_hyte-[^\"\[ ]+\.whl", str(wheel), code)
                args = code.split("pip install", 1)[1]
                run(
                    ["bash", "-euxc", "python -m pip install -q --no-compile " + args],
                    env=env,
                    cwd=tmp,
                )
        with phase("wagtail start, step 2 settings"):
            run(["wagtail", "start", PROJECT], env=env, cwd=tmp)
            site = tmp / PROJECT
            settings_dir = site / PROJECT / "settings"
            with open(settings_dir / "base.py", "a", encoding="utf-8") as base:
                base.write(DATABASE_SETTINGS)
                for code in blocks("settings"):
                    base.write("\n# --- docs/installation.md, step 2 ---\n" + code)
            with open(site / PROJECT / "urls.py", "a", encoding="utf-8") as urls:
                for code in blocks("urls"):
                    urls.write("\n# --- docs/installation.md, step 2 URLs ---\n" + code)
            (settings_dir / "install_check.py").write_text(CHECK_SETTINGS, encoding="utf-8")
            shutil.copy(EXAMPLE_SETTINGS, settings_dir / "production.py")
        manage = [str(bindir / "python"), "manage.py"]
        env = run_steps("sqlite", site, manage, env, tmp, first=True)
        if use_postgres:
            pg_env = {**env, **postgres_env(database_url), "PGDATABASE": PG_DATABASE}
            for name in KEY_NAMES:
                pg_env.pop(name)
            env = run_steps("postgresql", site, manage, pg_env, tmp, first=False)
        else:
            print("\ninstallation_check: no PostgreSQL pass (DATABASE_URL names no PostgreSQL)")
        with phase("docs/examples/host_site_settings.py as production settings"):
            production = f"{PROJECT}.settings.production"
            deploy_env = {
                **env,
                "DJANGO_SECRET_KEY": os.urandom(32).hex() + os.urandom(32).hex(),
                "DJANGO_ALLOWED_HOSTS": "hyte.example.invalid",
                "WAGTAILADMIN_BASE_URL": "https://hyte.example.invalid",
            }
            (tmp / "checkpoints").mkdir(exist_ok=True)
            guide = step_2_settings(manage, env, site, env["DJANGO_SETTINGS_MODULE"])
            example = step_2_settings(manage, deploy_env, site, production)
            if not use_postgres:  # the guide's block adds it on PostgreSQL only
                example["INSTALLED_APPS"].remove("django.contrib.postgres")
            differ = sorted(name for name in guide if guide[name] != example[name])
            if differ:
                fail(
                    f"{EXAMPLE_SETTINGS.name} does not give what step 2 gives: {differ}\n"
                    + "\n".join(f"  {n}: {guide[n]!r}\n  vs {example[n]!r}" for n in differ)
                )
            check = [*manage, "check", "--deploy", "--fail-level", "ERROR"]
            if use_postgres:
                check += ["--database", "default"]  # also the site's hostname (step 5)
            print("+", " ".join(check[1:]), flush=True)
            result = subprocess.run(  # noqa: S603 (our own command)
                check,
                env={**deploy_env, "DJANGO_SETTINGS_MODULE": production},
                cwd=site,
                capture_output=True,
                text=True,
            )
            print(result.stdout + result.stderr)
            if result.returncode:
                fail("check --deploy fails on docs/examples/host_site_settings.py")
            hyte_warnings = re.findall(r"\(hyte\.W\d+\)", result.stdout + result.stderr)
            if hyte_warnings:
                fail(f"check --deploy warns on the example production settings: {hyte_warnings}")
        print("installation_check: docs/installation.md works from the built package.")
    finally:
        if "--keep" in sys.argv:
            print(f"kept {tmp}")
        else:
            with phase("clean up"):
                shutil.rmtree(tmp, ignore_errors=True)
        report_timings()


if __name__ == "__main__":
    main()
