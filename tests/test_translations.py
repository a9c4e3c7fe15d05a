"""Every shipped catalogue is complete for Finnish and Swedish, and its .mo is current."""

import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PO_FILES = sorted(
    [
        *ROOT.glob("wagtail_hyte/*/locale/*/LC_MESSAGES/django.po"),
        *ROOT.glob("example_site/locale/*/LC_MESSAGES/django.po"),
    ]
)


def entries(po_path: Path):
    """Yield (msgid, {index: msgstr}, fuzzy) for every entry but the header.

    A singular entry has the index None; a plural one has 0, 1, ... An entry
    with a context (``pgettext``) has the .mo catalogue's key "context\x04msgid".
    """
    text = po_path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        fuzzy = "#, fuzzy" in block
        context_parts, msgid_parts, strings, current = [], [], {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?) (".*")$', line)
            if match:
                key, index, literal = match.groups()
                if key == "msgctxt":
                    current = context_parts
                elif key == "msgid":
                    current = msgid_parts
                elif key == "msgid_plural":
                    current = []  # the plural form's text is not a catalogue key
                else:
                    current = strings.setdefault(None if index is None else int(index), [])
                current.append(ast.literal_eval(literal))
            elif line.startswith('"') and current is not None:
                current.append(ast.literal_eval(line))
        msgid = "".join(msgid_parts)
        if msgid and context_parts:
            msgid = "".join(context_parts) + "\x04" + msgid
        if msgid:
            yield msgid, {k: "".join(v) for k, v in strings.items()}, fuzzy


def test_there_are_catalogues():
    languages = {p.parts[-3] for p in PO_FILES}
    assert {"fi", "sv"} <= languages


@pytest.mark.parametrize(
    "po_path",
    [p for p in PO_FILES if p.parts[-3] in ("fi", "sv")],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_finnish_and_swedish_are_complete(po_path):
    missing = [
        msgid for msgid, strings, fuzzy in entries(po_path) if fuzzy or not all(strings.values())
    ]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {po_path}: {missing[:10]}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_mo_file_matches_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    with mo_path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    for msgid, strings, fuzzy in entries(po_path):
        if fuzzy:
            continue
        for index, msgstr in strings.items():
            key = msgid if index is None else (msgid, index)
            if msgstr:
                assert catalog.get(key) == msgstr, f"{mo_path} is stale for {key!r}"
