"""Tag clauses: themes with stance and evidence, modality and actor (pure, no ORM)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Sequence

from spacy.tokens import Doc, Span

from policyapp.tagging.actor import actor_en, actor_zh, carry_lead_actors
from policyapp.tagging.components import NEGATIVE_SPANS_KEY, THEME_SPANS_KEY
from policyapp.tagging.modality_en import undertaking_en
from policyapp.tagging.modality_zh import undertaking_zh
from policyapp.tagging.pipeline import LANGUAGES, get_pipeline
from policyapp.tagging.stance import doc_stances
from policyapp.tagging.taxonomy import DIRECTIVE, NEGATIVE_PREFIX, STATEMENT, THEMES
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
    texts: Sequence[str],
    lang: str,
    groups: Sequence[Hashable] | None = None,
    lead_ins: Sequence[int | None] | None = None,
) -> list[ClauseTagging]:
    """Tag a batch of clauses in one language ("en" or "zh") with the shared pipeline.

    `groups`, one key per text (the clause's paragraph or list-item label), lets a lead
    named by the first sentence ("Led by DOC, ...") carry to the sentences after it.
    `lead_ins`, one per text (``segment.lead_ins``): the index of the sentence whose list
    the clause continues, so "The Commission will:" gives its items modality and actor.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGUAGES}")
    nlp = get_pipeline(lang)
    docs = nlp.pipe(texts, batch_size=256)
    results = [tag_doc(doc, lang, text) for text, doc in zip(texts, docs, strict=True)]
    if lead_ins is not None:
        results = inherit_lead_ins(results, lead_ins)
    return results if groups is None else carry_lead_actors(texts, results, groups)


# Checks that found a verb opening the item: it completes its lead-in's sentence.
_VERB_FIRST = ("continued-item:", "imperative:", "gerund-item:", "opening-phrase:")
# Checks that found no undertaking of the item's own: a noun phrase under its lead-in.
_NO_VERB = ("no-undertaking",)


def inherit_lead_ins(
    taggings: list[ClauseTagging], lead_ins: Sequence[int | None]
) -> list[ClauseTagging]:
    """List items take the modality and actor of the lead-in they continue (TAXONOMY v1.1:
    the main verb decides, and a list item's subject and modal are its lead-in's).

    An item without a verb of its own takes the lead-in's modality; an item that opens with
    a verb keeps its verb's modality under a DIRECTIVE lead-in ("will: promote" encourages)
    and takes an encouragement or call from its lead-in ("are encouraged to: invest").
    A STATEMENT lead-in ("This will require:") passes nothing on.
    """
    result = list(taggings)
    for index, lead in enumerate(lead_ins):
        if lead is None or not 0 <= lead < len(taggings) or lead == index:
            continue
        head, item = taggings[lead], result[index]
        if head.modality == STATEMENT:
            continue
        if item.modality_rule.startswith(_NO_VERB):
            modality = head.modality
        elif item.modality_rule.startswith(_VERB_FIRST):
            modality = item.modality if head.modality == DIRECTIVE else head.modality
        else:
            continue
        result[index] = dataclasses.replace(
            item,
            modality=modality,
            actor=item.actor or head.actor,
            modality_rule=f"lead-in({head.modality_rule})",
        )
    return result
