"""Analysts' notes on clauses (or on a quote within one), their replies, edits and deletions.

A note is plain text. Each save bumps `Annotation.revision`; an edit names the revision it
started from and the database update only matches that revision, so of two people saving
from the same starting point the second is refused (`NoteConflict`), even when both saves
race. The body an edit replaces is kept as an `AnnotationRevision`. Every write is one
transaction with its history entry.

The caller checks the role (`add_annotation`, `change_annotation`); these services check
ownership: only the author edits a note; the author, or an administrator
(`moderate_annotation`), deletes it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from policyapp.models import Annotation, AnnotationRevision, Clause
from policyapp.quotes import QuoteError, quote_at, quote_find
from policyapp.services import audit

BODY_MAX = 10_000
MODERATE = "policyapp.moderate_annotation"


class NoteConflict(Exception):
    """Someone saved the note after the editor opened it; `current` is the note as it is now."""

    def __init__(self, current: Annotation):
        self.current = current
        super().__init__(
            f"{current.author} changed this note while you were editing it (now revision "
            f"{current.revision}). Your text is kept below: compare, then save again."
        )


def note_snapshot(note: Annotation) -> dict:
    """What the history shows of a note before and after a change."""
    clause = note.clause
    return {
        "body": note.body,
        "revision": note.revision,
        "quote": note.quote_exact or None,
        "clause": {"ordinal": clause.ordinal, "label": clause.label,
                   "version": clause.version.number},  # fmt: skip
        "parent": note.parent_id,
        "deleted": note.deleted_at is not None,
    }


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": "Write something first."})
    if len(body) > BODY_MAX:
        raise ValidationError({"body": f"A note holds at most {BODY_MAX:,} characters."})
    return body


def _record(note: Annotation, *, user, action: str, before: dict | None, what: str) -> None:
    clause = note.clause
    audit.record(user=user, action=action, target=note, document=clause.version.document,
                 before=before, after=note_snapshot(note),
                 summary=f"{what} on {clause.label}")  # fmt: skip


def _clause(clause: Clause) -> Clause:
    return Clause.objects.select_related("version__document").get(pk=clause.pk)


@transaction.atomic
def note_add(
    *,
    clause: Clause,
    user: AbstractBaseUser,
    body: str,
    quote_start: int | None = None,
    quote_end: int | None = None,
    quote_exact: str = "",
    quote_prefix: str = "",
    quote_suffix: str = "",
) -> Annotation:
    """A new note on `clause`, on the whole clause or on a quote within it.

    A quote comes as offsets (code points into the clause text, checked against
    `quote_exact` when given), or as typed words alone, which are looked up in the clause.
    """
    clause = _clause(clause)
    note = Annotation(clause=clause, author=user, body=_clean_body(body))
    try:
        if quote_start is not None or quote_end is not None:
            if quote_start is None or quote_end is None:
                raise QuoteError("A quote needs both its start and its end.")
            quote = quote_at(clause.text, quote_start, quote_end, quote_exact or None)
        elif quote_exact.strip():
            quote = quote_find(clause.text, quote_exact.strip(), quote_prefix, quote_suffix)
        else:
            quote = None
    except QuoteError as error:
        raise ValidationError({"quote": str(error)}) from error
    if quote is not None:
        note.quote_start, note.quote_end = quote.start, quote.end
        note.quote_exact, note.quote_prefix, note.quote_suffix = (
            quote.exact,
            quote.prefix,
            quote.suffix,
        )
    note.full_clean()
    note.save()
    _record(note, user=user, action="note.add", before=None, what="note")
    return note


@transaction.atomic
def note_reply(*, parent: Annotation, user: AbstractBaseUser, body: str) -> Annotation:
    """A reply joins the thread of the note it answers (a reply to a reply joins the root)."""
    parent = Annotation.objects.select_related("clause__version__document").get(pk=parent.pk)
    root = parent if parent.parent_id is None else parent.parent
    if root.deleted_at is not None:
        raise ValidationError({"body": "This note was deleted; it takes no new replies."})
    reply = Annotation(clause=root.clause, author=user, parent=root, body=_clean_body(body))
    reply.full_clean()
    reply.save()
    _record(reply, user=user, action="note.reply", before=None, what="reply")
    return reply


@transaction.atomic
def note_edit(
    *, note: Annotation, user: AbstractBaseUser, body: str, expected_revision: int
) -> Annotation:
    """Save a new body for `user`'s own note, if nobody saved it since `expected_revision`.

    Raises NoteConflict (nothing stored) when the note moved on; PermissionDenied when the
    note is someone else's.
    """
    body = _clean_body(body)
    current = Annotation.objects.select_related("clause__version__document", "author").get(
        pk=note.pk
    )
    if current.author_id != user.pk:
        raise PermissionDenied("Only the author edits a note.")
    if current.deleted_at is not None:
        raise ValidationError({"body": "This note was deleted."})
    if current.revision != expected_revision:
        raise NoteConflict(current)
    if body == current.body:
        return current
    now = timezone.now()
    # The check that holds under a race: the row changes only if it is still at the
    # revision the editor started from; a concurrent save makes this match nothing.
    changed = Annotation.objects.filter(
        pk=current.pk, revision=expected_revision, deleted_at__isnull=True
    ).update(body=body, revision=F("revision") + 1, updated_at=now)
    if changed != 1:
        current.refresh_from_db()
        raise NoteConflict(current)
    before = note_snapshot(current)
    AnnotationRevision.objects.create(
        annotation=current,
        revision=expected_revision,
        body=current.body,
        edited_by=current.author,
        saved_at=current.updated_at,
    )
    current.refresh_from_db()
    _record(current, user=user, action="note.edit", before=before, what="note")
    return current


def note_can_delete(note: Annotation, user: AbstractBaseUser) -> bool:
    return note.author_id == user.pk or user.has_perm(MODERATE)


@transaction.atomic
def note_delete(*, note: Annotation, user: AbstractBaseUser) -> Annotation:
    """Delete a note: its author, or an administrator. The row stays (marked deleted, its
    last body kept as a revision) so replies keep their thread and the history its link."""
    current = (
        Annotation.objects.select_for_update(of=("self",))
        .select_related("clause__version__document", "author")
        .get(pk=note.pk)
    )
    if not note_can_delete(current, user):
        raise PermissionDenied("Only the author or an administrator deletes a note.")
    if current.deleted_at is not None:
        return current
    before = note_snapshot(current)
    AnnotationRevision.objects.create(
        annotation=current,
        revision=current.revision,
        body=current.body,
        edited_by=current.author,
        saved_at=current.updated_at,
    )
    now = timezone.now()
    Annotation.objects.filter(pk=current.pk).update(
        deleted_at=now, updated_at=now, revision=F("revision") + 1
    )
    current.refresh_from_db()
    what = "note" if current.parent_id is None else "reply"
    if current.author_id != user.pk:
        what += f" by {current.author}"
    _record(current, user=user, action="note.delete", before=before, what=what)
    return current
