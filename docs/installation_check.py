"""Follow docs/installation.md against the built package (``make test-package``).

Builds the wheel and sdist, checks they hold every file of ``wagtail_hyte/``,
installs the wheel (not editable) into a clean virtualenv, runs ``wagtail
start``, then applies exactly the code blocks of docs/installation.md marked
``<!-- install-check: pip|settings|shell -->`` and checks the result:
``check --deploy``, ``migrate``, every shipped template loads.

Usage: python docs/installation_check.py [--keep]
"""

import base64
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "installation.md"
BLOCK = re.compile(r"<!-- install-check: (\w+) -->\s*```\w*\n(.*?)```", re.S)


def blocks(kind: str) -> list[str]:
    found = [code for k, code in BLOCK.findall(DOC.read_text(encoding="utf-8")) if k == kind]
    if not found:
        sys.exit(f"installation_check: no '{kind}' block in {DOC}")
    return found


def run(cmd, **kwargs):
    print("+", cmd if isinstance(cmd, str) else " ".join(map(str, cmd)), flush=True)
    subprocess.run(cmd, check=True, **kwargs)  # noqa: S603 (our own commands)


def key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def build(dist: Path) -> tuple[Path, Path]:
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
            sys.exit(f"installation_check: the {label} lacks {len(missing)} files: {missing[:10]}")
    return wheel, sdist


RENDER_TEMPLATES = """
from pathlib import Path
import wagtail_hyte
from django.template.loader import get_template
root = Path(wagtail_hyte.__file__).parent
assert ".venv" not in str(root) or "site-packages" in str(root), root
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

DEPLOY_SETTINGS = """
from .production import *  # noqa
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["hyte.example.invalid"]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WAGTAILADMIN_BASE_URL = "https://hyte.example.invalid"
WAGTAIL_HYTE["CHECKPOINT_DIRECTORY"] = os.environ["HYTE_CHECKPOINT_DIRECTORY"]
"""


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="hyte-install-check-"))
    try:
        wheel, _sdist = build(tmp / "dist")
        venv = tmp / "venv"
        run([sys.executable, "-m", "venv", venv])
        bindir = venv / "bin"
        env = {
            **os.environ,
            "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
            "VIRTUAL_ENV": str(venv),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "HYTE_KEY_ENCRYPTION_KEYS": f"check-1:{key()}",
            "HYTE_CURRENT_KEY_ID": "check-1",
            "HYTE_BLIND_INDEX_KEY": key(),
            "HYTE_CHECKPOINT_SIGNING_KEY": key(),
            "HYTE_LEDGER_ORIGIN": "install-check.invalid/ledger",
            "HYTE_CHECKPOINT_DIRECTORY": str(tmp / "checkpoints"),
            "DJANGO_SECRET_KEY": key() + key(),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("PYTHONPATH", None)
        env.pop("DATABASE_URL", None)
        (tmp / "checkpoints").mkdir()
        # Step 1, as documented, with the wheel built above.
        for code in blocks("pip"):
            code = re.sub(r"dist/wagtail_hyte-[^\"\[ ]+\.whl", str(wheel), code)
            run(
                ["bash", "-euxc", "python -m pip install -q " + code.split("pip install", 1)[1]],
                env=env,
                cwd=tmp,
            )
        run(["wagtail", "start", "hostsite"], env=env, cwd=tmp)
        site = tmp / "hostsite"
        settings_dir = site / "hostsite" / "settings"
        # Step 2: the documented settings, appended to the new site's base settings.
        with open(settings_dir / "base.py", "a", encoding="utf-8") as base:
            for code in blocks("settings"):
                base.write("\n# --- docs/installation.md ---\n" + code)
        (settings_dir / "check_deploy.py").write_text(DEPLOY_SETTINGS, encoding="utf-8")
        # Step 4 (migrate, roles).
        for code in blocks("shell"):
            run(["bash", "-euxc", code], env=env, cwd=site)
        manage = [str(bindir / "python"), "manage.py"]
        run([*manage, "migrate", "--check"], env=env, cwd=site)
        run(
            [*manage, "check", "--deploy", "--fail-level", "ERROR"],
            env={**env, "DJANGO_SETTINGS_MODULE": "hostsite.settings.check_deploy"},
            cwd=site,
        )
        run([*manage, "shell", "-c", RENDER_TEMPLATES], env=env, cwd=site)
        run([*manage, "hyte_daily", "--list"], env=env, cwd=site)
        print("installation_check: docs/installation.md works from the built package.")
    finally:
        if "--keep" in sys.argv:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
