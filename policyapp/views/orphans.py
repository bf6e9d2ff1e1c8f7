"""The plan's orphans: analysts' work a revision could not place; re-attach or dismiss."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from policyapp.models import Annotation, Clause, Decision, Document, Orphan, Version
from policyapp.revision import closest_clauses
from policyapp.roles import reads, writes
from policyapp.services.orphans import orphan_dismiss, orphan_reattach, reattach_version


@dataclass(frozen=True)
class Row:
    orphan: Orphan
    candidates: list[tuple[Clause, float]]
    error: str = ""


def _orphans(document: Document):
    return document.orphans.select_related(
        "version", "candidate", "attached_to", "resolved_by", "tag__clause__version",
        "tag__theme", "annotation__clause__version", "annotation__author",
    ).prefetch_related(
        Prefetch("tag__decisions", queryset=Decision.objects.select_related("analyst")),
        Prefetch("annotation__replies", queryset=Annotation.objects.select_related("author")),
    )  # fmt: skip


def _rows(orphans, latest: Version | None, error: str = "") -> list[Row]:
    clauses = list(Clause.objects.for_version(latest).only("id", "ordinal", "label", "text")) if (
        latest
    ) else []  # fmt: skip
    texts = [c.text for c in clauses]
    rows = []
    for orphan in orphans:
        candidates = []
        if orphan.is_open and clauses:
            found = closest_clauses(orphan.item.clause.text, texts)
            candidates = [(clauses[i], score) for i, score in found]
            # The carry-over's own best guess weighs the neighbours too: offer it first.
            if orphan.candidate_id and orphan.candidate.version_id == latest.pk:
                candidates = [(orphan.candidate, orphan.candidate_score)] + [
                    (c, score) for c, score in candidates if c.pk != orphan.candidate_id
                ]
        rows.append(Row(orphan, candidates, error))
    return rows


@reads("policyapp.view_clause")
def orphans_page(request: HttpRequest, short_name: str) -> HttpResponse:
    document = get_object_or_404(Document, short_name=short_name)
    orphans = list(_orphans(document))
    latest = document.versions.ready().order_by("-number").first()
    return render(
        request,
        "orphans/page.html",
        {
            "document": document,
            "latest": latest,
            "open_rows": _rows([o for o in orphans if o.is_open], latest),
            "resolved": [o for o in orphans if not o.is_open],
        },
    )


def _answer(request, orphan: Orphan, message: str, error: str = "") -> HttpResponse:
    if request.htmx:
        orphan = _orphans(orphan.document).get(pk=orphan.pk)
        row = _rows([orphan], reattach_version(orphan), error)[0]
        return render(
            request, "orphans/page.html#orphan", {"row": row, "document": orphan.document,
                                                  "announce": error or message},
        )  # fmt: skip
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect(reverse("orphans", args=[orphan.document.short_name]) + f"#orphan-{orphan.pk}")


@writes("policyapp.review_tag")
@vary_on_headers("HX-Request")
def orphan_reattach_view(request: HttpRequest, pk: int) -> HttpResponse:
    orphan = get_object_or_404(Orphan.objects.select_related("document"), pk=pk)
    latest = reattach_version(orphan)
    ordinal = (request.POST.get("ordinal") or request.POST.get("clause") or "").strip()
    clause = None
    if latest is not None and ordinal.isdigit():
        clause = latest.clauses.filter(ordinal=int(ordinal)).first()
    if clause is None:
        return _answer(request, orphan, "", f"There is no clause {ordinal or '(none given)'} "
                       "in the latest version: choose one from the list or type its number.")  # fmt: skip
    try:
        orphan_reattach(orphan=orphan, clause=clause, user=request.user)
    except ValidationError as error:
        return _answer(request, orphan, "", " ".join(error.messages))
    return _answer(request, orphan, f"Re-attached to clause {clause.ordinal} ({clause.label}).")


@writes("policyapp.review_tag")
@vary_on_headers("HX-Request")
def orphan_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    orphan = get_object_or_404(Orphan.objects.select_related("document"), pk=pk)
    try:
        orphan_dismiss(orphan=orphan, user=request.user)
    except ValidationError as error:
        return _answer(request, orphan, "", " ".join(error.messages))
    return _answer(request, orphan, "Dismissed; it stays on the version it was made on.")
