"""A real, changed ruleset for retag tests: a copy of the tagging package's files, edited.

The copy keeps the tagger's own code and pattern files; a test removes a pattern file or
adds one, and the pipeline and the ruleset version are rebuilt from the copy, exactly as
they would be after someone edited the patterns. No fake tagger anywhere.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policyapp.tagging import patterns as tagging_patterns
from policyapp.tagging import pipeline as tagging_pipeline
from policyapp.tagging import version as tagging_version


def _clear_caches() -> None:
    tagging_pipeline.get_pipeline.cache_clear()
    tagging_version.ruleset_version.cache_clear()


class RulesetCopy:
    def __init__(self, root: Path):
        self.root = root
        self.patterns = root / "patterns"

    def file_defining(self, rule_id: str) -> Path:
        """The pattern file that holds the rule ``rule_id``."""
        for path in sorted(self.patterns.glob("*/*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and json.loads(line).get("id") == rule_id:
                    return path
        raise LookupError(rule_id)

    def remove(self, path: Path) -> None:
        path.unlink()
        _clear_caches()

    def add(self, lang: str, name: str, entries: list[dict]) -> None:
        lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
        (self.patterns / lang / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        _clear_caches()


@pytest.fixture
def ruleset_copy(tmp_path, monkeypatch):
    """Point the tagger at an editable copy of its files; restore the real ones afterwards."""
    root = tmp_path / "tagging"
    shutil.copytree(tagging_version.PACKAGE_DIR, root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(tagging_patterns, "PATTERN_DIR", root / "patterns")
    monkeypatch.setattr(tagging_version, "PACKAGE_DIR", root)
    _clear_caches()
    yield RulesetCopy(root)
    _clear_caches()
