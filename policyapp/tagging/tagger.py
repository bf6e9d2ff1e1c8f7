"""Tag clauses: themes with stance and evidence, modality and actor (pure, no ORM)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Sequence

from spacy.tokens import Doc, Span

from policyapp.tagging.actor import actor_en, actor_zh, carry_lead_actors
from policyapp.tagging.components import NEGATIVE_SPANS_KEY, THEME_SPANS_KEY, split_negatives
from policyapp.tagging.modality_en import undertaking_en
from policyapp.tagging.modality_zh import undertaking_zh
from policyapp.tagging.pipeline import LANGUAGES, get_pipeline
from policyapp.tagging.stance import doc_stances
from policyapp.tagging.taxonomy import DIRECTIVE, NEGATIVE_PREFIX, STATEMENT, THEMES
from policyapp.tagging.types import ClauseTagging, Evidence


def _evidence(span: Span) -> Evidence:
    return Evidence(
        theme=span.label_.removeprefix(NEGATIVE_PREFIX),
        rule=span.id_,
        start=span.start_char,
        end=span.end_char,
    )


def tag_doc(doc: Doc, lang: str, text: str | None = None) -> ClauseTagging:
    """The tagging of one clause processed by the pipeline; ``text`` is doc.text when the
    caller has it."""
    # doc.text is rebuilt from the tokens on every access: read it at most once.
    text = doc.text if text is None else text
    groups = doc.spans
    spans = list(groups[THEME_SPANS_KEY]) if THEME_SPANS_KEY in groups else []
    return _tagging(doc, lang, text, spans, list(groups.get(NEGATIVE_SPANS_KEY, ())))


def _tagging(
    doc: Doc, lang: str, text: str, spans: list[Span], negatives: list[Span]
) -> ClauseTagging:
    stances: dict[str, str] = {}
    if spans:
        spans = sorted(spans, key=lambda s: (s.start_char, s.end_char))
        by_theme: dict[str, list[Span]] = {}
        for span in spans:
            by_theme.setdefault(span.label_, []).append(span)
        ordered = {theme: by_theme[theme] for theme in THEMES if theme in by_theme}
        stances = doc_stances(doc, ordered, lang)
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
    # The pipeline's two components (pipeline.build_pipeline) called directly, the spans kept
    # in lists: storing them in doc.spans and reading them back cost a tenth of tagging.
    ruler = nlp.get_pipe("span_ruler")
    acronyms = AcronymThemes()
    results = []
    for text in texts:
        doc = nlp.make_doc(text)
        spans, negatives = split_negatives(ruler.match(doc))
        if lang == "en":
            spans = acronyms.mark_uses(doc, text, spans)
        results.append(_tagging(doc, lang, text, spans, negatives))
        if lang == "en":
            acronyms.learn(spans, text)
    if lead_ins is not None:
        results = inherit_lead_ins(results, lead_ins)
    return results if groups is None else carry_lead_actors(texts, results, groups)


# "National Data Library (NDL)": an acronym in brackets straight after a theme's words.
# "Assessment List for Trustworthy AI (ALTAI)": an acronym in brackets closing the name a
# theme's words belong to (no punctuation between them and the bracket).
_DEFINED_ACRONYM = re.compile(r"[^,;:.()\[\]]{0,60}?\s*\((?P<acronym>[A-Z][A-Za-z]{0,2}[A-Z][A-Za-z]{0,5})\)")
_NAME_WORD = re.compile(r"[A-Za-z]+")
ACRONYM_RULE_PREFIX = "acronym:"


class AcronymThemes:
    """Themes a plan gives its acronyms: once "National Data Library (NDL)" is read as
    OPEN_DATA, a later "the NDL should ..." is too (clauses in reading order).

    Plans name a programme in full once and by its acronym afterwards, so the words a rule
    knows are often gone from the very clauses that commit to the programme. The evidence is
    the acronym itself, under the rule id "acronym:NDL" (defined where the full name matched).
    """

    def __init__(self) -> None:
        self.themes: dict[str, set[str]] = {}

    def learn(self, spans: list[Span], text: str) -> None:
        """Remember the acronyms defined right after the clause's theme spans."""
        for span in spans:
            found = _DEFINED_ACRONYM.match(text, span.end_char)
            if (
                found
                and not span.id_.startswith(ACRONYM_RULE_PREFIX)
                and _spells(found.group("acronym"), text, span.start_char, found.start("acronym"))
            ):
                self.themes.setdefault(found.group("acronym"), set()).add(span.label_)

    def mark_uses(self, doc: Doc, text: str, spans: list[Span]) -> list[Span]:
        """``spans`` and a span for each use of a known acronym whose theme they lack."""
        # A substring test first: most clauses name none of the plan's acronyms.
        if not any(map(text.__contains__, self.themes)):
            return spans
        added = []
        for token in doc:
            labels = self.themes.get(token.text)
            if labels is None or (token.i > 0 and doc[token.i - 1].text == "("):
                continue  # a definition repeated in brackets is matched by its words already
            rule = f"{ACRONYM_RULE_PREFIX}{token.text}"
            # Sorted: the evidence comes in the same order whatever the hash seed.
            added.extend(Span(doc, token.i, token.i + 1, label=label, span_id=rule) for label in sorted(labels))
        if not added:
            return spans
        known = {span.label_ for span in spans}
        return spans + [span for span in added if span.label_ not in known]


def _spells(acronym: str, text: str, span_start: int, bracket: int) -> bool:
    """Whether the words before ``bracket`` spell ``acronym`` from a word at or before the
    theme's span: its capitals in order among the words' initials (every letter of a word in
    capitals, so "AI-on-demand platform" spells AIoD)."""
    letters = [c.lower() for c in acronym if c.isupper()]
    words = list(_NAME_WORD.finditer(text, max(0, span_start - 80), bracket))
    starts = [i for i, w in enumerate(words) if w.start() <= span_start and w.group()[0].lower() == letters[0]]
    if not starts:
        return False
    initials = "".join(w.group().lower() if w.group().isupper() else w.group()[0].lower() for w in words[starts[-1] :])
    rest = iter(initials)
    return all(letter in rest for letter in letters)


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
