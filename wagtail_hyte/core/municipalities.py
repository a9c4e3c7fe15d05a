"""The shipped list of Finnish municipalities (fixtures/municipalities.json)."""

import json
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "municipalities.json"


def read_fixture() -> list[dict]:
    with FIXTURE.open(encoding="utf-8") as handle:
        return json.load(handle)


def sync_municipalities(model) -> int:
    """Create or update every municipality of the fixture; return the count.

    ``model`` is the Municipality model (the historical one inside migrations).
    Municipalities no longer in the fixture (after a merger) are kept: rows may
    still point at them.
    """
    rows = read_fixture()
    for row in rows:
        model.objects.update_or_create(
            code=row["code"],
            defaults={k: row[k] for k in ("name_fi", "name_sv", "region", "welfare_area")},
        )
    return len(rows)
