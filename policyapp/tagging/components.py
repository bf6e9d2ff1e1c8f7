"""Custom pipeline components, registered in this one module (imported by pipeline.py)."""

from __future__ import annotations

import ast
from typing import Any

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from policyapp.tagging.taxonomy import NEGATIVE_PREFIX

THEME_SPANS_KEY = "themes"
NEGATIVE_SPANS_KEY = "theme_negatives"


def _overlaps(span: Span, other: Span) -> bool:
    return span.start < other.end and other.start < span.end


@Language.component("openness_negatives")
def openness_negatives(doc: Doc) -> Doc:
    """Drop theme spans that overlap negative evidence for the same theme.

    Negatives are separate patterns (label NOT_<THEME>) so that "data center" or "standard
    practice" can veto a cue without every positive pattern having to spell out exceptions.
    """
    group = doc.spans.get(THEME_SPANS_KEY)
    if not group:
        return doc
    spans = list(group)
    negatives = [span for span in spans if span.label_.startswith(NEGATIVE_PREFIX)]
    if not negatives:
        return doc
    kept = [span for span in spans if not span.label_.startswith(NEGATIVE_PREFIX)]
    if negatives:
        kept = [
            span
            for span in kept
            if not any(
                neg.label_.removeprefix(NEGATIVE_PREFIX) == span.label_ and _overlaps(span, neg)
                for neg in negatives
            )
        ]
    doc.spans[THEME_SPANS_KEY] = kept
    doc.spans[NEGATIVE_SPANS_KEY] = negatives
    return doc


class GatedSpanRuler(SpanRuler):
    """A SpanRuler that runs its token patterns only on docs containing one of their first words.

    The Matcher starts every token pattern at every token, so its cost grows with the number of
    patterns times the number of tokens; most clauses contain none of the words these patterns
    start with ("release", "access", "protect" ...), and the tokens' hashes tell at once. Phrase
    patterns (hash lookups, cheap at any size) always run. Matching otherwise as in SpanRuler.
    """

    def __init__(self, nlp: Language, name: str = "span_ruler", **kwargs: Any) -> None:
        super().__init__(nlp, name, **kwargs)
        # Hashes of the lower-case first words of token patterns, and for Chinese patterns (one
        # token per character) their leading characters, which the text must contain.
        self.first_words: frozenset[int] = frozenset()
        self.prefixes: tuple[str, ...] = ()
        self.prefix_heads: frozenset[int] = frozenset()
        self.always = False
        # Match key -> (label, id), read from the key's string and kept.
        self._labels: dict[int, tuple[str, str]] = {}

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        super().add_patterns(patterns)
        strings = self.nlp.vocab.strings
        first_words: set[int] = set()
        prefixes: set[str] = set()
        heads: set[int] = set()
        self.always = False
        for entry in self.patterns:
            if isinstance(entry["pattern"], str):
                continue
            prefix = _literal_cjk_prefix(entry["pattern"])
            first = entry["pattern"][0]
            value = first.get("LOWER", first.get("ORTH"))
            if len(prefix) >= 2:
                prefixes.add(prefix)
                heads.add(strings.add(prefix[0]))
            elif isinstance(value, str) and not first.get("OP"):
                first_words.add(strings.add(value.lower()))
            elif isinstance(value, dict) and set(value) == {"IN"} and not first.get("OP"):
                # A concept list as first token: each of its words opens the gate.
                first_words.update(strings.add(str(word).lower()) for word in value["IN"])
            else:
                self.always = True  # no literal first word: this pattern cannot be gated
        self.first_words = frozenset(first_words)
        self.prefixes = tuple(sorted(prefixes))
        self.prefix_heads = frozenset(heads)

    def _gate_open(self, doc: Doc) -> bool:
        # Token hashes first (one C-level array); the text is only built when a head matched.
        words = doc.to_array(LOWER).tolist()
        if self.first_words and not self.first_words.isdisjoint(words):
            return True
        if self.prefix_heads and not self.prefix_heads.isdisjoint(words):
            return _contains_any(doc.text, self.prefixes)
        return False

    def match(self, doc: Doc) -> list[Span]:
        matches = list(self.phrase_matcher(doc))
        if self.always or self._gate_open(doc):
            matches.extend(self.matcher(doc))
        if not matches:
            return []
        labels = self._labels
        spans = set()
        for key, start, end in matches:
            if start == end:
                continue
            if key not in labels:
                labels[key] = _label_and_id(self.nlp.vocab.strings[key])
            label, rule = labels[key]
            spans.add(Span(doc, start, end, label=label, span_id=rule))
        return sorted(spans)


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
