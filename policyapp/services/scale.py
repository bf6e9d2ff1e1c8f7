"""A large corpus for measuring scale: copies of real, ingested plans.

Each copy is a new plan (document, ready version, sections, clauses, rule suggestions) whose
rows are those of a source version, so pages and queries meet real text, real section trees
and real tag densities. Copies of generated columns (search vectors) are left to the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import cycle

from django.db import models, transaction

from policyapp.models import Clause, Document, Section, Tag, Version, VersionStatus

BATCH = 5000
PREFIX = "scale-"


@dataclass(frozen=True)
class GrowthSummary:
    plans: int
    clauses: int
    tags: int


def _copyable(model: type[models.Model], *, skip: set[str]) -> list[str]:
    """Concrete, writable field names of `model` (no pk, no generated columns)."""
    names = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in skip:
            continue
        if getattr(field, "generated", False):
            continue
        names.append(field.attname)
    return names


def _clone(row: models.Model, names: list[str], **overrides) -> models.Model:
    values = {name: getattr(row, name) for name in names} | overrides
    return type(row)(**values)


@transaction.atomic
def _copy_plan(source: Version, number: int) -> tuple[int, int]:
    document = source.document
    copy_doc = _clone(
        document,
        _copyable(Document, skip={"translation_of"}),
        short_name=f"{PREFIX}{number:05d}",
        title=f"{document.title} (copy {number})",
    )
    copy_doc.save()
    copy_version = _clone(
        source,
        _copyable(Version, skip={"document", "uploaded_by"}),
        document_id=copy_doc.pk,
        number=1,
        sha256=f"{number:08x}{source.sha256[8:]}",
        status=VersionStatus.READY,
    )
    copy_version.save()

    sections = list(Section.objects.filter(version=source).order_by("ordinal"))
    section_names = _copyable(Section, skip={"version", "parent"})
    new_sections = Section.objects.bulk_create(
        [_clone(s, section_names, version_id=copy_version.pk) for s in sections], batch_size=BATCH
    )
    section_map = {old.pk: new.pk for old, new in zip(sections, new_sections, strict=True)}
    parents = []
    for old, new in zip(sections, new_sections, strict=True):
        if old.parent_id is not None:
            new.parent_id = section_map[old.parent_id]
            parents.append(new)
    Section.objects.bulk_update(parents, ["parent"], batch_size=BATCH)

    clauses = list(Clause.objects.filter(version=source).order_by("ordinal"))
    clause_names = _copyable(Clause, skip={"version", "section"})
    new_clauses = Clause.objects.bulk_create(
        [
            _clone(
                c,
                clause_names,
                version_id=copy_version.pk,
                section_id=section_map.get(c.section_id),
            )
            for c in clauses
        ],
        batch_size=BATCH,
    )
    clause_map = {old.pk: new.pk for old, new in zip(clauses, new_clauses, strict=True)}
    # Rule suggestions only: analysts' work is not copied into made-up plans.
    tags = list(Tag.objects.filter(clause__version=source).rule_suggestions())
    tag_names = _copyable(
        Tag, skip={"clause", "decided_by", "settled_by", "created_by"}
    )
    Tag.objects.bulk_create(
        [_clone(t, tag_names, clause_id=clause_map[t.clause_id]) for t in tags],
        batch_size=BATCH,
    )
    return len(clauses), len(tags)


def corpus_grow(*, plans: int, sources: list[Version], progress=None) -> GrowthSummary:
    """Add `plans` copies of `sources` (in turn) as new plans named scale-00001, …; numbering
    continues after copies made earlier, so running it twice adds more."""
    if not sources:
        raise ValueError("no ready plan to copy: ingest some plans first (make run, or ingest)")
    start = Document.objects.filter(short_name__startswith=PREFIX).count() + 1
    clauses = tags = 0
    for offset, source in zip(range(plans), cycle(sources)):
        added_clauses, added_tags = _copy_plan(source, start + offset)
        clauses += added_clauses
        tags += added_tags
        if progress is not None:
            progress(offset + 1, plans)
    return GrowthSummary(plans=plans, clauses=clauses, tags=tags)


def scale_remove() -> int:
    """Delete every plan that `corpus_grow` made."""
    deleted, _ = Document.objects.filter(short_name__startswith=PREFIX).delete()
    return deleted
