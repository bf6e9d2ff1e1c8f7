"""Notes and replies: threads, quotes, own-only edits, kept revisions, refused stale saves."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from policyapp.models import Annotation, AnnotationRevision, AuditEntry
from policyapp.quotes import QuoteError, quote_at, quote_find
from policyapp.roles import ADMINISTRATORS, ANALYSTS
from policyapp.services.notes import (
    NoteConflict,
    note_add,
    note_delete,
    note_edit,
    note_reply,
)
from policyapp.tests import factories

TEXT = "Encourage open-source AI. More open data for all; open data for AI research."


@pytest.fixture
def clause(db):
    doc = factories.document(short_name="us-plan", jurisdiction="US")
    ver = factories.version(doc, text=TEXT)
    return factories.clause(ver, label="I › 3")


@pytest.fixture
def ana(db):
    return factories.user_with_role(ANALYSTS, username="ana")


@pytest.fixture
def ben(db):
    return factories.user_with_role(ANALYSTS, username="ben")


# The pure quote helpers.


def test_quote_at_checks_the_words_at_the_offsets():
    quote = quote_at(TEXT, 10, 21, "open-source")
    assert (quote.exact, quote.prefix, quote.suffix[:4]) == ("open-source", "Encourage ", " AI.")
    with pytest.raises(QuoteError):
        quote_at(TEXT, 10, 21, "open source")
    with pytest.raises(QuoteError):
        quote_at(TEXT, 60, 200)


def test_quote_find_uses_the_context_to_pick_a_repeated_phrase():
    first = TEXT.index("open data")
    second = TEXT.index("open data", first + 1)
    assert quote_find(TEXT, "open data").start == first
    assert quote_find(TEXT, "open data", suffix=" for AI").start == second
    assert quote_find(TEXT, "open data", prefix="all; ").start == second
    with pytest.raises(QuoteError):
        quote_find(TEXT, "closed data")


def test_quote_offsets_count_code_points_not_utf16_units():
    text = "𝔸 emoji 😀 then 开源 models"
    quote = quote_find(text, "开源")
    assert text[quote.start : quote.end] == "开源"
    assert quote.start == text.index("开源")


# Adding, replying.


def test_a_note_on_a_quote_keeps_offsets_and_context(clause, ana):
    start = TEXT.index("open-source")
    note = note_add(clause=clause, user=ana, body="Which licence?", quote_start=start,
                    quote_end=start + 11, quote_exact="open-source")  # fmt: skip
    assert TEXT[note.quote_start : note.quote_end] == note.quote_exact == "open-source"
    assert note.quote_prefix == TEXT[:start]
    assert note.revision == 1


def test_a_typed_quote_is_found_in_the_clause(clause, ana):
    note = note_add(clause=clause, user=ana, body="Repeated", quote_exact="open data for AI")
    assert note.quote_start == TEXT.index("open data for AI")


def test_a_quote_that_does_not_match_the_clause_is_refused_and_nothing_stored(clause, ana):
    with pytest.raises(ValidationError) as error:
        note_add(clause=clause, user=ana, body="x", quote_start=0, quote_end=9, quote_exact="Enc")
    assert "quote" in error.value.message_dict
    with pytest.raises(ValidationError):
        note_add(clause=clause, user=ana, body="x", quote_exact="not in the text")
    with pytest.raises(ValidationError):
        note_add(clause=clause, user=ana, body="   ")
    assert not Annotation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_reply_to_a_reply_joins_the_root_thread(clause, ana, ben):
    root = note_add(clause=clause, user=ana, body="Is this binding?")
    reply = note_reply(parent=root, user=ben, body="No: encouragement.")
    again = note_reply(parent=reply, user=ana, body="Agreed.")
    assert reply.parent == root and again.parent == root
    assert list(root.replies.order_by("created_at")) == [reply, again]
    assert again.clause == clause


# Editing and deleting.


def test_editing_keeps_the_earlier_body(clause, ana):
    note = note_add(clause=clause, user=ana, body="First thought")
    note = note_edit(note=note, user=ana, body="Second thought", expected_revision=1)
    note = note_edit(note=note, user=ana, body="Third thought", expected_revision=2)
    assert (note.body, note.revision) == ("Third thought", 3)
    assert list(note.revisions.values_list("revision", "body")) == [
        (1, "First thought"),
        (2, "Second thought"),
    ]


def test_the_second_save_from_the_same_revision_is_refused(clause, ana):
    note = note_add(clause=clause, user=ana, body="Draft")
    note_edit(note=note, user=ana, body="Saved in one tab", expected_revision=1)
    with pytest.raises(NoteConflict) as conflict:
        note_edit(note=note, user=ana, body="Saved in another tab", expected_revision=1)
    assert conflict.value.current.body == "Saved in one tab"
    assert conflict.value.current.revision == 2
    note.refresh_from_db()
    assert note.body == "Saved in one tab"
    assert AnnotationRevision.objects.filter(annotation=note).count() == 1


def test_only_the_author_edits_and_deletes_but_an_administrator_may_delete(clause, ana, ben):
    admin = factories.user_with_role(ADMINISTRATORS, username="root")
    note = note_add(clause=clause, user=ana, body="Mine")
    with pytest.raises(PermissionDenied):
        note_edit(note=note, user=ben, body="Yours now", expected_revision=1)
    with pytest.raises(PermissionDenied):
        note_edit(note=note, user=admin, body="Nobody's", expected_revision=1)
    with pytest.raises(PermissionDenied):
        note_delete(note=note, user=ben)
    note.refresh_from_db()
    assert (note.body, note.deleted_at) == ("Mine", None)

    note = note_delete(note=note, user=admin)
    assert note.deleted_at is not None
    entry = AuditEntry.objects.get(action="note.delete")
    assert entry.user == admin
    assert "by ana" in entry.summary


def test_a_deleted_note_keeps_its_replies_and_takes_no_more(clause, ana, ben):
    root = note_add(clause=clause, user=ana, body="Root")
    reply = note_reply(parent=root, user=ben, body="Reply")
    note_delete(note=root, user=ana)
    assert Annotation.objects.filter(pk=reply.pk, deleted_at__isnull=True).exists()
    assert AnnotationRevision.objects.get(annotation=root).body == "Root"
    with pytest.raises(ValidationError):
        note_reply(parent=reply, user=ben, body="Late")
    with pytest.raises(ValidationError):
        note_edit(note=root, user=ana, body="Back", expected_revision=2)


# The history.


def test_each_action_writes_one_entry_with_before_and_after(clause, ana, ben):
    note = note_add(clause=clause, user=ana, body="One", quote_exact="open-source")
    reply = note_reply(parent=note, user=ben, body="Two")
    note_edit(note=note, user=ana, body="One, revised", expected_revision=1)
    note_delete(note=reply, user=ben)

    entries = list(AuditEntry.objects.order_by("pk"))
    assert [e.action for e in entries] == ["note.add", "note.reply", "note.edit", "note.delete"]
    add, answer, edit, delete = entries
    assert add.before is None and add.after["body"] == "One"
    assert add.after["quote"] == "open-source"
    assert add.after["clause"] == {"ordinal": clause.ordinal, "label": "I › 3", "version": 1}
    assert answer.after["parent"] == note.pk and answer.user == ben
    assert (edit.before["body"], edit.after["body"]) == ("One", "One, revised")
    assert (edit.before["revision"], edit.after["revision"]) == (1, 2)
    assert delete.before["deleted"] is False and delete.after["deleted"] is True
    assert {e.document.short_name for e in entries} == {"us-plan"}
    assert all(e.target_type == "annotation" for e in entries)


def test_a_refused_edit_writes_no_entry(clause, ana):
    note = note_add(clause=clause, user=ana, body="Draft")
    note_edit(note=note, user=ana, body="Saved", expected_revision=1)
    with pytest.raises(NoteConflict):
        note_edit(note=note, user=ana, body="Stale", expected_revision=1)
    assert AuditEntry.objects.filter(action="note.edit").count() == 1
