"""The ruleset version: a short hash of the pattern and data files and the rule code."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SHARED_MODULES = ("markers.py",)


@functools.cache
def ruleset_version() -> str:
    """12 hex digits that change whenever a pattern, a data file or the tagging code changes."""
    return compute_version(PACKAGE_DIR)


def compute_version(root: Path) -> str:
    """The version of the tagging package at ``root`` (code, patterns, data files)."""
    digest = hashlib.sha256()
    files = [
        *sorted(root.glob("*.py")),
        *sorted((root / "patterns").glob("*/*.jsonl")),
        *sorted((root / "data").glob("*.json*")),
        *sorted((root / "concepts").glob("*/*.txt")),
        # The ingest modules the rules read: the marker grammar the modality checks skip.
        *[path for name in SHARED_MODULES if (path := root.parent / "ingest" / name).is_file()],
    ]
    for path in files:
        # Names too, so that moving a pattern between families changes the version.
        digest.update(path.relative_to(root.parent).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]
