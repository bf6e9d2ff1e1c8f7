"""Build the rule-based spaCy pipelines (blank, no trained model) once per process."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import spacy
from spacy.language import Language

from policyapp.tagging import components  # noqa: F401  (registers the custom components)
from policyapp.tagging.components import THEME_SPANS_KEY
from policyapp.tagging.patterns import load_concept_pairs, load_patterns

LANGUAGES: tuple[str, ...] = ("en", "zh")


def build_pipeline(lang: str, patterns: Sequence[dict[str, Any]] | None = None) -> Language:
    """A fresh pipeline for ``lang``; ``patterns`` defaults to the pattern files (tests pass their own)."""
    if lang == "en":
        # No lemmatizer: the lookup lemmatizer alone cost about as much as tokenizing, so the
        # patterns spell out the word forms they accept ("share/shares/shared/sharing").
        nlp = spacy.blank("en")
    elif lang == "zh":
        # One token per character: jieba's segmentation shifts with context and hides phrases
        # such as 数据开放 inside longer words; look-alikes are vetoed by negative patterns.
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    else:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGUAGES}")
    # A SpanRuler (overlapping spans kept, phrases matched on LOWER, patterns validated) whose
    # token patterns only run when a clause contains one of their first words.
    ruler = nlp.add_pipe(
        "openness_span_ruler",
        name="span_ruler",
        config={
            "spans_key": THEME_SPANS_KEY,
            "phrase_matcher_attr": "LOWER",
            "validate": True,
            "overwrite": True,
        },
    )
    nlp.add_pipe("openness_negatives")
    ruler.add_patterns(list(load_patterns(lang) if patterns is None else patterns))
    if patterns is None:
        ruler.add_concept_pairs(load_concept_pairs(lang))
    return nlp


@functools.cache
def get_pipeline(lang: str) -> Language:
    """The shared pipeline for ``lang``, built on first use and kept for the process."""
    return build_pipeline(lang)
