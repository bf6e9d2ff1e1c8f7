"""Load the theme pattern files (rules as data) and check them against our schema.

One JSON Lines file per theme family and language: patterns/<lang>/<family>.jsonl. Each line is
{"id", "label", "pattern", "note"?}; ``label`` is a theme code or NOT_<code> (negative evidence),
``pattern`` a phrase (matched on LOWER) or a spaCy token pattern.

Instead of ``pattern`` a line may name concept lists (concepts/<lang>/<name>.txt, one term a
line): {"concepts": ["compute"]} matches any term of the list; {"concepts": ["cooperation",
"foreign_parties"], "within": 4} matches a term of the first list followed, at most ``within``
words later, by a term of the second (and with "either_order": true, the other way round too).
A concept is thus written once and combined, instead of in hundreds of fixed phrases.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policyapp.tagging.jsonl import JsonLinesError, read_jsonl
from policyapp.tagging.taxonomy import is_valid_label

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"
CONCEPT_DIR = Path(__file__).resolve().parent / "concepts"
LANGS: tuple[str, ...] = ("en", "zh")
ALLOWED_KEYS = frozenset({"id", "label", "pattern", "concepts", "within", "either_order", "note"})


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
    if "concepts" in entry:
        concepts = entry["concepts"]
        if "pattern" in entry:
            raise PatternError(f"{where}: give a pattern or concepts, not both")
        if not (isinstance(concepts, list) and 1 <= len(concepts) <= 2):
            raise PatternError(f"{where}: concepts must name one or two lists")
        if len(concepts) == 2 and not (isinstance(entry.get("within"), int) and entry["within"] >= 0):
            raise PatternError(f"{where}: two concepts need a distance, within")
        return
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
            where = f"{lang}/{path.name}:{number}"
            check_entry(entry, where)
            if "concepts" in entry:
                patterns.extend(expand_concepts(entry, lang, where))
            else:
                patterns.append(entry)
    return patterns


def concept_terms(lang: str, name: str) -> list[str]:
    """The terms of one concept list, lower case, without blank lines and # comments."""
    path = CONCEPT_DIR / lang / f"{name}.txt"
    if not path.is_file():
        raise PatternError(f"no concept list {lang}/{name}.txt")
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return sorted(dict.fromkeys(line for line in lines if line))


def expand_concepts(entry: dict[str, Any], lang: str, where: str) -> list[dict[str, Any]]:
    """A concept rule as the spaCy patterns it stands for, all under the rule's id."""
    base = {"id": entry["id"], "label": entry["label"]}
    names = entry["concepts"]
    if len(names) == 1:
        return [base | {"pattern": term} for term in concept_terms(lang, names[0])]
    first, second = (concept_terms(lang, name) for name in names)
    for name, terms in zip(names, (first, second), strict=True):
        if lang == "en" and any(not term.isalnum() for term in terms):
            raise PatternError(f"{where}: concept {name} is combined by words, so one word a line")
    # The words between may be anything but the end of a sentence or clause.
    stops = ["。", "；", "！", "？", "："] if lang == "zh" else [".", ";", "!", "?", ":"]
    gap = [{"ORTH": {"NOT_IN": stops}, "OP": "?"}] * entry["within"]
    # Chinese tokens are characters: the terms are matched as character sequences.
    def token(terms: list[str]) -> list[dict[str, Any]]:
        return [{"LOWER": {"IN": terms}}]

    if lang == "zh":
        return [
            base | {"pattern": _zh_sequence(a) + gap + _zh_sequence(b)}
            for x, y in ((first, second), (second, first))[: 2 if entry.get("either_order") else 1]
            for a in x
            for b in y
        ]
    orders = [(first, second)] + ([(second, first)] if entry.get("either_order") else [])
    return [base | {"pattern": token(a) + gap + token(b)} for a, b in orders]


def _zh_sequence(term: str) -> list[dict[str, Any]]:
    return [{"ORTH": char} for char in term]


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
