"""The demo plans shipped in fixtures/documents/, described by demo.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "documents"


@dataclass(frozen=True)
class DemoPlan:
    path: Path
    short_name: str
    title: str
    jurisdiction: str
    issuer: str
    published_on: date
    language: str
    source_url: str
    reuse_note: str


def demo_plans() -> list[DemoPlan]:
    rows = json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))
    return [
        DemoPlan(
            path=DEMO_DIR / row.pop("file"),
            published_on=date.fromisoformat(row.pop("published_on")),
            **row,
        )
        for row in rows
    ]
