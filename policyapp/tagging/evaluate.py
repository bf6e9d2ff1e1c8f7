"""Score taggings against gold clause sets (pure: no pipeline, no files beyond reading gold)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policyapp.tagging.jsonl import read_jsonl
from policyapp.tagging.lexicon import canonical_agencies
from policyapp.tagging.quality import CONFIRMED, REJECTED, RuleQuality, rule_quality
from policyapp.tagging.taxonomy import THEMES
from policyapp.tagging.types import ClauseTagging


@dataclass(frozen=True)
class GoldClause:
    id: str
    text: str
    lang: str
    themes: dict[str, str]
    modality: str
    actor: str = ""
    # The section label path, so list items can be read with their lead-in.
    section: str = ""


@dataclass(frozen=True)
class ThemeScore:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ThemeError:
    kind: str  # "FP" or "FN"
    clause_id: str
    theme: str
    # Rules that fired for the theme (FP) or vetoed it (FN); empty when nothing matched.
    rules: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Report:
    clauses: int
    per_theme: dict[str, ThemeScore]
    micro: ThemeScore
    stance_correct: int
    stance_total: int
    modality_correct: int
    actor_correct: int
    errors: list[ThemeError] = field(default_factory=list)

    @property
    def stance_accuracy(self) -> float:
        return self.stance_correct / self.stance_total if self.stance_total else 0.0

    @property
    def modality_accuracy(self) -> float:
        return self.modality_correct / self.clauses if self.clauses else 0.0

    @property
    def actor_accuracy(self) -> float:
        return self.actor_correct / self.clauses if self.clauses else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "clauses": self.clauses,
            "themes": {
                theme: {
                    "precision": round(s.precision, 3),
                    "recall": round(s.recall, 3),
                    "f1": round(s.f1, 3),
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                }
                for theme, s in self.per_theme.items()
            },
            "micro_precision": round(self.micro.precision, 3),
            "micro_recall": round(self.micro.recall, 3),
            "micro_f1": round(self.micro.f1, 3),
            "stance_accuracy": round(self.stance_accuracy, 3),
            "stance_pairs": self.stance_total,
            "modality_accuracy": round(self.modality_accuracy, 3),
            "actor_accuracy": round(self.actor_accuracy, 3),
        }


def read_gold(path: Path) -> list[GoldClause]:
    clauses = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for _, row in read_jsonl(lines, source=path.name):
        clauses.append(
            GoldClause(
                id=str(row["id"]),
                text=row["text"],
                lang=row.get("lang", "en"),
                themes=dict(row.get("themes", {})),
                modality=row["modality"],
                actor=row.get("actor", "") or "",
                section=str(row.get("section", "") or ""),
            )
        )
    return clauses


def _norm(actor: str) -> str:
    actor = actor.lower().replace("’", "'")
    actor = re.sub(r"\b(?:the|our|and|its)\b|[^\w\s]", " ", actor)
    return " ".join(actor.split())


def actor_matches(predicted: str, gold: str) -> bool:
    """Lenient: same words ignoring case and articles, the same lead agency by acronym or name,
    or one naming the other as a whole phrase ("United States" in "United States and its allies")."""
    p, g = _norm(predicted), _norm(gold)
    if p == g:
        return True
    if not p or not g:
        return False
    p_agencies, g_agencies = canonical_agencies(predicted), canonical_agencies(gold)
    if p_agencies and g_agencies:
        return p_agencies[0] == g_agencies[0]
    shorter, longer = sorted((p, g), key=len)
    return re.search(rf"(?<!\w){re.escape(shorter)}(?!\w)", longer) is not None


def score(
    gold: Sequence[GoldClause], predicted: Sequence[ClauseTagging], *, max_errors: int = 0
) -> Report:
    """Compare predictions (same order as ``gold``) with the gold labels."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold clauses but {len(predicted)} predictions")
    counts = {theme: [0, 0, 0] for theme in THEMES}
    stance_correct = stance_total = modality_correct = actor_correct = 0
    errors: list[ThemeError] = []
    for clause, tagging in zip(gold, predicted, strict=True):
        for theme in THEMES:
            in_gold, in_pred = theme in clause.themes, theme in tagging.themes
            if in_gold and in_pred:
                counts[theme][0] += 1
                stance_total += 1
                stance_correct += clause.themes[theme] == tagging.themes[theme]
            elif in_pred:
                counts[theme][1] += 1
                rules = tuple(e.rule for e in tagging.evidence if e.theme == theme)
                errors.append(ThemeError("FP", clause.id, theme, rules, clause.text))
            elif in_gold:
                counts[theme][2] += 1
                rules = tuple(e.rule for e in tagging.suppressed if e.theme == theme)
                errors.append(ThemeError("FN", clause.id, theme, rules, clause.text))
        modality_correct += clause.modality == tagging.modality
        actor_correct += actor_matches(tagging.actor, clause.actor)
    per_theme = {theme: ThemeScore(*counts[theme]) for theme in THEMES}
    micro = ThemeScore(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return Report(
        clauses=len(gold),
        per_theme=per_theme,
        micro=micro,
        stance_correct=stance_correct,
        stance_total=stance_total,
        modality_correct=modality_correct,
        actor_correct=actor_correct,
        errors=_interleave(errors, max_errors),
    )


def _interleave(errors: list[ThemeError], limit: int) -> list[ThemeError]:
    """Up to ``limit`` errors, alternating false positives and false negatives."""
    fps = [e for e in errors if e.kind == "FP"]
    fns = [e for e in errors if e.kind == "FN"]
    picked: list[ThemeError] = []
    while len(picked) < limit and (fps or fns):
        for bucket in (fps, fns):
            if bucket and len(picked) < limit:
                picked.append(bucket.pop(0))
    return picked


def gold_rule_quality(gold: Sequence[GoldClause], predicted: Sequence[ClauseTagging]) -> list[RuleQuality]:
    """Per rule: the themes it fired for, confirmed when the gold has the theme, rejected when not."""
    rows = []
    for clause, tagging in zip(gold, predicted, strict=True):
        for theme in tagging.themes:
            rules = [e.rule for e in tagging.evidence if e.theme == theme]
            rows.append((rules, CONFIRMED if theme in clause.themes else REJECTED))
    return rule_quality(rows, minimum=1)
