"""Analysts' review: decide on a tag (confirm, reject, edit, withdraw), add one, and the
review queue of a plan. Administrators settle a tag here too.

Every endpoint answers a plain POST with a redirect back (to `next`, or the clause in the
reading view) and an htmx POST with a fragment named by the form's `fragment` field:
`tag` (components/tag_review.html), `clause` (components/clause_tags.html, with the
clause's highlights out of band) or `queue` (the queue's list and progress).
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.vary import vary_on_headers

from policyapp.models import Clause, Document, Tag, Theme, Version
from policyapp.roles import reads, reads_and_writes, writes
from policyapp.services import decisions
from policyapp.tag_forms import SettleForm, TagAddForm, TagValuesForm
from policyapp.views.clause_pages import id_prefix
from policyapp.views.freshness import conditional_page, library_state

QUEUE_PAGE = 10


def _tag(pk: int) -> Tag:
    return get_object_or_404(Tag.objects.select_related("clause__version__document", "theme"), pk=pk)


def _reading_url(clause: Clause) -> str:
    version = clause.version
    return reverse("document_version", args=[version.document.short_name, version.number])


def _back(request: HttpRequest, clause: Clause) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return _at_clause(target, clause)
    return _at_clause(f"{_reading_url(clause)}#c{clause.ordinal}", clause)


def _at_clause(url: str, clause: Clause) -> str:
    """The reading view loads a page of clauses at a time: a link back to a clause of it
    names the clause (?at=N), so the page that holds it opens, with or without JavaScript."""
    path, _, fragment = url.partition("#")
    if fragment != f"c{clause.ordinal}" or path.rstrip("/") != _reading_url(clause).rstrip("/"):
        return url
    return f"{_reading_url(clause)}?at={clause.ordinal}#{fragment}"


def _answer(request: HttpRequest, clause: Clause, tag_pk: int | None, message: str,
            *, form=None) -> HttpResponse:  # fmt: skip
    """The redirect (plain POST) or the fragment (htmx) after a write."""
    if not request.htmx:
        if form is not None and form.errors:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        else:
            messages.success(request, message)
        return redirect(_back(request, clause))
    fragment = request.POST.get("fragment", "tag")
    if fragment == "queue":
        version = clause.version
        context = queue_context(request, version.document, version)
        return render(request, "review/queue.html#queue", context | {"live": message})
    if fragment == "dispute" and tag_pk is not None:
        tag = Tag.objects.for_review().select_related("clause__version__document").get(pk=tag_pk)
        context = {"tag": tag, "clause": tag.clause, "live": message,
                   "next": request.POST.get("next", "")}  # fmt: skip
        return render(request, "agreement/page.html#dispute", context)
    if fragment == "clause" or tag_pk is None or not Tag.objects.filter(pk=tag_pk).exists():
        clause = clause_for_review(clause.pk)
        context = {
            "clause": clause,
            "themes": Theme.objects.all(),
            "add_link": True,
            "next": _reading_url(clause),
            "add_form": form,
            "live": message,
            "id_prefix": id_prefix(request),
        }
        return render(request, "review/answer.html#clause", context)
    tag = Tag.objects.for_review().select_related("clause__version__document").get(pk=tag_pk)
    context = {"tag": tag, "clause": tag.clause, "next": request.POST.get("next", ""),
               "live": message, "id_prefix": id_prefix(request)}  # fmt: skip
    return render(request, "review/answer.html#tag", context)


def clause_for_review(pk: int) -> Clause:
    """A clause with what its review box and its marked text show (the notes' quotes too)."""
    return (
        Clause.objects.select_related("version__document", "section")
        .with_notes()
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.for_review()))
        .get(pk=pk)
    )


@reads("policyapp.view_clause")
@vary_on_headers("HX-Request")
def clause_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A clause's tags with their review controls: what the reader's columns and the
    matrix's clause list load in place of the chips when an analyst asks to review.
    Without htmx, the clause in the reading view, which shows the controls already."""
    if not Clause.objects.filter(pk=pk).exists():
        raise Http404("No such clause.")
    clause = clause_for_review(pk)
    if not request.htmx:
        return redirect(f"{_reading_url(clause)}?at={clause.ordinal}#c{clause.ordinal}-tags")
    context = {
        "clause": clause,
        "add_link": True,
        "next": _reading_url(clause),
        "id_prefix": id_prefix(request),
    }
    return render(request, "components/clause_tags.html", context)


def _said(tag: Tag, verb: str) -> str:
    return f"You {verb} {tag.theme.name} on {tag.clause.label}; it is now {_status(tag)}."


def _status(tag: Tag) -> str:
    tag.refresh_from_db()
    return "final" if tag.is_settled else tag.get_status_display().lower()


@writes("policyapp.review_tag")
@vary_on_headers("HX-Request")
def tag_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _tag(pk)
    decisions.tag_confirm(tag=tag, user=request.user)
    return _answer(request, tag.clause, tag.pk, _said(tag, "confirmed"))


@writes("policyapp.review_tag")
@vary_on_headers("HX-Request")
def tag_reject(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _tag(pk)
    decisions.tag_reject(tag=tag, user=request.user)
    return _answer(request, tag.clause, tag.pk, _said(tag, "rejected"))


@writes("policyapp.review_tag")
@vary_on_headers("HX-Request")
def tag_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _tag(pk)
    form = TagValuesForm(request.POST)
    if not form.is_valid():
        return _answer(request, tag.clause, tag.pk, "Nothing saved.", form=form)
    decisions.tag_edit(tag=tag, user=request.user, **form.cleaned_data)
    return _answer(request, tag.clause, tag.pk, _said(tag, "edited"))


@writes("policyapp.review_tag")
@vary_on_headers("HX-Request")
def tag_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _tag(pk)
    clause, name = tag.clause, tag.theme.name
    decisions.decision_withdraw(tag=tag, user=request.user)
    message = f"You withdrew your decision on {name} on {clause.label}."
    return _answer(request, clause, tag.pk, message)


@reads_and_writes("policyapp.review_tag")
@vary_on_headers("HX-Request")
def tag_add(request: HttpRequest, clause_pk: int) -> HttpResponse:
    """The add form (a page of its own, or the fragment htmx loads into the clause: the
    reading view carries a link per clause, not a form), and its submission."""
    clause = get_object_or_404(Clause.objects.select_related("version__document"), pk=clause_pk)
    context = {"clause": clause, "themes": Theme.objects.all(), "next": _reading_url(clause),
               "id_prefix": id_prefix(request)}  # fmt: skip
    if request.method != "POST":
        if request.htmx:
            return render(request, "components/tag_add.html", context | {"open": True})
        return render(request, "review/add.html", context)
    form = TagAddForm(request.POST, clause=clause)
    if not form.is_valid():
        if not request.htmx:  # the form again with what was typed and why it was refused
            return render(request, "review/add.html", context | {"add_form": form}, status=400)
        # htmx swaps 200s only: the form comes back with its errors.
        return _answer(request, clause, None, "No tag added.", form=form)
    data = form.cleaned_data
    tag = decisions.tag_add(
        clause=clause, theme=data["theme"], stance=data["stance"], modality=data["modality"],
        actor=data["actor"], user=request.user, quote=form.quote,
    )  # fmt: skip
    quoted = f" on “{tag.quote_exact}”" if tag.quote_exact else ""
    return _answer(request, clause, tag.pk, f"You added {tag.theme.name}{quoted} to {clause.label}.")


@writes("policyapp.settle_tag")
@vary_on_headers("HX-Request")
def tag_settle(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _tag(pk)
    form = SettleForm(request.POST)
    if not form.is_valid():
        return _answer(request, tag.clause, tag.pk, "Nothing settled.", form=form)
    decisions.tag_settle(tag=tag, user=request.user, **form.cleaned_data)
    return _answer(request, tag.clause, tag.pk,
                   f"Settled {tag.theme.name} on {tag.clause.label}: {_status(tag)}.")  # fmt: skip


@reads("policyapp.view_tag")
@vary_on_headers("HX-Request")
def tag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One tag with its controls: the fragment, or its clause in the reading view."""
    tag = get_object_or_404(
        Tag.objects.for_review().select_related("clause__version__document"), pk=pk
    )
    if not request.htmx:
        return redirect(f"{_reading_url(tag.clause)}#c{tag.clause.ordinal}")
    return render(request, "review/answer.html#tag", {"tag": tag, "clause": tag.clause})


# The review queue


def queue_context(request: HttpRequest, document: Document, version: Version) -> dict:
    """The first undecided tags of `version` for the signed-in analyst, and the progress."""
    tags = Tag.objects.for_version(version)
    waiting = tags.awaiting(request.user)
    total = tags.count()
    left = waiting.count()
    items = list(
        waiting.for_review().select_related("clause__section")[:QUEUE_PAGE]
    )
    return {
        "document": document,
        "version": version,
        "items": items,
        "total": total,
        "decided": total - left,
        "left": left,
        "queue_url": reverse("review_queue", args=[document.short_name]),
        "reading_url": reverse("document_version", args=[document.short_name, version.number]),
    }


@reads("policyapp.review_tag")
@vary_on_headers("HX-Request")
@conditional_page(library_state)
def review_queue(request: HttpRequest, short_name: str) -> HttpResponse:
    """The tags of a plan's latest ready version that I have not decided, in reading order."""
    document = get_object_or_404(Document, short_name=short_name)
    version = document.versions.ready().order_by("-number").first()
    if version is None:
        raise Http404("This plan has no ready version to review.")
    context = queue_context(request, document, version)
    template = "review/queue.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#queue"
    return render(request, template, context)
