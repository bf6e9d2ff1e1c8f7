"""Custom pipeline components, registered in this one module (imported by pipeline.py)."""

from __future__ import annotations

import re
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


class GatedSpanRuler:
    """A SpanRuler for token patterns that runs only on docs containing a pattern's first word.

    The Matcher starts every token pattern at every token, so its cost grows with the number of
    patterns times the number of tokens; most clauses contain none of the words these patterns
    start with ("release", "access", "protect" ...), and one regex search over the text tells.
    """

    def __init__(self, nlp: Language, name: str, spans_key: str) -> None:
        self.name = name
        self.ruler = SpanRuler(
            nlp,
            name=name,
            spans_key=spans_key,
            phrase_matcher_attr="LOWER",
            validate=True,
            overwrite=False,
        )
        # First words (Latin) and first characters (Chinese) of the patterns, and their hashes.
        self.words: frozenset[str] = frozenset()
        self.chars: frozenset[str] = frozenset()
        self.first_words: frozenset[int] = frozenset()
        self.always = False

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        self.ruler.add_patterns(patterns)
        words, chars = set(), set()
        for entry in self.ruler.patterns:
            first = entry["pattern"][0] if isinstance(entry["pattern"], list) else {}
            value = first.get("LOWER", first.get("ORTH"))
            if not isinstance(value, str) or first.get("OP"):
                self.always = True  # no literal first word: this pattern cannot be gated
            elif len(value) == 1 and not value.isascii():
                chars.add(value)
            elif _WORD.fullmatch(value.lower()):
                words.add(value.lower())
            else:
                self.always = True
        self.words, self.chars = frozenset(words), frozenset(chars)
        strings = self.ruler.nlp.vocab.strings
        self.first_words = frozenset(strings.add(w) for w in words | chars)

    def __call__(self, doc: Doc) -> Doc:
        # Compare hashes of the tokens' lower-case forms: one C-level array, no Python strings.
        if self.always or not self.first_words.isdisjoint(doc.to_array(LOWER).tolist()):
            return self.ruler(doc)
        return doc


# Words as the gate sees them: runs of letters, which is how the first tokens are spelled.
_WORD = re.compile(r"[a-z]+")


@Language.factory("gated_span_ruler", default_config={"spans_key": THEME_SPANS_KEY})
def make_gated_span_ruler(nlp: Language, name: str, spans_key: str) -> GatedSpanRuler:
    return GatedSpanRuler(nlp, name, spans_key)
