"""What a ruleset would change in stored tags, computed from plain data (no ORM).

A retag owns only the rules' own suggestions (source rule, still suggested, not edited):
those it adds, drops or changes. Any (clause, theme) an analyst decided on is left out of
the plan entirely, so the rules can neither alter that tag nor put a second one beside it.
The service in ``policyapp.services.tags`` loads the rows, asks this module for a plan and
saves it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from policyapp.tagging.types import ClauseTagging

# Actor is stored in a 200-character column; a runaway actor phrase must not fail the insert.
ACTOR_MAX_LENGTH = 200

Key = tuple[int, str]  # (clause id, theme code)


@dataclass(frozen=True, order=True)
class Span:
    """One piece of evidence: the rule that fired and where, in the clause text."""

    start: int
    end: int
    rule: str

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Suggestion:
    """What the rules say about one theme on one clause: the fields a retag may rewrite."""

    stance: str
    modality: str
    actor: str
    evidence: tuple[Span, ...] = ()

    @property
    def rule_ids(self) -> list[str]:
        """Rule ids in the order they first fire in the text, each once."""
        return list(dict.fromkeys(span.rule for span in self.evidence))

    def evidence_json(self) -> list[dict[str, Any]]:
        return [span.as_json() for span in self.evidence]

    def differences(self, other: Suggestion) -> list[str]:
        """Names of the fields that differ, in a fixed order."""
        names = ("stance", "modality", "actor", "evidence")
        return [name for name in names if getattr(self, name) != getattr(other, name)]


def suggestion_from_fields(
    *, stance: str, modality: str, actor: str, evidence: Iterable[Mapping[str, Any]]
) -> Suggestion:
    """A stored rule tag as a Suggestion (evidence as saved in Tag.evidence)."""
    spans = tuple(sorted(Span(int(e["start"]), int(e["end"]), str(e["rule"])) for e in evidence))
    return Suggestion(stance=stance, modality=modality, actor=actor, evidence=spans)


def suggestions_from_tagging(tagging: ClauseTagging) -> dict[str, Suggestion]:
    """The tagger's result for one clause, as one Suggestion per theme it found."""
    spans: dict[str, list[Span]] = defaultdict(list)
    for item in tagging.evidence:
        spans[item.theme].append(Span(item.start, item.end, item.rule))
    actor = tagging.actor[:ACTOR_MAX_LENGTH]
    return {
        theme: Suggestion(
            stance=stance,
            modality=tagging.modality,
            actor=actor,
            evidence=tuple(sorted(set(spans.get(theme, ())))),
        )
        for theme, stance in tagging.themes.items()
    }


@dataclass(frozen=True)
class ClauseRef:
    """What a report needs to show a clause: its place and its words."""

    ordinal: int
    label: str
    text: str


class Kind(StrEnum):
    ADDED = "added"
    DROPPED = "dropped"
    CHANGED = "changed"


@dataclass(frozen=True)
class Change:
    kind: Kind
    clause_id: int
    theme: str
    old: Suggestion | None
    new: Suggestion | None

    @property
    def fields(self) -> list[str]:
        return self.old.differences(self.new) if self.old and self.new else []


@dataclass(frozen=True)
class RetagPlan:
    """The writes a retag would make. ``unchanged`` keys only get the new ruleset version."""

    added: dict[Key, Suggestion]
    dropped: list[Key]
    changed: dict[Key, Suggestion]
    unchanged: list[Key]
    changes: list[Change]
    decided: int


def retag_plan(
    *,
    current: Mapping[Key, Suggestion],
    decided: Iterable[Key],
    fresh: Mapping[Key, Suggestion],
    order: Mapping[int, int] | None = None,
) -> RetagPlan:
    """Compare the rules' stored suggestions (``current``) with a fresh run (``fresh``).

    ``decided`` holds the (clause, theme) keys of every tag an analyst decided on; they are
    neither in ``current`` nor touched, whatever ``fresh`` says about them. ``order`` maps a
    clause id to its reading position so changes come out in reading order.
    """
    decided = set(decided)
    overlap = decided & set(current)
    if overlap:
        # The service must never pass a decided tag as a suggestion: it would be rewritten.
        raise ValueError(f"keys both decided and suggested: {sorted(overlap)[:5]}")
    fresh = {key: value for key, value in fresh.items() if key not in decided}
    added = {key: fresh[key] for key in fresh.keys() - current.keys()}
    dropped = sorted(current.keys() - fresh.keys())
    changed: dict[Key, Suggestion] = {}
    unchanged: list[Key] = []
    for key in current.keys() & fresh.keys():
        if current[key] == fresh[key]:
            unchanged.append(key)
        else:
            changed[key] = fresh[key]

    changes = (
        [Change(Kind.ADDED, *key, None, value) for key, value in added.items()]
        + [Change(Kind.DROPPED, *key, current[key], None) for key in dropped]
        + [Change(Kind.CHANGED, *key, current[key], value) for key, value in changed.items()]
    )
    position = order or {}
    kind_rank = {Kind.ADDED: 0, Kind.DROPPED: 1, Kind.CHANGED: 2}
    changes.sort(key=lambda c: (position.get(c.clause_id, c.clause_id), c.theme, kind_rank[c.kind]))
    return RetagPlan(
        added=added,
        dropped=dropped,
        changed=changed,
        unchanged=sorted(unchanged),
        changes=changes,
        decided=len(decided),
    )


@dataclass(frozen=True)
class Example:
    kind: Kind
    clause_id: int
    label: str
    text: str
    old: Suggestion | None
    new: Suggestion | None
    fields: list[str]

    def evidence_words(self, suggestion: Suggestion | None) -> str:
        """The rules and the words they matched, as an analyst would quote them."""
        if suggestion is None:
            return ""
        return ", ".join(
            f'{span.rule} "{self.text[span.start : span.end]}"' for span in suggestion.evidence
        )

    def transition(self) -> str:
        """Old → new in one line: the stance for an added or dropped tag, else what changed."""
        if self.old is None and self.new is not None:
            return f"(none) → {self.new.stance} by {self.evidence_words(self.new)}"
        if self.new is None and self.old is not None:
            return f"{self.old.stance} by {self.evidence_words(self.old)} → (none)"
        parts = []
        for name in self.fields:
            if name == "evidence":
                old, new = self.evidence_words(self.old), self.evidence_words(self.new)
            else:
                old, new = getattr(self.old, name) or '""', getattr(self.new, name) or '""'
            parts.append(f"{name} {old} → {new}")
        return "; ".join(parts)


@dataclass(frozen=True)
class ThemeReport:
    theme: str
    added: int = 0
    dropped: int = 0
    changed: int = 0
    examples: list[Example] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.added + self.dropped + self.changed


@dataclass(frozen=True)
class RetagReport:
    """What a retag of one version changes (or would change, on a dry run), per theme."""

    document: str
    version: int
    old_ruleset: str
    new_ruleset: str
    themes: list[ThemeReport]
    decided_kept: int
    dry_run: bool

    @property
    def added(self) -> int:
        return sum(theme.added for theme in self.themes)

    @property
    def dropped(self) -> int:
        return sum(theme.dropped for theme in self.themes)

    @property
    def changed(self) -> int:
        return sum(theme.changed for theme in self.themes)

    @property
    def total(self) -> int:
        return self.added + self.dropped + self.changed


def theme_reports(
    plan: RetagPlan,
    *,
    clauses: Mapping[int, ClauseRef],
    theme_order: Iterable[str],
    examples: int = 3,
) -> list[ThemeReport]:
    """Counts per theme in ``theme_order`` (themes without changes left out), with examples.

    Examples take the first change of each kind before a second of any kind, so a theme
    that gains many tags and loses one still shows the loss.
    """
    by_theme: dict[str, list[Change]] = defaultdict(list)
    for change in plan.changes:
        by_theme[change.theme].append(change)
    reports = []
    for theme in theme_order:
        changes = by_theme.get(theme)
        if not changes:
            continue
        counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in Kind}
        reports.append(
            ThemeReport(
                theme=theme,
                added=counts[Kind.ADDED],
                dropped=counts[Kind.DROPPED],
                changed=counts[Kind.CHANGED],
                examples=[_example(c, clauses) for c in _pick_examples(changes, examples)],
            )
        )
    return reports


def _pick_examples(changes: list[Change], limit: int) -> list[Change]:
    queues = {kind: [c for c in changes if c.kind == kind] for kind in Kind}
    picked: list[Change] = []
    depth = 0
    while len(picked) < limit and any(len(queue) > depth for queue in queues.values()):
        for kind in Kind:
            if len(queues[kind]) > depth and len(picked) < limit:
                picked.append(queues[kind][depth])
        depth += 1
    return picked


def _example(change: Change, clauses: Mapping[int, ClauseRef]) -> Example:
    ref = clauses.get(change.clause_id)
    return Example(
        kind=change.kind,
        clause_id=change.clause_id,
        label=ref.label if ref else "",
        text=ref.text if ref else "",
        old=change.old,
        new=change.new,
        fields=change.fields,
    )
