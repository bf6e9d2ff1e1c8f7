"""Data files about parties: agencies (names and acronyms) and who counts as author or other."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Agency:
    lang: str
    name: str
    acronyms: tuple[str, ...]

    @property
    def canonical(self) -> str:
        """The short form analysts write: the first acronym of an English entry, the Chinese name."""
        if self.lang == "zh" or not self.acronyms:
            return self.name
        return self.acronyms[0]


@functools.cache
def agencies() -> tuple[Agency, ...]:
    lines = (DATA_DIR / "agencies.jsonl").read_text(encoding="utf-8").splitlines()
    return tuple(
        Agency(entry["lang"], entry["name"], tuple(entry["acronyms"]))
        for entry in map(json.loads, filter(str.strip, lines))
    )


@functools.cache
def parties() -> dict[str, tuple[str, ...]]:
    data = json.loads((DATA_DIR / "parties.json").read_text(encoding="utf-8"))
    return {key: tuple(values) for key, values in data.items() if not key.startswith("_")}


@functools.cache
def agency_index() -> dict[str, str]:
    """Lower-cased name or acronym -> canonical form, across languages."""
    index: dict[str, str] = {}
    for agency in agencies():
        for form in (agency.name, *agency.acronyms):
            index.setdefault(form.lower(), agency.canonical)
    return index


@functools.cache
def agency_regex() -> re.Pattern[str]:
    """Any agency name or acronym as a whole word; acronyms match case-sensitively."""
    names = sorted(
        {form for agency in agencies() for form in (agency.name, *agency.acronyms)},
        key=len,
        reverse=True,
    )
    # Case matters for acronyms ("ED", "IC", "DOS") that are also ordinary words. Latin names
    # need word boundaries; Chinese has none (国家发展改革委要 ...).
    latin = [re.escape(name) for name in names if name.isascii()]
    chinese = [re.escape(name) for name in names if not name.isascii()]
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(latin) + r")(?![\w-])|" + "|".join(chinese)
    )


def canonical_agencies(text: str) -> list[str]:
    """Canonical forms of the agencies named in ``text``, in order, without repeats."""
    found: list[str] = []
    for match in agency_regex().finditer(text):
        canonical = agency_index()[match.group(0).lower()]
        if canonical not in found:
            found.append(canonical)
    return found


@functools.cache
def cue_words(key: str) -> frozenset[str]:
    """A list of cue words from data/cues.json (modality and stance vocabularies)."""
    data = json.loads((DATA_DIR / "cues.json").read_text(encoding="utf-8"))
    return frozenset(data[key])


@functools.cache
def english_verbs() -> tuple[frozenset[str], frozenset[str]]:
    """(verbs, verbs that are never nouns): base forms from the WordNet-derived lemma index
    of spacy-lookups-data, so a verb is written once and any verb of English is known."""
    import gzip
    from importlib.resources import files

    raw = (files("spacy_lookups_data") / "data" / "en_lemma_index.json.gz").read_bytes()
    index = json.loads(gzip.decompress(raw))
    verbs = frozenset(index["verb"])
    return verbs, verbs - frozenset(index["noun"]) - frozenset(index["adj"])
