"""A Chinese original and its English translation, clause beside clause."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from policyapp.bilingual import bilingual_rows, original_and_translation
from policyapp.models import Document
from policyapp.roles import reads


@reads("policyapp.view_clause")
@vary_on_headers("HX-Request")
def bilingual(request: HttpRequest, short_name: str) -> HttpResponse:
    """Reached from either the original or the translation; the original is on the left."""
    document = get_object_or_404(
        Document.objects.select_related("translation_of"), short_name=short_name
    )
    documents = original_and_translation(document)
    if documents is None:
        raise Http404("This plan has no English translation.")
    original, translation = documents
    versions = [d.versions.ready().order_by("-number").first() for d in documents]
    rows = bilingual_rows(*versions) if all(versions) else []
    context = {
        "document": document,
        "original": original,
        "translation": translation,
        "versions": versions,
        "rows": rows,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "documents/bilingual.html#rows", context)
    return render(request, "documents/bilingual.html", context)
