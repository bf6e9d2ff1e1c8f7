"""The ruleset version: a short hash of the pattern and data files and the rule code."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@functools.cache
def ruleset_version() -> str:
    """12 hex digits that change whenever a pattern, a data file or the tagging code changes."""
    digest = hashlib.sha256()
    files = [
        *sorted(PACKAGE_DIR.glob("*.py")),
        *sorted((PACKAGE_DIR / "patterns").glob("*/*.jsonl")),
        *sorted((PACKAGE_DIR / "data").glob("*")),
    ]
    for path in files:
        # Names too, so that moving a pattern between families changes the version.
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]
