"""Exports: the page listing them, the downloads, and the version text W3C selectors point into."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from policyapp import exports
from policyapp.export_rows import render_export
from policyapp.models import Document, VersionStatus
from policyapp.roles import reads

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "w3c": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
}
FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "w3c": "W3C Web Annotation"}
READ_PERMISSIONS = ("policyapp.view_tag", "policyapp.view_annotation")


@reads(READ_PERMISSIONS)
def exports_page(request: HttpRequest) -> HttpResponse:
    suggestions = request.GET.get("suggestions") == "1"
    return render(
        request,
        "exports/page.html",
        {
            "documents": Document.objects.with_latest_version().order_by("title"),
            "formats": list(FORMAT_NAMES.items()),
            "suggestions": suggestions,
        },
    )


@reads(READ_PERMISSIONS)
def export_download(request: HttpRequest, fmt: str, short_name: str | None = None) -> HttpResponse:
    document = get_object_or_404(Document, short_name=short_name) if short_name else None
    if fmt not in exports.FORMATS:
        return HttpResponse(status=404)
    text = render_export(
        fmt,
        document=document,
        include_suggestions=request.GET.get("suggestions") == "1",
        base_url=request.build_absolute_uri("/"),
    )
    name = exports.filename(short_name or "all", fmt, timezone.localdate().isoformat())
    response = HttpResponse(text, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@reads("policyapp.view_version")
def version_text(request: HttpRequest, short_name: str, number: int) -> HttpResponse:
    """The version's normalised text: every clause and W3C selector offset counts in it."""
    document = get_object_or_404(Document, short_name=short_name)
    version = get_object_or_404(document.versions, number=number, status=VersionStatus.READY)
    return HttpResponse(version.text, content_type="text/plain; charset=utf-8")
