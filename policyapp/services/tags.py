"""Tags: the rules' suggestions for a version, analysts' decisions, and retagging.

Rule suggestions (source rule, still suggested, not edited) belong to the rules and a retag
rewrites them; every other tag is an analyst's decision and nothing here changes it except
the analyst services themselves. The diff logic is pure and lives in ``policyapp.retag``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction

from policyapp import tagging
from policyapp.models import (
    Clause,
    Tag,
    TagSource,
    TagStatus,
    Theme,
    Version,
)
from policyapp.retag import (
    ACTOR_MAX_LENGTH,
    ClauseRef,
    Key,
    RetagPlan,
    RetagReport,
    Suggestion,
    retag_plan,
    suggestion_from_fields,
    suggestions_from_tagging,
    theme_reports,
)
from policyapp.segment import lead_ins
from policyapp.services import audit

BULK_BATCH = 500
MODALITY_CHECK_MAX_LENGTH = 80


@dataclass(frozen=True)
class TagSummary:
    """What tagging a version stored: rule suggestions per theme, and the ruleset used."""

    clauses: int
    suggestions: int
    per_theme: dict[str, int]
    ruleset_version: str


@dataclass(frozen=True)
class _Run:
    """One run of the rules over a version, joined with what is stored."""

    plan: RetagPlan
    clauses: list[Clause]
    # clause id -> (modality, actor, modality check)
    clause_results: dict[int, tuple[str, str, str]]
    current_ids: dict[Key, int]
    ruleset: str


def _run_rules(version: Version) -> _Run:
    # Only the columns the tagger and the report need: a plan has thousands of clauses.
    clauses = list(
        Clause.objects.for_version(version).only(
            "id", "ordinal", "label", "kind", "text", "language",
            "rule_modality", "rule_actor", "rule_modality_check",
        )
    )
    by_lang: dict[str, list[Clause]] = defaultdict(list)
    for clause in clauses:
        by_lang[clause.language or version.language or "en"].append(clause)

    fresh: dict[Key, Suggestion] = {}
    clause_results: dict[int, tuple[str, str, str]] = {}
    for lang, group in by_lang.items():
        results = tagging.tag_texts(
            [clause.text for clause in group],
            lang,
            groups=[clause.label for clause in group],
            lead_ins=lead_ins([(clause.label, clause.kind, clause.text) for clause in group]),
        )
        for clause, result in zip(group, results, strict=True):
            for theme, suggestion in suggestions_from_tagging(result).items():
                fresh[(clause.pk, theme)] = suggestion
            clause_results[clause.pk] = (
                result.modality,
                result.actor[:ACTOR_MAX_LENGTH],
                result.modality_rule[:MODALITY_CHECK_MAX_LENGTH],
            )

    current: dict[Key, Suggestion] = {}
    current_ids: dict[Key, int] = {}
    decided: list[Key] = []
    rows = Tag.objects.for_version(version).values(
        "id", "clause_id", "theme_id", "source", "status", "edited",
        "stance", "modality", "actor", "evidence",
    )  # fmt: skip
    for row in rows:
        key = (row["clause_id"], row["theme_id"])
        is_suggestion = (
            row["source"] == TagSource.RULE
            and row["status"] == TagStatus.SUGGESTED
            and not row["edited"]
        )
        if is_suggestion:
            current[key] = suggestion_from_fields(
                stance=row["stance"],
                modality=row["modality"],
                actor=row["actor"],
                evidence=row["evidence"] or [],
            )
            current_ids[key] = row["id"]
        else:
            decided.append(key)

    plan = retag_plan(
        current=current,
        decided=decided,
        fresh=fresh,
        order={clause.pk: clause.ordinal for clause in clauses},
    )
    return _Run(
        plan=plan,
        clauses=clauses,
        clause_results=clause_results,
        current_ids=current_ids,
        ruleset=tagging.ruleset_version(),
    )


def _save(version: Version, run: _Run) -> None:
    plan, ruleset = run.plan, run.ruleset
    if plan.dropped:
        Tag.objects.filter(pk__in=[run.current_ids[key] for key in plan.dropped]).delete()
    if plan.changed:
        tags = list(Tag.objects.filter(pk__in=[run.current_ids[key] for key in plan.changed]))
        for tag in tags:
            _fill(tag, plan.changed[(tag.clause_id, tag.theme_id)], ruleset)
        Tag.objects.bulk_update(
            tags,
            ["stance", "modality", "actor", "rule_ids", "evidence", "ruleset_version",
             "suggested_stance", "suggested_modality", "suggested_actor"],
            batch_size=BULK_BATCH,
        )
    if plan.unchanged:
        # Same output under the new ruleset: record that it was checked against it.
        Tag.objects.filter(pk__in=[run.current_ids[key] for key in plan.unchanged]).exclude(
            ruleset_version=ruleset
        ).update(ruleset_version=ruleset)
    if plan.added:
        new_tags = []
        for (clause_id, theme), suggestion in plan.added.items():
            tag = Tag(clause_id=clause_id, theme_id=theme, source=TagSource.RULE)
            _fill(tag, suggestion, ruleset)
            new_tags.append(tag)
        Tag.objects.bulk_create(new_tags, batch_size=BULK_BATCH)

    stale = []
    for clause in run.clauses:
        result = run.clause_results[clause.pk]
        if (clause.rule_modality, clause.rule_actor, clause.rule_modality_check) != result:
            clause.rule_modality, clause.rule_actor, clause.rule_modality_check = result
            stale.append(clause)
    if stale:
        Clause.objects.bulk_update(
            stale,
            ["rule_modality", "rule_actor", "rule_modality_check"],
            batch_size=BULK_BATCH,
        )
    if version.ruleset_version != ruleset:
        version.ruleset_version = ruleset
        version.save(update_fields=["ruleset_version"])


def _fill(tag: Tag, suggestion: Suggestion, ruleset: str) -> None:
    tag.stance = suggestion.stance
    tag.modality = suggestion.modality
    tag.actor = suggestion.actor
    tag.rule_ids = suggestion.rule_ids
    tag.evidence = suggestion.evidence_json()
    tag.ruleset_version = ruleset
    tag.suggested_stance = suggestion.stance
    tag.suggested_modality = suggestion.modality
    tag.suggested_actor = suggestion.actor


def _locked(version: Version) -> Version:
    # Two retags of one version at once would both insert the same new suggestions.
    return Version.objects.select_for_update().select_related("document").get(pk=version.pk)


def versions_to_retag(*, short_name: str | None = None) -> list[Version]:
    """The latest ready version of each document (or of one), in short-name order."""
    versions = Version.objects.latest_ready().select_related("document")
    if short_name is not None:
        versions = versions.filter(document__short_name=short_name)
    return list(versions.order_by("document__short_name"))


@transaction.atomic
def version_tag(*, version: Version) -> TagSummary:
    """Run the rules over every clause of ``version`` and store their suggestions.

    Meant for a freshly ingested version, inside the ingest transaction; on a version that
    already has tags it behaves as a retag, so analysts' decisions are kept.
    """
    locked = _locked(version)
    run = _run_rules(locked)
    _save(locked, run)
    version.ruleset_version = locked.ruleset_version
    per_theme = Counter(
        Tag.objects.for_version(locked).rule_suggestions().values_list("theme_id", flat=True)
    )
    return TagSummary(
        clauses=len(run.clauses),
        suggestions=sum(per_theme.values()),
        per_theme=dict(per_theme),
        ruleset_version=run.ruleset,
    )


def version_retag(
    *, version: Version, dry_run: bool = False, examples: int = 3, user=None
) -> RetagReport:
    """Recompute the rules' suggestions on ``version``; analysts' decisions stay as they are.

    With ``dry_run`` nothing is saved and the report says what would change. A real run is
    one history entry with its counts (``user`` is who asked; none for a command).
    """
    with transaction.atomic():
        locked = _locked(version)
        old_ruleset = locked.ruleset_version
        run = _run_rules(locked)
        if not dry_run:
            _save(locked, run)
            version.ruleset_version = locked.ruleset_version
        refs = {c.pk: ClauseRef(ordinal=c.ordinal, label=c.label, text=c.text) for c in run.clauses}
        report = RetagReport(
            document=locked.document.short_name,
            version=locked.number,
            old_ruleset=old_ruleset,
            new_ruleset=run.ruleset,
            themes=theme_reports(
                run.plan,
                clauses=refs,
                theme_order=Theme.objects.values_list("code", flat=True),
                examples=examples,
            ),
            decided_kept=run.plan.decided,
            dry_run=dry_run,
        )
        if not dry_run:
            audit.record(
                user=user,
                action="version.retag",
                target=locked,
                document=locked.document,
                before={"ruleset": old_ruleset},
                after={"ruleset": run.ruleset, "added": report.added, "dropped": report.dropped,
                       "changed": report.changed, "decided_kept": report.decided_kept},
                summary=f"v{locked.number}: {report.added} added, {report.dropped} dropped, "
                f"{report.changed} changed",
            )  # fmt: skip
    return report
