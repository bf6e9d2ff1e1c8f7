"""A revision takes over the analysts' work on the clauses it keeps unchanged."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from policyapp.models import Annotation, Clause, Decision, Tag, Version, VersionStatus
from policyapp.revision import match_clauses

# What an analyst's decision consists of; the clause and the rules' bookkeeping are not.
DECISION_FIELDS = [
    "stance",
    "modality",
    "actor",
    "source",
    "status",
    "edited",
    "decided_by",
    "decided_at",
    "suggested_stance",
    "suggested_modality",
    "suggested_actor",
    "settled_by",
    "settled_at",
    "settled_verdict",
    "created_by",
]


@dataclass(frozen=True)
class CarryOver:
    matched_clauses: int
    decisions: int
    annotations: int


def previous_ready_version(version: Version) -> Version | None:
    return (
        version.document.versions.filter(status=VersionStatus.READY, number__lt=version.number)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def version_carry_over(*, old: Version, new: Version) -> CarryOver:
    """Copy decided tags and notes from `old` to the unchanged clauses of `new`.

    A decision replaces the rules' suggestion for the same theme on the new clause; notes are
    copied with their authors and dates. Clauses whose words changed start afresh.
    """
    old_clauses = list(Clause.objects.for_version(old).only("id", "text"))
    new_clauses = list(Clause.objects.for_version(new).only("id", "text"))
    pairs = match_clauses([c.text for c in old_clauses], [c.text for c in new_clauses])
    new_id = {old_clauses[i].pk: new_clauses[j].pk for i, j in pairs.items()}

    decided = Tag.objects.for_version(old).decided().filter(clause_id__in=new_id)
    existing = {
        (tag.clause_id, tag.theme_id): tag
        for tag in Tag.objects.for_version(new).filter(clause_id__in=new_id.values())
    }
    updated, created = [], []
    targets = []  # (old tag, new tag), to copy each analyst's decision across
    for tag in decided:
        target = existing.get((new_id[tag.clause_id], tag.theme_id))
        if target is None:
            target = Tag(
                clause_id=new_id[tag.clause_id],
                theme_id=tag.theme_id,
                evidence=tag.evidence,
                rule_ids=tag.rule_ids,
            )
            created.append(target)
        else:
            updated.append(target)
        for name in DECISION_FIELDS:
            setattr(target, name, getattr(tag, name))
        targets.append((tag, target))
    Tag.objects.bulk_update(updated, DECISION_FIELDS, batch_size=500)
    Tag.objects.bulk_create(created, batch_size=500)
    new_tag = {old.pk: target.pk for old, target in targets}
    Decision.objects.filter(tag_id__in=new_tag.values()).delete()
    Decision.objects.bulk_create(
        [
            Decision(
                tag_id=new_tag[d.tag_id],
                analyst_id=d.analyst_id,
                verdict=d.verdict,
                stance=d.stance,
                modality=d.modality,
                actor=d.actor,
                created_at=d.created_at,
                updated_at=d.updated_at,
            )
            for d in Decision.objects.filter(tag_id__in=new_tag)
        ],
        batch_size=500,
    )

    originals = list(Annotation.objects.filter(clause__version=old, clause_id__in=new_id))
    notes = [
        Annotation(
            clause_id=new_id[note.clause_id],
            author_id=note.author_id,
            body=note.body,
            quote_exact=note.quote_exact,
            quote_prefix=note.quote_prefix,
            quote_suffix=note.quote_suffix,
        )
        for note in originals
    ]
    created_notes = Annotation.objects.bulk_create(notes, batch_size=500)
    for original, copy in zip(originals, created_notes, strict=True):
        # auto_now_add stamped the copy with today; the note was written when it was written.
        Annotation.objects.filter(pk=copy.pk).update(
            created_at=original.created_at, updated_at=original.updated_at
        )
    return CarryOver(
        matched_clauses=len(pairs),
        decisions=len(updated) + len(created),
        annotations=len(created_notes),
    )
