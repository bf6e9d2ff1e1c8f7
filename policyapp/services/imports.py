"""Restore a JSON export (`policyapp.exports.to_json`) into a database holding the same plans.

Plans are matched by short name, versions by sha256, clauses by ordinal and text; users by
username (created inactive, without a password, when missing). All or nothing: any
mismatch raises `ImportRefused` before anything is written. Importing the same file twice
changes nothing the second time: tags are keyed by clause and theme, decisions by tag and
analyst, notes by clause, author and creation time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.dateparse import parse_datetime

from policyapp.export_rows import TAG_QUOTE_FIELDS
from policyapp.exports import FORMAT_VERSION, READABLE_VERSIONS
from policyapp.models import (
    Annotation,
    AnnotationRevision,
    Clause,
    Decision,
    Document,
    Orphan,
    Tag,
    Theme,
    Version,
)
from policyapp.revision import comparable
from policyapp.services import audit


class ImportRefused(Exception):
    """The file cannot be restored here; the message says why, nothing was written."""


@dataclass(frozen=True)
class ImportSummary:
    plans: int
    tags: int
    decisions: int
    notes: int
    users_created: int
    orphans: int = 0


def _time(value: str | None) -> datetime | None:
    return parse_datetime(value.replace("Z", "+00:00")) if value else None


def _check_format(data: dict) -> None:
    if not isinstance(data, dict) or data.get("format") != "policyapp-annotations":
        raise ImportRefused("This is not a policyapp JSON export (no 'format' field).")
    version = data.get("format_version")
    if version not in READABLE_VERSIONS:
        raise ImportRefused(
            f"This file is format version {version!r}; this policyapp reads version "
            f"{FORMAT_VERSION}. Export it again from a policyapp of the same release."
        )


def _versions(data: dict) -> dict[str, Version]:
    wanted = {p["short_name"]: p for p in data["plans"]}
    documents = {d.short_name: d for d in Document.objects.filter(short_name__in=wanted)}
    missing = sorted(set(wanted) - set(documents))
    if missing:
        raise ImportRefused(
            "These plans are not in this database: " + ", ".join(missing)
            + ". Ingest them (the same files) first."
        )  # fmt: skip
    versions = {
        v.sha256: v
        for v in Version.objects.filter(document__in=documents.values()).select_related("document")
    }
    problems = []
    for plan in data["plans"]:
        for v in plan["versions"]:
            found = versions.get(v["sha256"])
            if found is None or found.document.short_name != plan["short_name"]:
                problems.append(f"{plan['short_name']} v{v['number']} ({v['filename']})")
    if problems:
        raise ImportRefused(
            "These versions are not in this database (no file with the same contents): "
            + "; ".join(problems) + "."
        )  # fmt: skip
    return versions


def _check_orphans(data: dict, versions: dict[str, Version], clauses: dict) -> None:
    """Every orphan names a version, a tag or note, and clauses that the file holds."""
    tags = {(t["version"], t["clause"], t["theme"]) for t in data["tags"]}
    notes = {
        (n["version"], n["clause"], item["author"], item["created_at"])
        for n in data["notes"]
        for item in [n, *n["replies"]]
    }
    for orphan in data.get("orphans", []):
        tag, note = orphan["tag"], orphan["note"]
        refs = [orphan[k] for k in ("candidate", "attached_to") if orphan[k]]
        known = (
            orphan["version"] in versions
            and all((r["version"], r["clause"]) in clauses for r in refs)
            and (tag is None or (tag["version"], tag["clause"], tag["theme"]) in tags)
            and (note is None or (note["version"], note["clause"], note["author"], note["created_at"]) in notes)
            and (tag is None) != (note is None)
        )
        if not known:
            raise ImportRefused(
                "An orphan in the file names a tag, note or clause the file does not hold: "
                f"{orphan['reason'][:80]!r}. The file was edited or is incomplete."
            )


def _clauses(data: dict, versions: dict[str, Version]) -> dict[tuple[str, int], Clause]:
    wanted = {(c["version"], c["ordinal"]): c for c in data["clauses"]}
    by_version: dict[int, set[int]] = {}
    for sha, ordinal in wanted:
        by_version.setdefault(versions[sha].pk, set()).add(ordinal)
    found: dict[tuple[str, int], Clause] = {}
    sha_of = {v.pk: sha for sha, v in versions.items()}
    for version_id, ordinals in by_version.items():
        for clause in Clause.objects.filter(version_id=version_id, ordinal__in=ordinals):
            found[(sha_of[version_id], clause.ordinal)] = clause
    problems = []
    for key, row in wanted.items():
        clause = found.get(key)
        if clause is None or comparable(clause.text) != comparable(row["text"]):
            version = versions[key[0]]
            problems.append(f"{version} clause {key[1]} ({row['label']})")
    if problems:
        raise ImportRefused(
            "These clauses differ from the file's (segmented by another release?): "
            + "; ".join(problems[:10]) + (" …" if len(problems) > 10 else "")
        )  # fmt: skip
    return found


def _users(data: dict) -> tuple[dict[str, object], int]:
    model = get_user_model()
    names = {u["username"]: u.get("name", "") for u in data["users"]}
    users = {u.get_username(): u for u in model.objects.filter(username__in=names)}
    created = 0
    for username, name in names.items():
        if username in users:
            continue
        first, _, last = name.partition(" ")
        user = model(username=username, first_name=first, last_name=last, is_active=False)
        user.set_unusable_password()
        user.save()
        users[username] = user
        created += 1
    return users, created


@transaction.atomic
def annotations_import(*, data: dict, user=None) -> ImportSummary:
    """Restore `data` (a parsed JSON export). Raises `ImportRefused` and writes nothing
    when the file is of another format or its plans, versions or clauses are not here."""
    _check_format(data)
    versions = _versions(data)
    clauses = _clauses(data, versions)
    themes = set(Theme.objects.values_list("code", flat=True))
    unknown = sorted({t["theme"] for t in data["tags"]} - themes)
    if unknown:
        raise ImportRefused("Unknown themes in the file: " + ", ".join(unknown) + ".")
    _check_orphans(data, versions, clauses)
    users, users_created = _users(data)

    def person(name):
        return users[name] if name else None

    existing = {
        (t.clause_id, t.theme_id): t
        for t in Tag.objects.filter(clause__in=[c.pk for c in clauses.values()])
    }
    decisions = 0
    for row in data["tags"]:
        clause = clauses[(row["version"], row["clause"])]
        tag = existing.get((clause.pk, row["theme"])) or Tag(clause=clause, theme_id=row["theme"])
        suggestion, final, settlement = row["suggestion"], row["final"], row["settlement"]
        tag.source = row["source"]
        tag.suggested_stance = suggestion["stance"]
        tag.suggested_modality = suggestion["modality"]
        tag.suggested_actor = suggestion["actor"]
        tag.rule_ids, tag.evidence = suggestion["rule_ids"], suggestion["evidence"]
        tag.ruleset_version = suggestion["ruleset_version"]
        tag.created_by = person(row["created_by"])
        tag.status, tag.edited = final["status"], final["edited"]
        tag.stance, tag.modality, tag.actor = final["stance"], final["modality"], final["actor"]
        tag.decided_by, tag.decided_at = person(final["decided_by"]), _time(final["decided_at"])
        tag.settled_verdict = settlement["verdict"] if settlement else ""
        tag.settled_by = person(settlement["by"]) if settlement else None
        tag.settled_at = _time(settlement["at"]) if settlement else None
        quote = row.get("quote")
        if quote and hasattr(tag, TAG_QUOTE_FIELDS[0]):
            setattr(tag, TAG_QUOTE_FIELDS[0], quote["start"])
            setattr(tag, TAG_QUOTE_FIELDS[1], quote["end"])
        tag.full_clean()
        tag.save()
        if row["created_at"]:
            # created_at is stamped on insert; the tag was made when the file says.
            Tag.objects.filter(pk=tag.pk).update(created_at=_time(row["created_at"]))
        for d in row["decisions"]:
            Decision.objects.update_or_create(
                tag=tag,
                analyst=users[d["analyst"]],
                defaults={
                    "verdict": d["verdict"],
                    "stance": d["stance"],
                    "modality": d["modality"],
                    "actor": d["actor"],
                    "created_at": _time(d["created_at"]),
                    "updated_at": _time(d["updated_at"]),
                },
            )
            decisions += 1

    notes = 0
    for row in data["notes"]:
        clause = clauses[(row["version"], row["clause"])]
        root = _note_restore(row, clause=clause, parent=None, users=users)
        notes += 1
        for reply in row["replies"]:
            _note_restore(reply, clause=clause, parent=root, users=users)
            notes += 1

    orphans = data.get("orphans", [])
    for row in orphans:
        _orphan_restore(row, versions=versions, clauses=clauses, users=users)

    for plan in Document.objects.filter(short_name__in=[p["short_name"] for p in data["plans"]]):
        audit.record(
            user=user,
            action="annotations.import",
            target=plan,
            document=plan,
            summary=f"Restored analysts' work on {plan.short_name} from a JSON export",
            after={"tags": len(data["tags"]), "notes": notes, "orphans": len(orphans),
                   "users_created": users_created},  # fmt: skip
        )
    return ImportSummary(
        plans=len(data["plans"]),
        tags=len(data["tags"]),
        decisions=decisions,
        notes=notes,
        users_created=users_created,
        orphans=len(orphans),
    )


def _orphan_restore(row: dict, *, versions, clauses, users) -> Orphan:
    version = versions[row["version"]]

    def clause(ref: dict | None) -> Clause | None:
        return clauses[(ref["version"], ref["clause"])] if ref else None

    if row["tag"]:
        ref = row["tag"]
        key = {"tag": Tag.objects.get(clause=clause(ref), theme_id=ref["theme"])}
    else:
        ref = row["note"]
        key = {"annotation": Annotation.objects.get(
            clause=clause(ref), author=users[ref["author"]], created_at=_time(ref["created_at"])
        )}  # fmt: skip
    orphan, _ = Orphan.objects.update_or_create(
        version=version,
        **key,
        defaults={
            "document": version.document,
            "reason": row["reason"],
            "candidate": clause(row["candidate"]),
            "candidate_score": row["candidate_score"],
            "status": row["status"],
            "created_at": _time(row["created_at"]),
            "resolved_by": users[row["resolved_by"]] if row["resolved_by"] else None,
            "resolved_at": _time(row["resolved_at"]),
            "attached_to": clause(row["attached_to"]),
        },
    )
    return orphan


def _note_restore(row: dict, *, clause: Clause, parent, users) -> Annotation:
    author = users[row["author"]]
    created = _time(row["created_at"])
    note = Annotation.objects.filter(
        clause=clause, author=author, created_at=created, parent=parent
    ).first() or Annotation(clause=clause, author=author, created_at=created, parent=parent)
    quote = row["quote"] or {}
    note.body = row["body"]
    note.quote_exact = quote.get("exact", "")
    note.quote_prefix = quote.get("prefix", "")
    note.quote_suffix = quote.get("suffix", "")
    note.quote_start = quote.get("start")
    note.quote_end = quote.get("end")
    note.revision = row["revision"]
    note.updated_at = _time(row["updated_at"])
    note.deleted_at = _time(row["deleted_at"])
    note.full_clean(exclude=["clause", "author", "parent"])
    note.save()
    note.revisions.all().delete()
    AnnotationRevision.objects.bulk_create(
        AnnotationRevision(
            annotation=note,
            revision=r["revision"],
            body=r["body"],
            edited_by=users[r["edited_by"]] if r["edited_by"] else None,
            saved_at=_time(r["saved_at"]),
        )
        for r in row["revisions"]
    )
    return note
