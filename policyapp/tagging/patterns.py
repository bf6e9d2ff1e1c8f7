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
from dataclasses import dataclass
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
            if len(entry.get("concepts", ())) == 2:
                continue  # matched as a ConceptPair (load_concept_pairs)
            if "concepts" in entry:
                patterns.extend(expand_concepts(entry, lang, where))
            else:
                patterns.append(entry)
    return patterns


def concept_terms(lang: str, name: str) -> list[str]:
    """The terms of one concept list, lower case, without blank lines and # comments.

    "a+b" names the union of lists a and b, so a narrower list (countries) is written once
    and still belongs to the wider concept (every foreign party)."""
    terms: list[str] = []
    for part in name.split("+"):
        path = CONCEPT_DIR / lang / f"{part}.txt"
        if not path.is_file():
            raise PatternError(f"no concept list {lang}/{part}.txt")
        text = path.read_text(encoding="utf-8")
        terms.extend(line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return sorted(dict.fromkeys(term for term in terms if term))


def expand_concepts(entry: dict[str, Any], lang: str, where: str) -> list[dict[str, Any]]:
    """A one-list concept rule as the phrase patterns it stands for, under the rule's id."""
    if len(entry["concepts"]) != 1:
        raise PatternError(f"{where}: a two-list concept rule is a ConceptPair, not patterns")
    base = {"id": entry["id"], "label": entry["label"]}
    return [base | {"pattern": term} for term in concept_terms(lang, entry["concepts"][0])]


@dataclass(frozen=True)
class ConceptPair:
    """A term of ``first`` followed within ``within`` words (Chinese: characters) by a term
    of ``second``, with no sentence or clause end between; both ways when ``either_order``.
    Matched by the span ruler with set lookups, which the Matcher's wildcards cannot match
    for speed."""

    id: str
    label: str
    first: tuple[str, ...]
    second: tuple[str, ...]
    within: int
    either_order: bool = False


def load_concept_pairs(lang: str) -> list[ConceptPair]:
    pairs = []
    for path in pattern_files(lang):
        for number, entry in _read(path):
            where = f"{lang}/{path.name}:{number}"
            check_entry(entry, where)
            if len(entry.get("concepts", ())) != 2:
                continue
            first, second = (tuple(concept_terms(lang, name)) for name in entry["concepts"])
            if lang == "en" and any(not term.isalnum() for term in first + second):
                raise PatternError(f"{where}: concepts combined by words need one word a line")
            pairs.append(
                ConceptPair(
                    entry["id"], entry["label"], first, second, entry["within"],
                    bool(entry.get("either_order")),
                )
            )
    return pairs


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
