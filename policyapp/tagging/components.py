"""Custom pipeline components, registered in this one module (imported by pipeline.py)."""

from __future__ import annotations

import re
from typing import Any

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
        self.anchors: re.Pattern[str] | None = None
        self.always = False

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        self.ruler.add_patterns(patterns)
        words = set()
        for entry in self.ruler.patterns:
            first = entry["pattern"][0] if isinstance(entry["pattern"], list) else {}
            value = first.get("LOWER", first.get("ORTH"))
            if isinstance(value, str) and not first.get("OP"):
                words.add(value.lower())
            else:
                self.always = True  # no literal first word: cannot gate this pattern
        # Latin words need boundaries ("open" is not in "reopen"); Chinese has none to test.
        ordered = sorted(words, key=len, reverse=True)
        latin = "|".join(re.escape(w) for w in ordered if w.isascii())
        other = "|".join(re.escape(w) for w in ordered if not w.isascii())
        parts = ([rf"(?<!\w)(?:{latin})(?!\w)"] if latin else []) + ([other] if other else [])
        self.anchors = re.compile("|".join(parts)) if parts else None

    def __call__(self, doc: Doc) -> Doc:
        if self.always or (self.anchors is not None and self.anchors.search(doc.text.lower())):
            return self.ruler(doc)
        return doc


@Language.factory("gated_span_ruler", default_config={"spans_key": THEME_SPANS_KEY})
def make_gated_span_ruler(nlp: Language, name: str, spans_key: str) -> GatedSpanRuler:
    return GatedSpanRuler(nlp, name, spans_key)
