"""Analysts' work as files: CSV, JSON (the complete state) and W3C Web Annotation JSON-LD.

Pure: these functions take the plain rows of `policyapp.export_rows` and return text; no
ORM. The JSON is what `import_annotations` restores, so it names everything by natural keys
(plan short name, version sha256, clause ordinal, username), never by database ids, and
holds no export time: exporting the same state twice gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

FORMAT_VERSION = 2
# Versions `import_annotations` reads: version 1 had no orphans.
READABLE_VERSIONS = (1, 2)
FORMATS = ("csv", "json", "w3c")
# Characters of context kept on each side of a W3C TextQuoteSelector.
QUOTE_CONTEXT = 32
# uuid5 namespace of the W3C annotation ids: stable ids for the same work in any database.
ID_NAMESPACE = uuid.UUID("5b0f6f4e-1d7a-4c55-9a8e-7f2f3c1e9a01")


@dataclass(frozen=True)
class UserRow:
    username: str
    name: str = ""


@dataclass(frozen=True)
class PlanRow:
    short_name: str
    title: str
    jurisdiction: str
    language: str


@dataclass(frozen=True)
class VersionRow:
    plan: str
    number: int
    sha256: str
    filename: str
    ruleset_version: str
    # The normalised text clause offsets point into; only W3C prefix/suffix read it.
    text: str = ""


@dataclass(frozen=True)
class ClauseRow:
    plan: str
    version: int
    sha256: str
    ordinal: int
    label: str
    section: str
    page: int | None
    page_label: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class DecisionRow:
    analyst: str
    verdict: str
    stance: str
    modality: str
    actor: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class TagRow:
    sha256: str
    ordinal: int
    theme: str
    source: str
    status: str
    stance: str
    modality: str
    actor: str
    edited: bool
    suggested_stance: str
    suggested_modality: str
    suggested_actor: str
    rule_ids: list
    evidence: list
    ruleset_version: str
    created_by: str | None
    created_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    settled_verdict: str
    settled_by: str | None
    settled_at: datetime | None
    decisions: tuple[DecisionRow, ...] = ()
    # A quote within the clause (code points), for tags added by selecting words.
    quote_start: int | None = None
    quote_end: int | None = None


@dataclass(frozen=True)
class RevisionRow:
    revision: int
    body: str
    edited_by: str | None
    saved_at: datetime


@dataclass(frozen=True)
class NoteRow:
    key: str  # unique within one export, to hang replies on their note
    sha256: str
    ordinal: int
    author: str
    body: str
    quote_exact: str
    quote_prefix: str
    quote_suffix: str
    quote_start: int | None
    quote_end: int | None
    revision: int
    deleted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    revisions: tuple[RevisionRow, ...] = ()
    replies: tuple[NoteRow, ...] = ()


@dataclass(frozen=True)
class OrphanRow:
    """Work a revision could not place (`policyapp.models.Orphan`), by natural keys."""

    version: str  # sha256 of the version where the work was lost
    tag: tuple[str, int, str] | None  # (sha256, clause ordinal, theme) of the tag
    note: tuple[str, int, str, datetime] | None  # (sha256, ordinal, author, created_at)
    reason: str
    candidate: tuple[str, int] | None  # the closest clause found, below the threshold
    candidate_score: float | None
    status: str
    created_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None
    attached_to: tuple[str, int] | None


@dataclass(frozen=True)
class ExportData:
    plans: list[PlanRow]
    versions: list[VersionRow]
    clauses: list[ClauseRow]
    tags: list[TagRow]
    notes: list[NoteRow]  # root notes, each with its replies
    users: list[UserRow]
    ruleset_version: str = ""
    include_suggestions: bool = False
    analysts: list[str] = field(default_factory=list)
    orphans: list[OrphanRow] = field(default_factory=list)


def _time(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


# JSON: the complete state --------------------------------------------------------------


def _decision_json(row: DecisionRow) -> dict:
    return {
        "analyst": row.analyst,
        "verdict": row.verdict,
        "stance": row.stance,
        "modality": row.modality,
        "actor": row.actor,
        "created_at": _time(row.created_at),
        "updated_at": _time(row.updated_at),
    }


def _tag_json(row: TagRow) -> dict:
    return {
        "version": row.sha256,
        "clause": row.ordinal,
        "theme": row.theme,
        "source": row.source,
        "quote": None
        if row.quote_start is None
        else {"start": row.quote_start, "end": row.quote_end},
        "suggestion": {
            "stance": row.suggested_stance,
            "modality": row.suggested_modality,
            "actor": row.suggested_actor,
            "rule_ids": row.rule_ids,
            "evidence": row.evidence,
            "ruleset_version": row.ruleset_version,
        },
        "created_by": row.created_by,
        "created_at": _time(row.created_at),
        "decisions": [_decision_json(d) for d in row.decisions],
        "settlement": None
        if not row.settled_verdict
        else {
            "verdict": row.settled_verdict,
            "by": row.settled_by,
            "at": _time(row.settled_at),
        },
        "final": {
            "status": row.status,
            "stance": row.stance,
            "modality": row.modality,
            "actor": row.actor,
            "edited": row.edited,
            "decided_by": row.decided_by,
            "decided_at": _time(row.decided_at),
        },
    }


def _note_json(row: NoteRow, *, reply: bool = False) -> dict:
    data = {
        "author": row.author,
        "body": row.body,
        "quote": None
        if not row.quote_exact and row.quote_start is None
        else {
            "exact": row.quote_exact,
            "prefix": row.quote_prefix,
            "suffix": row.quote_suffix,
            "start": row.quote_start,
            "end": row.quote_end,
        },
        "revision": row.revision,
        "created_at": _time(row.created_at),
        "updated_at": _time(row.updated_at),
        "deleted_at": _time(row.deleted_at),
        "revisions": [
            {
                "revision": r.revision,
                "body": r.body,
                "edited_by": r.edited_by,
                "saved_at": _time(r.saved_at),
            }
            for r in row.revisions
        ],
    }
    if not reply:
        data = {"version": row.sha256, "clause": row.ordinal} | data
        data["replies"] = [_note_json(r, reply=True) for r in row.replies]
    return data


def _clause_ref(key: tuple[str, int] | None) -> dict | None:
    return None if key is None else {"version": key[0], "clause": key[1]}


def _orphan_json(row: OrphanRow) -> dict:
    return {
        "version": row.version,
        "tag": None
        if row.tag is None
        else {"version": row.tag[0], "clause": row.tag[1], "theme": row.tag[2]},
        "note": None
        if row.note is None
        else {"version": row.note[0], "clause": row.note[1], "author": row.note[2],
              "created_at": _time(row.note[3])},  # fmt: skip
        "reason": row.reason,
        "candidate": _clause_ref(row.candidate),
        "candidate_score": row.candidate_score,
        "status": row.status,
        "created_at": _time(row.created_at),
        "resolved_by": row.resolved_by,
        "resolved_at": _time(row.resolved_at),
        "attached_to": _clause_ref(row.attached_to),
    }


def to_json(data: ExportData) -> str:
    document = {
        "format": "policyapp-annotations",
        "format_version": FORMAT_VERSION,
        "include_suggestions": data.include_suggestions,
        "users": [{"username": u.username, "name": u.name} for u in data.users],
        "plans": [
            {
                "short_name": p.short_name,
                "title": p.title,
                "jurisdiction": p.jurisdiction,
                "language": p.language,
                "versions": [
                    {
                        "number": v.number,
                        "sha256": v.sha256,
                        "filename": v.filename,
                        "ruleset_version": v.ruleset_version,
                    }
                    for v in data.versions
                    if v.plan == p.short_name
                ],
            }
            for p in data.plans
        ],
        "clauses": [
            {
                "version": c.sha256,
                "ordinal": c.ordinal,
                "label": c.label,
                "section": c.section,
                "page": c.page,
                "page_label": c.page_label,
                "start": c.start,
                "end": c.end,
                "text": c.text,
            }
            for c in data.clauses
        ],
        "tags": [_tag_json(t) for t in data.tags],
        "notes": [_note_json(n) for n in data.notes],
        "orphans": [_orphan_json(o) for o in data.orphans],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# CSV: one row per clause and theme -----------------------------------------------------


def _values(stance: str, modality: str, actor: str) -> str:
    return " · ".join(part for part in (stance, modality, actor) if part)


def _decision_cell(row: DecisionRow) -> str:
    if row.verdict == "rejected":
        return "rejected"
    return f"confirmed: {_values(row.stance, row.modality, row.actor)}"


def _suggestion_cell(row: TagRow) -> str:
    if row.source != "rule":
        return f"(added by {row.created_by or 'an analyst'})"
    return _values(
        row.suggested_stance or row.stance,
        row.suggested_modality or row.modality,
        row.suggested_actor if row.suggested_stance else row.actor,
    )


def _final_cell(row: TagRow) -> str:
    if row.status in ("rejected", "disputed"):
        text = row.status
    else:
        text = f"{row.status}: {_values(row.stance, row.modality, row.actor)}"
    if row.settled_verdict:
        text += f" (settled by {row.settled_by or 'an administrator'})"
    return text


def _note_lines(note: NoteRow) -> list[str]:
    lines = []
    for item, prefix in [(note, "")] + [(reply, "  ↳ ") for reply in note.replies]:
        if item.deleted_at is not None:
            continue
        quote = f' on "{item.quote_exact}"' if item.quote_exact else ""
        lines.append(f"{prefix}{item.author}{quote}: {item.body}")
    return lines


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV
# injection"); a note is anyone's text, so such cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(data: ExportData) -> str:
    """One row per clause and theme; a clause with notes and no tag gets a row of its own."""
    analysts = data.analysts
    tags_by_clause: dict[tuple[str, int], list[TagRow]] = defaultdict(list)
    for tag in data.tags:
        tags_by_clause[(tag.sha256, tag.ordinal)].append(tag)
    notes_by_clause: dict[tuple[str, int], list[str]] = defaultdict(list)
    for note in data.notes:
        notes_by_clause[(note.sha256, note.ordinal)].extend(_note_lines(note))

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def write(row: list) -> None:
        writer.writerow([_cell(value) for value in row])

    write(
        ["plan", "version", "section", "clause", "page", "text", "theme", "rule suggestion"]
        + [f"decision: {name}" for name in analysts]
        + ["final", "notes"]
    )
    for clause in data.clauses:
        key = (clause.sha256, clause.ordinal)
        notes = "\n".join(notes_by_clause.get(key, []))
        tags = tags_by_clause.get(key, [])
        head = [
            clause.plan,
            clause.version,
            clause.section,
            clause.label,
            clause.page_label or (clause.page if clause.page is not None else ""),
            clause.text,
        ]
        if not tags:
            if notes:
                write(head + ["", ""] + [""] * len(analysts) + ["", notes])
            continue
        for tag in tags:
            by_analyst = {d.analyst: _decision_cell(d) for d in tag.decisions}
            write(
                head
                + [tag.theme, _suggestion_cell(tag)]
                + [by_analyst.get(name, "") for name in analysts]
                + [_final_cell(tag), notes]
            )
    return out.getvalue()


# W3C Web Annotation JSON-LD ------------------------------------------------------------


def _id(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, '/'.join(str(p) for p in parts))}"


def _person(username: str | None, names: dict[str, str]) -> dict | None:
    if not username:
        return None
    person = {"id": _id("user", username), "type": "Person", "nickname": username}
    if names.get(username):
        person["name"] = names[username]
    return person


def _target(
    clause: ClauseRow,
    version: VersionRow,
    source: str,
    *,
    start: int | None = None,
    end: int | None = None,
    exact: str | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
) -> dict:
    """Selectors on the version's text: offsets are the clause's start plus the quote's."""
    if start is None or end is None:
        start, end = 0, clause.end - clause.start
    absolute_start, absolute_end = clause.start + start, clause.start + end
    text = version.text
    if exact is None:
        exact = clause.text[start:end]
    if prefix is None:
        prefix = text[max(0, absolute_start - QUOTE_CONTEXT) : absolute_start]
    if suffix is None:
        suffix = text[absolute_end : absolute_end + QUOTE_CONTEXT]
    quote = {"type": "TextQuoteSelector", "exact": exact}
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    return {
        "source": source,
        "selector": [
            quote,
            {"type": "TextPositionSelector", "start": absolute_start, "end": absolute_end},
        ],
    }


def _textual(value: str, purpose: str) -> dict:
    return {"type": "TextualBody", "value": value, "purpose": purpose, "format": "text/plain"}


def _tag_annotation(tag, clause, version, source, names, generator) -> dict:
    bodies = [_textual(tag.theme, "tagging")]
    if tag.status != "rejected":
        bodies += [
            _textual(f"stance:{tag.stance}", "classifying"),
            _textual(f"modality:{tag.modality}", "classifying"),
        ]
        if tag.actor:
            bodies.append(_textual(tag.actor, "identifying"))
    bodies.append(_textual(f"status:{tag.status}", "assessing"))
    creators = []
    for username in [tag.created_by, *(d.analyst for d in tag.decisions), tag.settled_by]:
        person = _person(username, names)
        if person is not None and person not in creators:
            creators.append(person)
    annotation = {
        "id": _id("tag", tag.sha256, tag.ordinal, tag.theme),
        "type": "Annotation",
        "motivation": "tagging",
        "body": bodies,
        "target": _target(clause, version, source, start=tag.quote_start, end=tag.quote_end),
    }
    if creators:
        annotation["creator"] = creators if len(creators) > 1 else creators[0]
    if tag.source == "rule":
        annotation["generator"] = generator
    if tag.created_at is not None:
        annotation["created"] = _time(tag.created_at)
    if tag.decided_at is not None:
        annotation["modified"] = _time(tag.decided_at)
    return annotation


def _note_annotation(note, clause, version, source, names, parent_id=None) -> dict:
    annotation = {
        "id": _id("note", note.sha256, note.ordinal, note.author, _time(note.created_at)),
        "type": "Annotation",
        "motivation": "replying" if parent_id else "commenting",
        "body": _textual(note.body, "replying" if parent_id else "commenting"),
        "creator": _person(note.author, names),
        "created": _time(note.created_at),
        "modified": _time(note.updated_at),
    }
    if parent_id:
        annotation["target"] = parent_id
    elif note.quote_start is not None:
        annotation["target"] = _target(
            clause,
            version,
            source,
            start=note.quote_start,
            end=note.quote_end,
            exact=note.quote_exact or None,
            prefix=note.quote_prefix or None,
            suffix=note.quote_suffix or None,
        )
    else:
        annotation["target"] = _target(clause, version, source)
    return annotation


def _generator(ruleset: str) -> dict:
    """policyapp's rules, at the ruleset version that made the suggestion."""
    return {
        "id": _id("ruleset", ruleset),
        "type": "Software",
        "name": f"policyapp tagging rules {ruleset}".strip(),
    }


def to_w3c(data: ExportData, *, source_url, collection_id: str, label: str) -> str:
    """An AnnotationCollection with every annotation on one page.

    `source_url(version_row)` names the resource the selectors select from: the version's
    text as policyapp serves it, the very string the offsets count in.
    """
    names = {u.username: u.name for u in data.users}
    versions = {v.sha256: v for v in data.versions}
    clauses = {(c.sha256, c.ordinal): c for c in data.clauses}
    items = []
    for tag in data.tags:
        clause, version = clauses[(tag.sha256, tag.ordinal)], versions[tag.sha256]
        generator = _generator(tag.ruleset_version or data.ruleset_version)
        items.append(_tag_annotation(tag, clause, version, source_url(version), names, generator))
    for note in data.notes:
        clause, version = clauses[(note.sha256, note.ordinal)], versions[note.sha256]
        source = source_url(version)
        root = _note_annotation(note, clause, version, source, names)
        if note.deleted_at is None:
            items.append(root)
        for reply in note.replies:
            if reply.deleted_at is None:
                items.append(
                    _note_annotation(reply, clause, version, source, names, parent_id=root["id"])
                )
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def filename(scope: str, fmt: str, day: str) -> str:
    """`policyapp-<plan or all>-<date>.<ext>`; W3C files say what they are."""
    extension = {"csv": "csv", "json": "json", "w3c": "jsonld"}[fmt]
    kind = "-annotations" if fmt == "w3c" else ""
    return f"policyapp-{scope}{kind}-{day}.{extension}"
