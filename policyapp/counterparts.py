"""Counterparts across plans: which clauses of another plan say the same thing (pure).

A clause's counterparts in a target plan are ranked by what they share: the themes (with
the same stance counting more), the modality, and the words (TF-IDF over English lemmas,
stop words removed). A Chinese clause has no English words of its own: its text, or the
target's, is read through a bilingual glossary of cue terms (`data/glossary.tsv`) into
English concept tokens, so 开源社区 meets "open-source community". Where a Chinese clause
has an English translation the caller passes the English side instead.

No ORM here: the caller hands in `ClauseFacts` and gets `Counterpart`s with their reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

GLOSSARY_FILE = Path(__file__).with_name("data") / "glossary.tsv"

# How much each kind of agreement weighs; they add up to 1 for a perfect counterpart.
WEIGHT_WORDS = 0.5
WEIGHT_THEMES = 0.3
WEIGHT_STANCE = 0.12
WEIGHT_MODALITY = 0.08
# A suggestion below this shares too little to be worth an analyst's look.
MIN_SCORE = 0.05

_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z][a-z0-9]*")


@dataclass(frozen=True)
class ClauseFacts:
    """What counterparts compare: a clause's text (its English side when it has one), its
    counted themes with their stance, and its modality."""

    id: int
    text: str
    themes: dict[str, str] = field(default_factory=dict)
    modality: str = ""


@dataclass(frozen=True)
class Counterpart:
    id: int
    score: float
    shared_themes: tuple[str, ...]
    same_stance: tuple[str, ...]
    shared_terms: tuple[str, ...]
    same_modality: bool


@cache
def _lemmas():
    """spaCy's English lemma lookup table (spacy-lookups-data); keyed by hashed strings,
    so asked through its own `get`."""
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    # "Open" is a stop word nowhere that matters here, and it carries the whole subject.
    return frozenset(STOP_WORDS) - {"open", "well", "full"}


@cache
def glossary() -> dict[str, tuple[str, ...]]:
    """Chinese term → its English renderings, from the data file."""
    terms: dict[str, tuple[str, ...]] = {}
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        zh, en = line.split("\t")
        terms[zh.strip()] = tuple(part.strip() for part in en.split("|"))
    return terms


@cache
def _glossary_pattern() -> re.Pattern:
    # Longest first, so 开源社区 wins over 开源 where both would match.
    terms = sorted(glossary(), key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in terms))


def english_words(text: str) -> list[str]:
    """Lemmas of an English text, lower case, stop words out ("controls" → "control")."""
    lemmas, stop = _lemmas(), _stop_words()
    words = []
    for word in _WORD.findall(text.lower()):
        lemma = lemmas.get(word, word)
        if lemma not in stop and word not in stop and len(lemma) > 1:
            words.append(lemma)
    return words


def glossary_terms(text: str) -> list[str]:
    """The glossary's Chinese terms found in a text, longest match first, left to right."""
    return _glossary_pattern().findall(text)


def concept_words(text: str) -> list[list[str]]:
    """A text as runs of English lemmas: a Chinese text through the glossary (one run per
    rendering of each term found), an English text as itself."""
    if not _HAN.search(text):
        return [english_words(text)]
    english = [english_words(_HAN.sub(" ", text))]
    for term in glossary_terms(text):
        english.extend(english_words(rendering) for rendering in glossary()[term])
    return english


def analyse(text: str) -> list[str]:
    """The tokens TF-IDF counts: lemmas and the pairs of adjacent lemmas within a run
    ("open source" is worth more than "open" and "source" apart)."""
    tokens: list[str] = []
    for run in concept_words(text):
        tokens.extend(run)
        tokens.extend(f"{a} {b}" for a, b in zip(run, run[1:], strict=False))
    return tokens


class CounterpartIndex:
    """The clauses of one plan, fitted once, asked many times (callers cache it per version)."""

    def __init__(self, clauses: list[ClauseFacts]):
        # Imported here: scikit-learn and numpy load only in processes that rank (a web
        # process starts without them).
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.ids = [clause.id for clause in clauses]
        self.position = {clause_id: row for row, clause_id in enumerate(self.ids)}
        self.vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True)
        texts = [clause.text for clause in clauses]
        self.matrix = self.vectorizer.fit_transform(texts) if texts else None
        self.terms = self.vectorizer.get_feature_names_out() if texts else []

    def similarity(self, clause: ClauseFacts):
        """The clause's words against every indexed clause: (query vector, cosine per row)."""
        query = self.vectorizer.transform([clause.text])
        return query, (self.matrix @ query.T).toarray().ravel()

    def rank(
        self,
        clause: ClauseFacts,
        target_facts: dict[int, ClauseFacts],
        *,
        limit: int = 10,
        exclude: frozenset[int] = frozenset(),
        always: tuple[int, ...] = (),
        words=None,
    ) -> list[Counterpart]:
        """The best counterparts of `clause` among the indexed clauses.

        `target_facts` gives the themes and modality of the target clauses that have any
        (the index itself holds only words: tags change, texts do not); the facts of
        clauses that cannot reach the best `limit` may be left out (`facts_wanted`). Ids
        in `exclude` never come back; ids in `always` come first, whatever their score.
        `words` is `similarity(clause)` when the caller has it already.
        """
        if self.matrix is None:
            return []
        import numpy as np

        query, similarity = words if words is not None else self.similarity(clause)
        scores, agreement = self._scores(clause, similarity, target_facts, exclude)
        position = self.position
        pinned = [i for i in always if i in position and i not in exclude]
        wanted = min(len(scores), limit + len(pinned))
        best = np.argpartition(-scores, wanted - 1)[:wanted] if wanted else []
        rows = [position[i] for i in pinned] + [
            int(row) for row in best if self.ids[row] not in pinned and scores[row] >= MIN_SCORE
        ]
        rows = rows[: len(pinned)] + sorted(rows[len(pinned) :], key=lambda r: (-scores[r], r))
        query_terms = set(query.nonzero()[1])
        results = []
        for row in rows[:limit]:
            other_id = self.ids[row]
            shared, same_stance, same_modality = agreement.get(other_id, ((), (), False))
            results.append(
                Counterpart(
                    id=other_id,
                    score=round(float(max(scores[row], 0.0)), 4),
                    shared_themes=shared,
                    same_stance=same_stance,
                    shared_terms=self._shared_terms(query_terms, row),
                    same_modality=same_modality,
                )
            )
        return results

    def facts_wanted(
        self,
        clause: ClauseFacts,
        theme_facts: dict[int, ClauseFacts],
        *,
        limit: int = 10,
        exclude: frozenset[int] = frozenset(),
        always: tuple[int, ...] = (),
        words=None,
    ) -> list[int]:
        """Which other clauses' facts `rank` needs, given those of every clause that shares
        a theme with `clause` (`theme_facts`): a clause sharing no theme gains at most
        WEIGHT_MODALITY, and only with shared words, so only those whose words come within
        that of the `limit`-th best score so far can still get in. Knowing these, `rank`
        gives what it gives with every clause's facts, at a fraction of the reading."""
        if self.matrix is None or not clause.modality:
            return []
        import numpy as np

        _, similarity = words if words is not None else self.similarity(clause)
        scores, _ = self._scores(clause, similarity, theme_facts, exclude)
        for other_id in always:
            if other_id in self.position:
                scores[self.position[other_id]] = -1.0
        known = [self.position[i] for i in theme_facts if i in self.position]
        floor = MIN_SCORE
        if limit < len(scores):
            floor = max(floor, float(-np.partition(-scores, limit - 1)[limit - 1]))
        reach = WEIGHT_WORDS * similarity + WEIGHT_MODALITY
        reach[known] = -1.0
        reach[similarity <= 0] = -1.0
        reach[scores < 0] = -1.0
        return [self.ids[row] for row in np.flatnonzero(reach >= floor)]

    def _scores(self, clause: ClauseFacts, similarity, target_facts, exclude):
        """Each indexed clause's score, and the agreement of those with a bonus."""
        # Words score every clause at once; themes, stance and modality add to the clauses
        # that have tags (a minority), so the loop is over those only.
        scores = WEIGHT_WORDS * similarity
        position = self.position
        themes, modality = clause.themes.keys(), clause.modality
        agreement: dict[int, tuple[tuple[str, ...], tuple[str, ...], bool]] = {}
        for other_id, other in target_facts.items():
            row = position.get(other_id)
            if row is None:
                continue
            # Most tagged clauses share no theme and add nothing: skip them cheaply (a
            # shared modality counts only with shared words, see _agreement).
            if themes.isdisjoint(other.themes) and not (
                modality and modality == other.modality and similarity[row]
            ):
                continue
            shared, same_stance, same_modality, bonus = _agreement(
                clause, other, bool(similarity[row])
            )
            if bonus:
                scores[row] += bonus
                agreement[other_id] = (shared, same_stance, same_modality)
        for other_id in exclude:
            if other_id in position:
                scores[position[other_id]] = -1.0
        return scores, agreement

    def _shared_terms(self, query_terms: set[int], row: int, limit: int = 6) -> tuple[str, ...]:
        """The words behind the lexical score, weightiest first; a pair hides its parts."""
        line = self.matrix.getrow(row)
        weights = dict(zip(line.indices, line.data, strict=True))
        shared = sorted(query_terms & weights.keys(), key=lambda i: -weights[i])
        terms = [str(self.terms[i]) for i in shared]
        pairs = [term for term in terms if " " in term]
        covered = {word for pair in pairs for word in pair.split()}
        return tuple([t for t in terms if " " in t or t not in covered][:limit])


def _agreement(
    clause: ClauseFacts, other: ClauseFacts, shares_words: bool
) -> tuple[tuple[str, ...], tuple[str, ...], bool, float]:
    """Shared themes, those with the same stance, same modality, and what they add."""
    shared = tuple(sorted(clause.themes.keys() & other.themes.keys()))
    same_stance = tuple(code for code in shared if clause.themes[code] == other.themes[code])
    same_modality = bool(clause.modality) and clause.modality == other.modality
    bonus = 0.0
    if shared:
        union = clause.themes.keys() | other.themes.keys()
        bonus += WEIGHT_THEMES * len(shared) / len(union)
        bonus += WEIGHT_STANCE * len(same_stance) / len(shared)
    # Agreeing on the form alone ("both are directives") says nothing of the subject.
    if same_modality and (shared or shares_words):
        bonus += WEIGHT_MODALITY
    return shared, same_stance, same_modality, bonus
