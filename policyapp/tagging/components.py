"""Custom pipeline components, registered in this one module (imported by pipeline.py)."""

from __future__ import annotations

import ast
from typing import Any

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from policyapp.tagging.patterns import ConceptPair
from policyapp.tagging.taxonomy import NEGATIVE_PREFIX

THEME_SPANS_KEY = "themes"
NEGATIVE_SPANS_KEY = "theme_negatives"


def _overlaps(span: Span, other: Span) -> bool:
    return span.start < other.end and other.start < span.end


def split_negatives(spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """(theme spans that no negative vetoes, the negative spans), each in the given order.

    Negatives are separate patterns (label NOT_<THEME>) so that "data center" or "standard
    practice" can veto a cue without every positive pattern having to spell out exceptions.
    """
    negatives = [span for span in spans if span.label_.startswith(NEGATIVE_PREFIX)]
    if not negatives:
        return spans, []
    kept = [
        span
        for span in spans
        if not span.label_.startswith(NEGATIVE_PREFIX)
        and not any(
            neg.label_.removeprefix(NEGATIVE_PREFIX) == span.label_ and _overlaps(span, neg)
            for neg in negatives
        )
    ]
    return kept, negatives


@Language.component("openness_negatives")
def openness_negatives(doc: Doc) -> Doc:
    """Drop theme spans that overlap negative evidence for the same theme (split_negatives)."""
    group = doc.spans.get(THEME_SPANS_KEY)
    if not group:
        return doc
    kept, negatives = split_negatives(list(group))
    if negatives:
        doc.spans[THEME_SPANS_KEY] = kept
        doc.spans[NEGATIVE_SPANS_KEY] = negatives
    return doc


class GatedSpanRuler(SpanRuler):
    """A SpanRuler that runs its token patterns only on docs containing one of their first words.

    The Matcher starts every token pattern at every token, so its cost grows with the number of
    patterns times the number of tokens; most clauses contain none of the words these patterns
    start with ("release", "access", "protect" ...), and the tokens' hashes tell at once. When
    the gate opens, only the patterns starting with the words present run; Chinese patterns run
    (all token patterns with them) when the text holds one of their leading strings. Phrase
    patterns (hash lookups, cheap at any size) always run. Matching otherwise as in SpanRuler.
    """

    # Hashes of the lower-case first words of token patterns, one Matcher of the patterns
    # starting with each, and for Chinese patterns (one token per character) their leading
    # characters, which the text must contain: set by _index_token_patterns.
    first_words: frozenset[int]
    first_word_matchers: dict[int, Matcher]
    prefixes: tuple[str, ...]
    prefix_heads: frozenset[int]
    always: bool

    def __init__(self, nlp: Language, name: str = "span_ruler", **kwargs: Any) -> None:
        # SpanRuler.__init__ calls clear(), which indexes the (no) token patterns.
        super().__init__(nlp, name, **kwargs)
        # Match key -> (label, id), read from the key's string and kept.
        self._labels: dict[int, tuple[str, str]] = {}
        self.pairs: list[tuple[ConceptPair, frozenset[int], frozenset[int]]] = []
        self.pair_heads: frozenset[int] = frozenset()
        self.stops: frozenset[int] = frozenset()
        self.cjk = nlp.lang == "zh"

    def add_concept_pairs(self, pairs: list[ConceptPair]) -> None:
        """Rules that combine two concept lists; see patterns.ConceptPair."""
        strings = self.nlp.vocab.strings
        self.pairs = [
            (pair, frozenset(map(strings.add, pair.first)), frozenset(map(strings.add, pair.second)))
            for pair in pairs
        ]
        self.pair_heads = frozenset().union(*(a | b for _, a, b in self.pairs))
        self.stops = frozenset(map(strings.add, _PAIR_STOPS))

    def _concept_pair_spans(self, doc: Doc, words: list[int]) -> list[Span]:
        if self.cjk:
            return self._concept_pair_spans_cjk(doc)
        present = self.pair_heads.intersection(words)
        if not present:
            return []
        spans = []
        for pair, first, second in self.pairs:
            # Both concepts must be in the clause before any position is looked at.
            if first.isdisjoint(present) or second.isdisjoint(present):
                continue
            orders = [(first, second), (second, first)] if pair.either_order else [(first, second)]
            for left, right in orders:
                for i, word in enumerate(words):
                    if word not in left:
                        continue
                    for j in range(i + 1, min(len(words), i + pair.within + 2)):
                        if words[j] in right:
                            spans.append(Span(doc, i, j + 1, label=pair.label, span_id=pair.id))
                            break
                        if words[j] in self.stops:
                            break
        return spans

    def _concept_pair_spans_cjk(self, doc: Doc) -> list[Span]:
        text = doc.text
        spans = []
        for pair, _, _ in self.pairs:
            if not any(t in text for t in pair.first) or not any(t in text for t in pair.second):
                continue
            orders = [(pair.first, pair.second), (pair.second, pair.first)]
            for left, right in orders[: 2 if pair.either_order else 1]:
                for a in left:
                    start = text.find(a)
                    while start >= 0:
                        window = text[start + len(a) : start + len(a) + pair.within + max(map(len, right))]
                        best = None
                        for b in right:
                            k = window.find(b)
                            if 0 <= k <= pair.within and not any(c in _PAIR_STOPS for c in window[:k]):
                                best = k + len(b) if best is None else min(best, k + len(b))
                        if best is not None:
                            span = doc.char_span(start, start + len(a) + best, label=pair.label,
                                                 span_id=pair.id, alignment_mode="expand")
                            if span is not None:
                                spans.append(span)
                        start = text.find(a, start + 1)
        return spans

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        super().add_patterns(patterns)
        self._index_token_patterns()

    def remove(self, label: str) -> None:
        super().remove(label)
        self._index_token_patterns()

    def remove_by_id(self, pattern_id: str) -> None:
        super().remove_by_id(pattern_id)
        self._index_token_patterns()

    def clear(self) -> None:
        super().clear()
        self._index_token_patterns()

    def _index_token_patterns(self) -> None:
        strings = self.nlp.vocab.strings
        first_words: set[int] = set()
        matchers: dict[int, Matcher] = {}
        prefixes: set[str] = set()
        heads: set[int] = set()
        self.always = False
        for entry in self.patterns:
            if isinstance(entry["pattern"], str):
                continue
            prefix = _literal_cjk_prefix(entry["pattern"])
            first = entry["pattern"][0]
            value = first.get("LOWER", first.get("ORTH"))
            words: set[int] = set()
            if len(prefix) >= 2:
                prefixes.add(prefix)
                heads.add(strings.add(prefix[0]))
            elif isinstance(value, str) and not first.get("OP"):
                words.add(strings.add(value.lower()))
            elif isinstance(value, dict) and set(value) == {"IN"} and not first.get("OP"):
                # A concept list as first token: each of its words opens the gate.
                words.update(strings.add(str(word).lower()) for word in value["IN"])
            else:
                self.always = True  # no literal first word: this pattern cannot be gated
            # The match key SpanRuler gives the pattern, so match() reads label and id alike.
            key = repr((entry["label"], entry.get("id", "")))
            for word in words:
                if word not in matchers:
                    matchers[word] = Matcher(
                        self.nlp.vocab,
                        validate=self.validate,
                        fuzzy_compare=self.matcher_fuzzy_compare,
                    )
                matchers[word].add(key, [entry["pattern"]])
            first_words |= words
        self.first_words = frozenset(first_words)
        self.first_word_matchers = matchers
        self.prefixes = tuple(sorted(prefixes))
        self.prefix_heads = frozenset(heads)

    def _prefix_gate_open(self, doc: Doc, words: list[int]) -> bool:
        # Token hashes first (one C-level array); the text is only built when a head matched.
        if self.prefix_heads and not self.prefix_heads.isdisjoint(words):
            return _contains_any(doc.text, self.prefixes)
        return False

    def match(self, doc: Doc) -> list[Span]:
        matches = list(self.phrase_matcher(doc))
        words = doc.to_array(LOWER).tolist()
        if self.always or self._prefix_gate_open(doc, words):
            matches.extend(self.matcher(doc))
        else:
            # The Matcher tries each of its patterns at every token: the fewer it holds, the
            # faster it runs, so only the patterns starting with a word of the clause run.
            for word in self.first_words.intersection(words):
                matches.extend(self.first_word_matchers[word](doc))
        pairs = self._concept_pair_spans(doc, words) if self.pairs else []
        if not matches and not pairs:
            return []
        labels = self._labels
        spans = set(pairs)
        for key, start, end in matches:
            if start == end:
                continue
            if key not in labels:
                labels[key] = _label_and_id(self.nlp.vocab.strings[key])
            label, rule = labels[key]
            spans.add(Span(doc, start, end, label=label, span_id=rule))
        return sorted(spans)


# A concept pair never spans the end of a sentence or clause.
_PAIR_STOPS = (".", ";", "!", "?", ":", "。", "；", "！", "？", "：")


def _label_and_id(key: str) -> tuple[str, str]:
    """SpanRuler names each match "(label, id)" as the repr of a tuple of two strings."""
    value = ast.literal_eval(key)
    if not (isinstance(value, tuple) and len(value) == 2):
        raise ValueError(f"unexpected span ruler match key {key!r}")
    return str(value[0]), str(value[1])


def _contains_any(text: str, parts: tuple[str, ...]) -> bool:
    return any(part in text for part in parts)


def _literal_cjk_prefix(pattern: list[dict[str, Any]]) -> str:
    """The leading single-character literal tokens of a Chinese pattern, joined ("模型")."""
    chars = []
    for token in pattern:
        value = token.get("ORTH", token.get("LOWER"))
        if token.get("OP") or not isinstance(value, str) or len(value) != 1 or value.isascii():
            break
        chars.append(value)
    return "".join(chars)


@Language.factory(
    "openness_span_ruler",
    default_config={
        "spans_key": THEME_SPANS_KEY,
        "phrase_matcher_attr": "LOWER",
        "validate": True,
        "overwrite": True,
    },
)
def make_gated_span_ruler(
    nlp: Language,
    name: str,
    spans_key: str,
    phrase_matcher_attr: str,
    validate: bool,
    overwrite: bool,
) -> GatedSpanRuler:
    return GatedSpanRuler(
        nlp,
        name,
        spans_key=spans_key,
        phrase_matcher_attr=phrase_matcher_attr,
        validate=validate,
        overwrite=overwrite,
    )
