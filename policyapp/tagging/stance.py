"""Stance of each theme from cue words just before its spans, with the taxonomy's defaults."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

from policyapp.tagging.lexicon import cue_words
from policyapp.tagging.taxonomy import DEFAULT_STANCE, NEUTRAL, PROMOTES, RESTRICTS

# Word forms (English) that narrow openness when they govern a theme mention.
RESTRICT_CUES_EN = cue_words("en_restrict_cues")
# Word forms that only mention or study a theme.
NEUTRAL_CUES_EN = cue_words("en_neutral_cues")
RISK_WORDS = frozenset(["risk", "risks", "threat", "threats", "harm", "harms", "misuse", "abuse"])
RESTRICT_CUES_ZH = ("限制", "禁止", "防止", "管控", "管制", "封锁")
NEUTRAL_CUES_ZH = ("评估", "监测", "研判")
# How far before a theme span a cue may stand (tokens; characters for Chinese).
WINDOW_EN = 6
WINDOW_ZH = 8
RESTRICTING_THEMES = frozenset(t for t, s in DEFAULT_STANCE.items() if s == RESTRICTS)


def _cue_before(span: Span, lang: str) -> str | None:
    doc = span.doc
    if lang == "zh":
        left = doc.text[max(0, span.start_char - WINDOW_ZH) : span.start_char]
        left = left.rsplit("。", 1)[-1].rsplit("；", 1)[-1].rsplit("，", 1)[-1]
        if any(cue in left for cue in RESTRICT_CUES_ZH):
            return RESTRICTS
        if any(cue in left for cue in NEUTRAL_CUES_ZH):
            return NEUTRAL
        return None
    past_risk = False
    for token in reversed(doc[max(0, span.start - WINDOW_EN) : span.start]):
        # A cue in another clause ("test AI tools while committing to open data") governs
        # that clause, not the theme.
        if token.text in {";", ".", ":"} or token.lower_ in {"while", "whereas", "where"}:
            break
        lower = token.lower_
        # "prevent risks from black-box models": a restricting verb governs the risk, not the
        # theme; "assess the risks of open models" still only studies the theme.
        past_risk = past_risk or lower in RISK_WORDS
        if lower in RESTRICT_CUES_EN and not past_risk:
            return RESTRICTS
        if lower in NEUTRAL_CUES_EN:
            return NEUTRAL
    return None


def theme_stance(theme: str, spans: Iterable[Span], lang: str) -> str:
    """PROMOTES, RESTRICTS or NEUTRAL for one theme of a clause."""
    default = DEFAULT_STANCE[theme]
    cues = {_cue_before(span, lang) for span in spans} - {None}
    if theme in RESTRICTING_THEMES:
        # Controls and security limits are restrictive by nature; only study makes them neutral.
        return NEUTRAL if cues == {NEUTRAL} else default
    if RESTRICTS in cues:
        return RESTRICTS
    if NEUTRAL in cues:
        return NEUTRAL
    return PROMOTES if default == PROMOTES else default


def doc_stances(doc: Doc, spans_by_theme: dict[str, list[Span]], lang: str) -> dict[str, str]:
    return {theme: theme_stance(theme, spans, lang) for theme, spans in spans_by_theme.items()}
