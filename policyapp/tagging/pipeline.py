"""Build the rule-based spaCy pipelines (blank, no trained model) once per process."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import spacy
from spacy.language import Language

from policyapp.tagging import components  # noqa: F401  (registers the custom components)
from policyapp.tagging.components import THEME_SPANS_KEY
from policyapp.tagging.patterns import load_patterns

LANGUAGES: tuple[str, ...] = ("en", "zh")


def build_pipeline(lang: str, patterns: Sequence[dict[str, Any]] | None = None) -> Language:
    """A fresh pipeline for ``lang``; ``patterns`` defaults to the pattern files (tests pass their own)."""
    if lang == "en":
        nlp = spacy.blank("en")
        # Lookup lemmas let one token pattern cover "share/shares/shared/sharing".
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    elif lang == "zh":
        # One token per character: jieba's segmentation shifts with context and hides phrases
        # such as 数据开放 inside longer words; look-alikes are vetoed by negative patterns.
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    else:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGUAGES}")
    ruler = nlp.add_pipe(
        "span_ruler",
        config={
            "spans_key": THEME_SPANS_KEY,
            "phrase_matcher_attr": "LOWER",
            "validate": True,
            "overwrite": True,
        },
    )
    nlp.add_pipe("openness_negatives")
    if "lemmatizer" in nlp.pipe_names:
        # Loads the lookup tables from spacy-lookups-data (nlp.initialize() would also log).
        nlp.get_pipe("lemmatizer").initialize()
    # Phrase patterns only need tokens: lemmas on them would make spaCy warn (W012).
    with nlp.select_pipes(disable=[name for name in nlp.pipe_names if name == "lemmatizer"]):
        ruler.add_patterns(list(load_patterns(lang) if patterns is None else patterns))
    return nlp


@functools.cache
def get_pipeline(lang: str) -> Language:
    """The shared pipeline for ``lang``, built on first use and kept for the process."""
    return build_pipeline(lang)
