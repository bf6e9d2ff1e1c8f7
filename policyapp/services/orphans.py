"""Orphans: analysts' work a revision could not place, re-attached by hand or dismissed.

The caller checks the permission (`review_tag`). Each resolution is in the history.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from policyapp.models import Clause, Orphan, OrphanStatus, Tag, TagSource, TagStatus, Version
from policyapp.services import audit
from policyapp.services.revisions import quote_place, tag_copies, thread_copies


def _locked(orphan: Orphan) -> Orphan:
    orphan = (
        Orphan.objects.select_for_update(of=("self",))
        .select_related("document", "tag__clause", "annotation__clause")
        .get(pk=orphan.pk)
    )
    if not orphan.is_open:
        raise ValidationError(f"This item was already {orphan.get_status_display().lower()}.")
    return orphan


def reattach_version(orphan: Orphan) -> Version | None:
    """Orphans are re-attached to the plan's latest ready version: the one analysts read."""
    return orphan.document.versions.ready().order_by("-number").first()


def _describe(orphan: Orphan) -> dict:
    if orphan.tag_id:
        tag = orphan.tag
        return {"kind": "tag", "theme": tag.theme_id, "status": tag.status,
                "from": f"{tag.clause.label} (clause {tag.clause.ordinal})"}  # fmt: skip
    note = orphan.annotation
    return {"kind": "note", "body": note.body[:200], "quote": note.quote_exact[:200],
            "from": f"{note.clause.label} (clause {note.clause.ordinal})"}  # fmt: skip


def _resolve(orphan: Orphan, user, status: str, clause: Clause | None = None) -> None:
    orphan.status = status
    orphan.resolved_by, orphan.resolved_at = user, timezone.now()
    orphan.attached_to = clause
    orphan.save(update_fields=["status", "resolved_by", "resolved_at", "attached_to"])


@transaction.atomic
def orphan_reattach(*, orphan: Orphan, clause: Clause, user: AbstractBaseUser) -> Orphan:
    """Put the orphan's tag (with every analyst's decision and any settlement) or note
    (with its replies and earlier bodies) on `clause` of the plan's latest version.

    A quote not found in `clause` leaves the note on the whole clause (the history keeps the
    old quote). Refused when the clause already carries analysts' work on the same theme.
    """
    orphan = _locked(orphan)
    latest = reattach_version(orphan)
    if latest is None or clause.version_id != latest.pk:
        raise ValidationError("Choose a clause of the plan's latest version.")
    where = f"{clause.label} (clause {clause.ordinal})"
    before = _describe(orphan)
    if orphan.tag_id:
        tag = orphan.tag
        taken = (
            Tag.objects.filter(clause=clause, theme_id=tag.theme_id)
            .exclude(source=TagSource.RULE, status=TagStatus.SUGGESTED, edited=False)
            .exists()
        )
        if taken:
            raise ValidationError(
                f"Clause {clause.ordinal} already has analysts' decisions on {tag.theme_id}; "
                "choose another clause or dismiss this one."
            )
        tag_copies([tag], {tag.pk: clause}, keep_evidence=set())
        after = {"to": where}
    else:
        note = orphan.annotation
        found, anchor = quote_place(note, clause)
        thread_copies([(note, clause, anchor)])
        after = {"to": where, "quote": anchor.exact if anchor else ""}
        if not found:
            after["quote_lost"] = note.quote_exact
    _resolve(orphan, user, OrphanStatus.REATTACHED, clause)
    audit.record(user=user, action="orphan.reattach", target=orphan, document=orphan.document,
                 before=before, after=after,
                 summary=f"{before['kind']} from {before['from']} re-attached to {where}")  # fmt: skip
    return orphan


@transaction.atomic
def orphan_dismiss(*, orphan: Orphan, user: AbstractBaseUser) -> Orphan:
    """The work no longer applies to the plan; it stays on the earlier version it was made on."""
    orphan = _locked(orphan)
    before = _describe(orphan)
    _resolve(orphan, user, OrphanStatus.DISMISSED)
    audit.record(user=user, action="orphan.dismiss", target=orphan, document=orphan.document,
                 before=before, after={"status": "dismissed"},
                 summary=f"{before['kind']} from {before['from']} dismissed")  # fmt: skip
    return orphan
