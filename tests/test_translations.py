"""Every shipped catalogue is complete for Finnish and Swedish, and its .mo is current."""

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PO_FILES = sorted(
    [*ROOT.glob("wagtail_hyte/*/locale/*/LC_MESSAGES/django.po"),
     *ROOT.glob("example_site/locale/*/LC_MESSAGES/django.po")]
)


def entries(po_path: Path):
    """Yield (msgid, msgstr, fuzzy) for every entry but the header."""
    text = po_path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        fuzzy = "#, fuzzy" in block
        parts = {"msgid": [], "msgstr": []}
        current = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgstr|msgid_plural|msgstr\[\d+\]) (".*")$', line)
            if match:
                key = match.group(1)
                current = "msgstr" if key.startswith("msgstr") else (
                    "msgid" if key == "msgid" else None
                )
                if current:
                    parts[current].append(eval(match.group(2)))  # noqa: S307 (a .po string literal)
            elif line.startswith('"') and current:
                parts[current].append(eval(line))  # noqa: S307
        msgid = "".join(parts["msgid"])
        if msgid:
            yield msgid, "".join(parts["msgstr"]), fuzzy


def test_there_are_catalogues():
    languages = {p.parts[-3] for p in PO_FILES}
    assert {"fi", "sv"} <= languages


@pytest.mark.parametrize(
    "po_path",
    [p for p in PO_FILES if p.parts[-3] in ("fi", "sv")],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_finnish_and_swedish_are_complete(po_path):
    missing = [msgid for msgid, msgstr, fuzzy in entries(po_path) if not msgstr or fuzzy]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {po_path}: {missing[:10]}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_mo_file_matches_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    with mo_path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    for msgid, msgstr, fuzzy in entries(po_path):
        if msgstr and not fuzzy:
            assert catalog.get(msgid) == msgstr, f"{mo_path} is stale for {msgid!r}"
