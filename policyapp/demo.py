"""The demo plans shipped in fixtures/documents/, described by demo.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

DEMO_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "documents"


@dataclass(frozen=True)
class DemoPlan:
    path: Path
    # Keyword arguments of services.ingest.DocumentFields: what an uploader says of the plan.
    document: dict[str, Any]


def demo_plans() -> list[DemoPlan]:
    rows = json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))
    return [
        DemoPlan(
            path=DEMO_DIR / row.pop("file"),
            document=row | {"published_on": date.fromisoformat(row["published_on"])},
        )
        for row in rows
    ]
