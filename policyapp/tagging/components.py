"""Custom pipeline components, registered in this one module (imported by pipeline.py)."""

from __future__ import annotations

from spacy.language import Language
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
    spans = list(doc.spans.get(THEME_SPANS_KEY, []))
    negatives = [span for span in spans if span.label_.startswith(NEGATIVE_PREFIX)]
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
