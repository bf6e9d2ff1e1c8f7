"""The read side of the exports: everything one export needs, in a fixed number of queries.

`export_data` turns the database into the plain rows of `policyapp.exports`, which then
writes CSV, JSON or W3C without touching the ORM.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse

from policyapp import exports, tagging
from policyapp.exports import (
    ClauseRow,
    DecisionRow,
    ExportData,
    NoteRow,
    OrphanRow,
    PlanRow,
    RevisionRow,
    TagRow,
    UserRow,
    VersionRow,
)
from policyapp.models import (
    Annotation,
    AnnotationRevision,
    Clause,
    Decision,
    Document,
    Orphan,
    Tag,
    Version,
    VersionStatus,
)

# Fields a tag may carry when it was added by selecting words (another branch adds them).
TAG_QUOTE_FIELDS = ("quote_start", "quote_end")


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def _section_name(section) -> str:
    """The section's label path, with its heading when the path is only numbers."""
    if section is None:
        return ""
    if section.label.endswith(section.heading):
        return section.label
    return f"{section.label} {section.heading}"


def export_tags(versions: QuerySet, *, include_suggestions: bool) -> QuerySet:
    tags = Tag.objects.filter(clause__version__in=versions)
    return tags if include_suggestions else tags.decided()


def export_data(
    *, document: Document | None = None, include_suggestions: bool = False
) -> ExportData:
    documents = Document.objects.order_by("short_name")
    if document is not None:
        documents = documents.filter(pk=document.pk)
    versions = Version.objects.filter(document__in=documents, status=VersionStatus.READY)
    orphans = Orphan.objects.filter(version__in=versions)
    # An orphan's tag is exported with it even when no analyst's decision stands on it now.
    tags = Tag.objects.filter(
        Q(pk__in=export_tags(versions, include_suggestions=include_suggestions))
        | Q(pk__in=orphans.values("tag"))
    )
    notes = Annotation.objects.filter(clause__version__in=versions)

    plan_rows = [PlanRow(d.short_name, d.title, d.jurisdiction, d.language) for d in documents]
    version_objects = list(
        versions.select_related("document").order_by("document__short_name", "number")
    )
    version_rows = [
        VersionRow(
            plan=v.document.short_name,
            number=v.number,
            sha256=v.sha256,
            filename=v.original_filename,
            ruleset_version=v.ruleset_version,
            text=v.text,
        )
        for v in version_objects
    ]
    sha = {v.pk: v.sha256 for v in version_objects}
    order = {v.pk: i for i, v in enumerate(version_objects)}

    clause_objects = list(
        Clause.objects.filter(
            Q(pk__in=tags.values("clause"))
            | Q(pk__in=notes.values("clause"))
            | Q(pk__in=orphans.values("candidate"))
            | Q(pk__in=orphans.values("attached_to"))
        )
        .select_related("section", "version__document")
        .order_by("version__document__short_name", "version__number", "ordinal")
    )
    clause_rows = [
        ClauseRow(
            plan=c.version.document.short_name,
            version=c.version.number,
            sha256=c.version.sha256,
            ordinal=c.ordinal,
            label=c.label,
            section=_section_name(c.section),
            page=c.page,
            page_label=c.page_label,
            text=c.text,
            start=c.start,
            end=c.end,
        )
        for c in clause_objects
    ]
    clause_key = {c.pk: (sha[c.version_id], c.ordinal) for c in clause_objects}
    clause_order = {c.pk: (order[c.version_id], c.ordinal) for c in clause_objects}

    users: dict[str, UserRow] = {}

    def who(user) -> str | None:
        if user is None:
            return None
        name = user.get_username()
        users.setdefault(name, UserRow(name, user.get_full_name()))
        return name

    decisions: dict[int, list[DecisionRow]] = {}
    for d in (
        Decision.objects.filter(tag__in=tags)
        .select_related("analyst")
        .order_by("created_at", "analyst__username")
    ):
        decisions.setdefault(d.tag_id, []).append(
            DecisionRow(
                who(d.analyst),
                d.verdict,
                d.stance,
                d.modality,
                d.actor,
                d.created_at,
                d.updated_at,
            )  # fmt: skip
        )

    tag_objects = sorted(
        tags.select_related("theme", "created_by", "decided_by", "settled_by"),
        key=lambda t: (clause_order[t.clause_id], t.theme.position),
    )
    tag_rows = [
        TagRow(
            sha256=clause_key[t.clause_id][0],
            ordinal=clause_key[t.clause_id][1],
            theme=t.theme_id,
            source=t.source,
            status=t.status,
            stance=t.stance,
            modality=t.modality,
            actor=t.actor,
            edited=t.edited,
            suggested_stance=t.suggested_stance,
            suggested_modality=t.suggested_modality,
            suggested_actor=t.suggested_actor,
            rule_ids=t.rule_ids,
            evidence=t.evidence,
            ruleset_version=t.ruleset_version,
            created_by=who(t.created_by),
            created_at=t.created_at,
            decided_by=who(t.decided_by),
            decided_at=t.decided_at,
            settled_verdict=t.settled_verdict,
            settled_by=who(t.settled_by),
            settled_at=t.settled_at,
            decisions=tuple(decisions.get(t.pk, ())),
            quote_start=getattr(t, TAG_QUOTE_FIELDS[0], None),
            quote_end=getattr(t, TAG_QUOTE_FIELDS[1], None),
        )
        for t in tag_objects
    ]

    revisions: dict[int, list[RevisionRow]] = {}
    for r in (
        AnnotationRevision.objects.filter(annotation__in=notes)
        .select_related("edited_by")
        .order_by("revision")
    ):
        revisions.setdefault(r.annotation_id, []).append(
            RevisionRow(r.revision, r.body, who(r.edited_by), r.saved_at)
        )
    note_objects = sorted(
        notes.select_related("author"),
        key=lambda n: (clause_order[n.clause_id], n.created_at, n.pk),
    )
    replies: dict[int, list[Annotation]] = {}
    for n in note_objects:
        if n.parent_id is not None:
            replies.setdefault(n.parent_id, []).append(n)

    def note_row(n: Annotation, index: str, children: tuple[NoteRow, ...] = ()) -> NoteRow:
        return NoteRow(
            key=index,
            sha256=clause_key[n.clause_id][0],
            ordinal=clause_key[n.clause_id][1],
            author=who(n.author),
            body=n.body,
            quote_exact=n.quote_exact,
            quote_prefix=n.quote_prefix,
            quote_suffix=n.quote_suffix,
            quote_start=n.quote_start,
            quote_end=n.quote_end,
            revision=n.revision,
            deleted_at=n.deleted_at,
            created_at=n.created_at,
            updated_at=n.updated_at,
            revisions=tuple(revisions.get(n.pk, ())),
            replies=children,
        )

    note_rows = []
    for n in note_objects:
        if n.parent_id is None:
            key = f"n{len(note_rows) + 1}"
            children = tuple(
                note_row(reply, f"{key}.{i}")
                for i, reply in enumerate(replies.get(n.pk, []), start=1)
            )
            note_rows.append(note_row(n, key, children))

    tag_key = {t.pk: (*clause_key[t.clause_id], t.theme_id) for t in tag_objects}
    note_key = {
        n.pk: (*clause_key[n.clause_id], who(n.author), n.created_at) for n in note_objects
    }
    orphan_rows = [
        OrphanRow(
            version=sha[o.version_id],
            tag=tag_key[o.tag_id] if o.tag_id else None,
            note=note_key[o.annotation_id] if o.annotation_id else None,
            reason=o.reason,
            candidate=clause_key.get(o.candidate_id),
            candidate_score=o.candidate_score,
            status=o.status,
            created_at=o.created_at,
            resolved_by=who(o.resolved_by),
            resolved_at=o.resolved_at,
            attached_to=clause_key.get(o.attached_to_id),
        )
        for o in sorted(
            orphans.select_related("resolved_by"),
            key=lambda o: (order[o.version_id], o.created_at, o.pk),
        )
    ]

    analysts = sorted({d.analyst for rows in decisions.values() for d in rows})
    return ExportData(
        plans=plan_rows,
        versions=version_rows,
        clauses=clause_rows,
        tags=tag_rows,
        notes=note_rows,
        users=sorted(users.values(), key=lambda u: u.username),
        ruleset_version=tagging.ruleset_version(),
        include_suggestions=include_suggestions,
        analysts=analysts,
        orphans=orphan_rows,
    )


def render_export(
    fmt: str, *, document: Document | None, include_suggestions: bool, base_url: str
) -> str:
    """The export as text; shared by the download view and `export_annotations`."""
    data = export_data(document=document, include_suggestions=include_suggestions)
    if fmt == "csv":
        return exports.to_csv(data)
    if fmt == "json":
        return exports.to_json(data)
    base = base_url.rstrip("/")
    scope = document.short_name if document is not None else "all"
    return exports.to_w3c(
        data,
        source_url=lambda v: base + reverse("version_text", args=[v.plan, v.number]),
        collection_id=base + reverse("exports") + f"#{scope}",
        label=f"policyapp annotations: {document.title if document else 'all plans'}",
    )
