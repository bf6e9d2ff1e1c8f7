"""Tag clauses: themes with stance and evidence, modality and actor (pure, no ORM)."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from spacy.tokens import Doc, Span

from policyapp.tagging.actor import actor_en, actor_zh, carry_lead_actors
from policyapp.tagging.components import NEGATIVE_SPANS_KEY, THEME_SPANS_KEY
from policyapp.tagging.modality_en import undertaking_en
from policyapp.tagging.modality_zh import undertaking_zh
from policyapp.tagging.pipeline import LANGUAGES, get_pipeline
from policyapp.tagging.stance import doc_stances
from policyapp.tagging.taxonomy import NEGATIVE_PREFIX, THEMES
from policyapp.tagging.types import ClauseTagging, Evidence

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str) -> str:
    """'zh' when Chinese characters outnumber Latin letters, else 'en'."""
    return "zh" if len(_CJK.findall(text)) > len(_LATIN.findall(text)) else "en"


def _evidence(span: Span) -> Evidence:
    return Evidence(
        theme=span.label_.removeprefix(NEGATIVE_PREFIX),
        rule=span.id_,
        start=span.start_char,
        end=span.end_char,
    )


def tag_doc(doc: Doc, lang: str, text: str | None = None) -> ClauseTagging:
    """The tagging of one processed clause; ``text`` is doc.text when the caller has it."""
    # doc.text is rebuilt from the tokens on every access: read it at most once.
    text = doc.text if text is None else text
    groups = doc.spans
    spans = list(groups[THEME_SPANS_KEY]) if THEME_SPANS_KEY in groups else []
    stances: dict[str, str] = {}
    if spans:
        spans.sort(key=lambda s: (s.start_char, s.end_char))
        by_theme: dict[str, list[Span]] = {}
        for span in spans:
            by_theme.setdefault(span.label_, []).append(span)
        ordered = {theme: by_theme[theme] for theme in THEMES if theme in by_theme}
        stances = doc_stances(doc, ordered, lang)
    negatives = groups.get(NEGATIVE_SPANS_KEY, ())
    if lang == "zh":
        undertaking = undertaking_zh(text)
        actor = actor_zh(text, undertaking)
    else:
        undertaking = undertaking_en(text)
        actor = actor_en(text, undertaking)
    return ClauseTagging(
        themes=stances,
        modality=undertaking.modality,
        actor=actor,
        evidence=[_evidence(span) for span in spans],
        suppressed=[_evidence(span) for span in negatives],
        modality_rule=undertaking.cue,
    )


def tag_texts(
    texts: Sequence[str], lang: str, groups: Sequence[Hashable] | None = None
) -> list[ClauseTagging]:
    """Tag a batch of clauses in one language ("en" or "zh") with the shared pipeline.

    `groups`, one key per text (the clause's paragraph or list-item label), lets a lead
    named by the first sentence ("Led by DOC, ...") carry to the sentences after it.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGUAGES}")
    nlp = get_pipeline(lang)
    docs = nlp.pipe(texts, batch_size=256)
    results = [tag_doc(doc, lang, text) for text, doc in zip(texts, docs, strict=True)]
    return results if groups is None else carry_lead_actors(texts, results, groups)
