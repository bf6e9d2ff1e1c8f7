"""A revision takes over the analysts' work: decisions, added tags, settlements and notes.

Each decided tag and each note (with its replies and earlier bodies) of the previous version
goes to the matching clause of the new one (`policyapp.revision.place_clauses`: same words,
same words moved, else the closest words); a quote is found again inside the new clause.
What cannot be placed becomes an `Orphan` on the plan. Nothing is dropped silently: one
history entry per revision lists every item moved and every orphan.

The previous version keeps its own copy: it is the record of what was said about that text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from policyapp.models import (
    Annotation,
    AnnotationRevision,
    Clause,
    Decision,
    Orphan,
    Tag,
    Version,
    VersionStatus,
)
from policyapp.revision import (
    CLOSEST,
    FUZZY_THRESHOLD,
    Anchor,
    place_clauses,
    reanchor_quote,
)
from policyapp.services import audit

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
NOTE_FIELDS = ["author_id", "body", "revision", "deleted_at", "created_at", "updated_at"]
QUOTE_FIELDS = ["quote_exact", "quote_prefix", "quote_suffix", "quote_start", "quote_end"]


@dataclass(frozen=True)
class CarryOver:
    matched_clauses: int
    decisions: int  # decided tags moved
    annotations: int  # notes moved, replies included
    fuzzy: int = 0  # items placed on the closest text rather than the same text
    orphans: int = 0


def previous_ready_version(version: Version) -> Version | None:
    return (
        version.document.versions.filter(status=VersionStatus.READY, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def _where(clause: Clause) -> str:
    return f"{clause.label} (clause {clause.ordinal})"


def tag_copies(tags: list[Tag], targets: dict[int, Clause], *, keep_evidence: set[int]) -> dict:
    """Copy decided `tags` to the clauses `targets[tag.pk]`, with their decisions.

    A rule suggestion already on the target (same theme) takes the decision; evidence is
    copied only where the words are the same (`keep_evidence`: tag ids), since its offsets
    count in the old words. Returns {old tag id: new tag}.
    """
    existing = {
        (t.clause_id, t.theme_id): t
        for t in Tag.objects.filter(clause__in={c.pk for c in targets.values()})
    }
    updated, created, copies = [], [], {}
    for tag in tags:
        clause = targets[tag.pk]
        target = existing.get((clause.pk, tag.theme_id))
        if target is None:
            same = tag.pk in keep_evidence
            target = Tag(
                clause_id=clause.pk,
                theme_id=tag.theme_id,
                evidence=tag.evidence if same else [],
                rule_ids=tag.rule_ids,
                ruleset_version=tag.ruleset_version,
            )
            created.append(target)
        else:
            updated.append(target)
        for name in DECISION_FIELDS:
            setattr(target, name, getattr(tag, name))
        copies[tag.pk] = target
    Tag.objects.bulk_update(updated, DECISION_FIELDS, batch_size=500)
    Tag.objects.bulk_create(created, batch_size=500)
    new_ids = {old: new.pk for old, new in copies.items()}
    Decision.objects.filter(tag_id__in=new_ids.values()).delete()
    Decision.objects.bulk_create(
        [
            Decision(
                tag_id=new_ids[d.tag_id],
                analyst_id=d.analyst_id,
                verdict=d.verdict,
                stance=d.stance,
                modality=d.modality,
                actor=d.actor,
                created_at=d.created_at,
                updated_at=d.updated_at,
            )
            for d in Decision.objects.filter(tag_id__in=new_ids)
        ],
        batch_size=500,
    )
    return copies


def thread_copies(roots: list[tuple[Annotation, Clause, Anchor | None]]) -> dict[int, Annotation]:
    """Copy notes, each with its replies and earlier bodies, onto new clauses.

    `roots` pairs each root note with its new clause and its quote's new place (None: the
    whole clause). Returns {old note id: new note}, replies included.
    """

    def copy(note: Annotation, clause: Clause, parent_id=None) -> Annotation:
        new = Annotation(clause_id=clause.pk, parent_id=parent_id)
        for name in NOTE_FIELDS:
            setattr(new, name, getattr(note, name))
        return new

    def anchor(new: Annotation, place: Anchor | None) -> None:
        if place is not None:
            new.quote_exact, new.quote_prefix, new.quote_suffix = (
                place.exact, place.prefix[-64:], place.suffix[:64],
            )  # fmt: skip
            new.quote_start, new.quote_end = place.start, place.end

    new_roots = []
    for note, clause, place in roots:
        new = copy(note, clause)
        anchor(new, place)
        new_roots.append(new)
    Annotation.objects.bulk_create(new_roots, batch_size=500)
    copies = {note.pk: new for (note, _, _), new in zip(roots, new_roots, strict=True)}

    clause_of = {note.pk: clause for note, clause, _ in roots}
    replies = list(Annotation.objects.filter(parent_id__in=clause_of).order_by("created_at", "pk"))
    new_replies = []
    for reply in replies:
        clause = clause_of[reply.parent_id]
        new = copy(reply, clause, parent_id=copies[reply.parent_id].pk)
        if reply.quote_start is not None:
            anchor(new, reanchor_quote(
                reply.quote_exact, reply.quote_prefix, reply.quote_suffix, clause.text,
                near=reply.quote_start,
            ))  # fmt: skip
        new_replies.append(new)
    Annotation.objects.bulk_create(new_replies, batch_size=500)
    copies |= {reply.pk: new for reply, new in zip(replies, new_replies, strict=True)}

    AnnotationRevision.objects.bulk_create(
        [
            AnnotationRevision(
                annotation_id=copies[r.annotation_id].pk,
                revision=r.revision,
                body=r.body,
                edited_by_id=r.edited_by_id,
                saved_at=r.saved_at,
            )
            for r in AnnotationRevision.objects.filter(annotation_id__in=copies)
        ],
        batch_size=500,
    )
    return copies


def quote_place(note: Annotation, clause: Clause) -> tuple[bool, Anchor | None]:
    """(placed, anchor): a note on the whole clause is always placed; a quote must be found."""
    if note.quote_start is None and not note.quote_exact:
        return True, None
    found = reanchor_quote(
        note.quote_exact, note.quote_prefix, note.quote_suffix, clause.text, near=note.quote_start
    )
    return found is not None, found


@transaction.atomic
def version_carry_over(*, old: Version, new: Version) -> CarryOver:
    """Move every decided tag and note of `old` to the matching clauses of `new`; what has
    no match becomes an orphan. One history entry lists it all."""
    old_clauses = list(Clause.objects.for_version(old).only("id", "ordinal", "label", "text"))
    new_clauses = list(Clause.objects.for_version(new).only("id", "ordinal", "label", "text"))
    position = {c.pk: i for i, c in enumerate(old_clauses)}

    tags = list(Tag.objects.for_version(old).decided().order_by("clause__ordinal", "theme_id"))
    roots = list(
        Annotation.objects.filter(clause__version=old, parent__isnull=True)
        .select_related("author")
        .order_by("clause__ordinal", "created_at", "pk")
    )
    thread_sizes = _thread_sizes(roots)
    wanted = sorted({position[t.clause_id] for t in tags} | {position[n.clause_id] for n in roots})
    placed, unplaced = place_clauses(
        [c.text for c in old_clauses], [c.text for c in new_clauses], wanted=wanted
    )

    moved, orphans, log_orphans, fuzzy = [], [], [], 0

    def lost(item: dict, clause: Clause, reason: str, **target) -> None:
        miss = unplaced.get(position[clause.pk])
        candidate = new_clauses[miss.best] if miss and miss.best is not None else None
        orphans.append(
            Orphan(
                document=new.document,
                version=new,
                reason=reason,
                candidate=candidate,
                candidate_score=miss.score if miss else None,
                **target,
            )
        )
        item |= {"from": _where(clause), "reason": reason}
        log_orphans.append(item)

    old_by_id = {c.pk: c for c in old_clauses}
    tag_targets, keep_evidence = {}, set()
    for tag in tags:
        clause = old_by_id[tag.clause_id]
        place = placed.get(position[clause.pk])
        item = {"kind": "tag", "theme": tag.theme_id, "status": tag.status}
        if place is None:
            lost(item, clause, _no_clause(unplaced.get(position[clause.pk])), tag=tag)
            continue
        target = new_clauses[place.new]
        tag_targets[tag.pk] = target
        if place.how != CLOSEST:
            keep_evidence.add(tag.pk)
        else:
            fuzzy += 1
        moved.append(item | {"from": _where(clause), "to": _where(target), "match": _how(place)})
    tag_copies([t for t in tags if t.pk in tag_targets], tag_targets, keep_evidence=keep_evidence)

    threads = []
    for note in roots:
        clause = old_by_id[note.clause_id]
        place = placed.get(position[clause.pk])
        item = {
            "kind": "note",
            "author": note.author.get_username(),
            "replies": thread_sizes[note.pk],
        }
        if place is None:
            lost(item, clause, _no_clause(unplaced.get(position[clause.pk])), annotation=note)
            continue
        target = new_clauses[place.new]
        ok, anchor = quote_place(note, target)
        if not ok:
            lost(item, clause, f"the quoted words “{note.quote_exact[:80]}” are no longer in "
                 f"the matching clause {_where(target)}", annotation=note)  # fmt: skip
            continue
        threads.append((note, target, anchor))
        how = _how(placed[position[clause.pk]])
        if anchor is not None and anchor.how == CLOSEST:
            how += "; quote found by its closest words"
        if place.how == CLOSEST or (anchor is not None and anchor.how == CLOSEST):
            fuzzy += 1
        moved.append(item | {"from": _where(clause), "to": _where(target), "match": how})
    copies = thread_copies(threads)
    Orphan.objects.bulk_create(orphans)

    if moved or orphans:
        notes_moved = sum(1 for m in moved if m["kind"] == "note")
        audit.record(
            user=new.uploaded_by,
            action="version.carry_over",
            target=new,
            document=new.document,
            summary=(
                f"v{old.number} → v{new.number}: {len(moved) - notes_moved} decided tags and "
                f"{notes_moved} notes moved ({fuzzy} to the closest text), "
                f"{len(orphans)} orphans to re-attach or dismiss"
            ),
            before={"version": old.number},
            after={"version": new.number, "moved": moved, "orphans": log_orphans},
        )
    return CarryOver(
        matched_clauses=len(placed),
        decisions=len(tag_targets),
        annotations=len(copies),
        fuzzy=fuzzy,
        orphans=len(orphans),
    )


def _thread_sizes(roots: list[Annotation]) -> dict[int, int]:
    sizes = dict.fromkeys((n.pk for n in roots), 0)
    for parent_id in Annotation.objects.filter(parent_id__in=sizes).values_list(
        "parent_id", flat=True
    ):
        sizes[parent_id] += 1
    return sizes


def _how(place) -> str:
    return place.how if place.how != CLOSEST else f"{place.how} ({place.score:.0f}%)"


def _no_clause(miss) -> str:
    if miss is None or miss.best is None:
        return "no clause of the new version has the same or close enough words"
    return (
        "no clause of the new version has the same or close enough words "
        f"(closest: {miss.score:.0f}%, needs {FUZZY_THRESHOLD:.0f}%)"
    )
