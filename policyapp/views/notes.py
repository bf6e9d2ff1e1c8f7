"""Notes on clauses: the thread of a clause, and adding, replying, editing, deleting.

One URL, two renderings: an htmx request gets the thread fragment
(`components/clause_notes.html`, which the reader and other screens include), any other
request the whole page; a POST without htmx redirects back to where the note was written.
A refused save (an empty note, a quote not in the clause, a stale edit) re-renders the
form with the writer's text kept.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.vary import vary_on_headers

from policyapp.models import Annotation, Clause
from policyapp.quotes import QuoteError, quote_at
from policyapp.roles import reads, reads_and_writes, writes
from policyapp.services import notes as service
from policyapp.services.notes import note_can_delete
from policyapp.views.clause_pages import id_prefix

FRAGMENT = "components/clause_notes.html"
PAGE = "notes/clause.html"


def reader_url(clause: Clause) -> str:
    """The clause in the reading view with its notes open."""
    return f"{version_url(clause.version)}?notes={clause.ordinal}#c{clause.ordinal}-notes"


def version_url(version) -> str:
    return reverse("document_version", args=[version.document.short_name, version.number])


def notes_url(clause: Clause) -> str:
    version = clause.version
    return reverse(
        "clause_notes", args=[version.document.short_name, version.number, clause.ordinal]
    )


def thread_context(request: HttpRequest, clause: Clause, **state) -> dict:
    """What `components/clause_notes.html` needs for one clause. `state` carries a form
    being filled in: editing/edit_body/edit_revision/edit_error/edit_current,
    add_body/add_quote/add_error, reply_to/reply_body/reply_error, status."""
    threads = Annotation.objects.threads(clause)
    user = request.user
    for note in threads:
        for item in [note, *note.thread_replies]:
            item.mine = item.author_id == user.pk
            item.deletable = note_can_delete(item, user)
    return {
        "clause": clause,
        "version": clause.version,
        "document": clause.version.document,
        "threads": threads,
        "note_total": sum(
            (not n.is_deleted) + len(n.thread_replies) for n in threads
        ),
        "notes": state,
        "notes_next": state.get("next") or reader_url(clause),
        "notes_url": notes_url(clause),
        "version_url": version_url(clause.version),
        "id_prefix": id_prefix(request),
    }


def reader_notes(request: HttpRequest, version, clauses: list[Clause]) -> dict:
    """The reader's notes context: its version URL, and the thread of the clause named by
    `?notes=<ordinal>` opened in place (how the notes open without JavaScript)."""
    context = {"version_url": version_url(version), "notes_open": None}
    wanted = request.GET.get("notes", "")
    if wanted.isdigit():
        clause = next((c for c in clauses if c.ordinal == int(wanted)), None)
        if clause is not None:
            context |= thread_context(request, clause) | {"notes_open": clause.pk}
            del context["clause"]
    return context


def _clause(short_name: str, number: int, ordinal: int) -> Clause:
    return get_object_or_404(
        Clause.objects.select_related("version__document", "section"),
        version__document__short_name=short_name,
        version__number=number,
        ordinal=ordinal,
    )


def _note(pk: int) -> Annotation:
    return get_object_or_404(Annotation.objects.select_related("clause__version__document"), pk=pk)


def _next(request: HttpRequest, clause: Clause) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reader_url(clause)


def _render(request: HttpRequest, clause: Clause, *, status: int = 200, **state) -> HttpResponse:
    state.setdefault("next", _next(request, clause))
    context = thread_context(request, clause, **state)
    if request.htmx and not request.htmx.history_restore_request:
        # htmx swaps only 2xx answers: a refused save comes back as 200 with its message.
        return render(request, FRAGMENT, context)
    return render(request, PAGE, context, status=status)


def _done(request: HttpRequest, clause: Clause, status: str) -> HttpResponse:
    if request.htmx:
        return _render(request, clause, status=200, status_message=status)
    return redirect(_next(request, clause))


def _first_error(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages)


def _quote_from(params) -> tuple[dict | None, str]:
    """A quote passed by the selection script (offsets and words), or typed (words only)."""
    exact = (params.get("quote_exact") or "").strip("\n")
    start, end = params.get("quote_start"), params.get("quote_end")
    if start and end:
        try:
            return {"start": int(start), "end": int(end), "exact": exact}, ""
        except ValueError:
            return None, "The selection could not be read; select the words again."
    if exact.strip():
        return {"exact": exact.strip()}, ""
    return None, ""


@reads_and_writes("policyapp.view_annotation")
@vary_on_headers("HX-Request")
def clause_notes(request: HttpRequest, short_name: str, number: int, ordinal: int) -> HttpResponse:
    """GET: a clause's notes (an `edit` parameter opens that note's edit form; a quote
    selected in the reader prefills the new note). POST: add a note."""
    clause = _clause(short_name, number, ordinal)
    if request.method == "POST":
        return _add(request, clause)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    state: dict = {}
    if request.GET.get("collapsed"):
        context = thread_context(request, clause) | {"collapsed": True}
        return render(request, FRAGMENT, context)
    edit = request.GET.get("edit", "")
    if edit.isdigit() and request.user.has_perm("policyapp.change_annotation"):
        note = Annotation.objects.live().filter(
            pk=int(edit), clause=clause, author=request.user
        ).first()
        if note is not None:
            state |= {"editing": note.pk, "edit_body": note.body, "edit_revision": note.revision}
    quote, error = _quote_from(request.GET)
    if quote and "start" in quote:
        try:
            found = quote_at(clause.text, quote["start"], quote["end"], quote["exact"] or None)
            quote = {"start": found.start, "end": found.end, "exact": found.exact}
        except QuoteError as refused:
            quote, error = None, str(refused)
    state |= {"add_quote": quote, "add_error": error}
    return _render(request, clause, **state)


def _add(request: HttpRequest, clause: Clause) -> HttpResponse:
    if not request.user.has_perm("policyapp.add_annotation"):
        return HttpResponse("You may read notes but not write them.", status=403)
    body = request.POST.get("body", "")
    quote, error = _quote_from(request.POST)
    if not error:
        try:
            service.note_add(
                clause=clause,
                user=request.user,
                body=body,
                quote_start=quote.get("start") if quote else None,
                quote_end=quote.get("end") if quote else None,
                quote_exact=quote.get("exact", "") if quote else "",
            )
            return _done(request, clause, "Note saved.")
        except ValidationError as refused:
            error = _first_error(refused)
    return _render(request, clause, status=400, add_body=body, add_quote=quote, add_error=error)


@writes("policyapp.add_annotation")
@vary_on_headers("HX-Request")
def note_reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _note(pk)
    clause = parent.clause
    body = request.POST.get("body", "")
    try:
        service.note_reply(parent=parent, user=request.user, body=body)
    except ValidationError as refused:
        root = parent.parent_id or parent.pk
        return _render(request, clause, status=400, reply_to=root, reply_body=body,
                       reply_error=_first_error(refused))  # fmt: skip
    return _done(request, clause, "Reply saved.")


@writes("policyapp.change_annotation")
@vary_on_headers("HX-Request")
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note(pk)
    clause = note.clause
    body = request.POST.get("body", "")
    try:
        expected = int(request.POST.get("revision", ""))
    except ValueError:
        expected = -1
    try:
        service.note_edit(note=note, user=request.user, body=body, expected_revision=expected)
    except service.NoteConflict as conflict:
        current = conflict.current
        return _render(request, clause, status=409, editing=note.pk, edit_body=body,
                       edit_revision=current.revision, edit_current=current,
                       edit_error=str(conflict))  # fmt: skip
    except ValidationError as refused:
        return _render(request, clause, status=400, editing=note.pk, edit_body=body,
                       edit_revision=expected, edit_error=_first_error(refused))  # fmt: skip
    return _done(request, clause, "Note updated.")


@writes("policyapp.delete_annotation")
@vary_on_headers("HX-Request")
def note_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note(pk)
    service.note_delete(note=note, user=request.user)
    return _done(request, note.clause, "Note deleted.")


@reads("policyapp.view_annotation")
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A permanent link to a note: its clause's notes in the reader."""
    note = _note(pk)
    return redirect(reader_url(note.clause).split("#")[0] + f"#note-{pk}")
