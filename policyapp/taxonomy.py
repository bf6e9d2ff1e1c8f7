"""The theme codes of ../shared/TAXONOMY.md, as shipped in fixtures/taxonomy.json."""

from __future__ import annotations

import json
from pathlib import Path

TAXONOMY_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "taxonomy.json"


def theme_rows() -> list[dict]:
    """[{"code", "name", "description", "position"}] in the taxonomy's order."""
    rows = json.loads(TAXONOMY_FIXTURE.read_text(encoding="utf-8"))
    return [{"code": row["pk"], **row["fields"]} for row in rows]


def themes_ensure(theme_model) -> None:
    """Create or update the themes; takes the model so migrations can pass their historical one."""
    for row in theme_rows():
        theme_model.objects.update_or_create(code=row["code"], defaults=row)
