"""Load the theme pattern files (rules as data) and check them against our schema.

One JSON Lines file per theme family and language: patterns/<lang>/<family>.jsonl. Each line is
{"id", "label", "pattern", "note"?}; ``label`` is a theme code or NOT_<code> (negative evidence),
``pattern`` a phrase (matched on LOWER) or a spaCy token pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policyapp.tagging.jsonl import JsonLinesError, read_jsonl
from policyapp.tagging.taxonomy import is_valid_label

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"
LANGS: tuple[str, ...] = ("en", "zh")
ALLOWED_KEYS = frozenset({"id", "label", "pattern", "note"})


class PatternError(ValueError):
    """A pattern file breaks the schema; the message names the file and line."""


def pattern_files(lang: str | None = None) -> list[Path]:
    langs = LANGS if lang is None else (lang,)
    return [path for code in langs for path in sorted((PATTERN_DIR / code).glob("*.jsonl"))]


def _read(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        yield from read_jsonl(path.read_text(encoding="utf-8").splitlines(), source=path.name)
    except JsonLinesError as exc:
        raise PatternError(str(exc)) from exc


def check_entry(entry: Any, where: str) -> None:
    """Raise PatternError unless ``entry`` follows the schema (spaCy validates the rest)."""
    if not isinstance(entry, dict):
        raise PatternError(f"{where}: a pattern must be a JSON object")
    unknown = set(entry) - ALLOWED_KEYS
    if unknown:
        raise PatternError(f"{where}: unknown keys {sorted(unknown)}")
    if not isinstance(entry.get("id"), str) or not entry["id"]:
        raise PatternError(f"{where}: missing id")
    if not isinstance(entry.get("label"), str) or not is_valid_label(entry["label"]):
        raise PatternError(f"{where}: label {entry.get('label')!r} is not a taxonomy theme")
    pattern = entry.get("pattern")
    if isinstance(pattern, str):
        if not pattern.strip():
            raise PatternError(f"{where}: empty phrase pattern")
    elif not (isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)):
        raise PatternError(f"{where}: pattern must be a phrase or a list of token dicts")


def load_patterns(lang: str) -> list[dict[str, Any]]:
    """All patterns of one language, checked; ids must be unique across every file."""
    check_unique_ids()
    patterns: list[dict[str, Any]] = []
    for path in pattern_files(lang):
        for number, entry in _read(path):
            check_entry(entry, f"{lang}/{path.name}:{number}")
            patterns.append(entry)
    return patterns


def check_unique_ids() -> dict[str, str]:
    """Map every rule id to where it is defined; raise on the first duplicate (all languages)."""
    seen: dict[str, str] = {}
    for path in pattern_files():
        for number, entry in _read(path):
            where = f"{path.parent.name}/{path.name}:{number}"
            rule_id = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(rule_id, str) and rule_id in seen:
                raise PatternError(f"{where}: id {rule_id!r} already used at {seen[rule_id]}")
            if isinstance(rule_id, str):
                seen[rule_id] = where
    return seen
