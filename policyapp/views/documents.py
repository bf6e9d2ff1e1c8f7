from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import etag
from django.views.decorators.vary import vary_on_headers

from policyapp.models import Clause, Document, Tag, Version, VersionStatus
from policyapp.roles import reads
from policyapp.views.compare import matrix_context
from policyapp.views.notes import reader_notes

# A heading printed this often is a recurring sub-heading, not a section to navigate to.
REPEATED_HEADING = 3


@reads("policyapp.view_document")
@vary_on_headers("HX-Request")
def home(request: HttpRequest) -> HttpResponse:
    """The theme matrix of every ready plan and the list of plans with their status
    (anonymous visitors are sent to log in)."""
    context = {"documents": Document.objects.with_latest_version()}
    if request.user.has_perm("policyapp.view_clause"):
        context |= matrix_context(request)[0]
    return render(request, "documents/home.html", context)


def _version(short_name: str, number: int | None) -> tuple[Document, Version | None]:
    document = get_object_or_404(Document, short_name=short_name)
    versions = document.versions.all()
    if number is not None:
        return document, get_object_or_404(versions, number=number)
    return document, versions.ready().order_by("-number").first()


@reads("policyapp.view_clause")
def document_detail(
    request: HttpRequest, short_name: str, number: int | None = None
) -> HttpResponse:
    """The reading view: the section tree and every clause in order, with tags and sources."""
    document, version = _version(short_name, number)
    clauses = sections = []
    if version is not None and version.status == VersionStatus.READY:
        sections = toc_sections(list(version.sections.all()))
        clauses = list(
            Clause.objects.for_version(version)
            .with_notes()
            .select_related("section")
            .prefetch_related(
                Prefetch("tags", queryset=Tag.objects.for_review())
            )
        )
    notes = reader_notes(request, version, clauses) if clauses else {}
    return render(
        request,
        "documents/detail.html",
        notes
        | {
            "document": document,
            "version": version,
            "versions": document.versions.select_related("uploaded_by"),
            "sections": sections,
            "clauses": clauses,
            "translations": document.translations.all(),
            "add_link": True,
            "next": request.path,
        },
    )


@reads("policyapp.view_version")
def version_file(request: HttpRequest, short_name: str, number: int) -> FileResponse:
    """The original file as uploaded, always as a download: an uploaded PDF or HTML file
    may carry script, and it must never run in policyapp's origin."""
    _, version = _version(short_name, number)
    response = FileResponse(
        _open_original(version),
        filename=version.original_filename or version.file.name.rsplit("/", 1)[-1],
        as_attachment=True,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@reads("policyapp.view_clause")
def clause_source(request: HttpRequest, short_name: str, number: int, ordinal: int) -> HttpResponse:
    """Where a clause stands in the original: its PDF page with the clause's box marked,
    or, for HTML and text, the version's text with the clause marked."""
    document, version = _version(short_name, number)
    clause = get_object_or_404(version.clauses, ordinal=ordinal)
    context = {"document": document, "version": version, "clause": clause}
    if clause.page and _is_pdf(version):
        width, height = _page_size(version, clause.page)
        context |= {
            "page_width": width,
            "page_height": height,
            "box": _page_box(clause.bbox, width, height),
        }
        return render(request, "documents/source_page.html", context)
    context |= {
        "before": version.text[max(0, clause.start - 1500) : clause.start],
        "after": version.text[clause.end : clause.end + 1500],
    }
    return render(request, "documents/source_text.html", context)


def _open_original(version: Version):
    """The uploaded file, or a 404 that says it is missing (restored without its files,
    or removed from disk by hand) rather than a server error."""
    try:
        return version.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(
            f"The original file of {version} is missing from the server's storage; "
            "an administrator can upload it again."
        ) from error


def _is_pdf(version: Version) -> bool:
    return version.file.name.lower().endswith(".pdf")


def _page_size(version: Version, page: int) -> tuple[float, float]:
    from policyapp.pages import page_size

    with _open_original(version) as handle:
        return page_size(handle.read(), page)


def _page_box(bbox, width: float, height: float) -> dict | None:
    """The clause's box in the page's coordinates (PDF points from the top left), clipped
    to the page so a stray glyph's box never draws off it."""
    if not bbox or not width or not height:
        return None
    x0, top, x1, bottom = bbox
    x0, x1 = max(0.0, min(x0, width)), max(0.0, min(x1, width))
    top, bottom = max(0.0, min(top, height)), max(0.0, min(bottom, height))
    if x1 <= x0 or bottom <= top:
        return None
    return {
        "x": round(x0, 2),
        "y": round(top, 2),
        "width": round(x1 - x0, 2),
        "height": round(bottom - top, 2),
    }


def _page_image_etag(request, short_name: str, number: int, page: int) -> str | None:
    """The file's own hash, so a replaced file never shows a cached image of the old one."""
    sha = (
        Version.objects.filter(document__short_name=short_name, number=number)
        .values_list("sha256", flat=True)
        .first()
    )
    if sha is None:
        return None
    return f"{sha[:32]}-{page}-{settings.POLICYAPP_PAGE_IMAGE_MAX_PX}"


@reads("policyapp.view_version")
@etag(_page_image_etag)
def page_image(request: HttpRequest, short_name: str, number: int, page: int) -> HttpResponse:
    _, version = _version(short_name, number)
    if not _is_pdf(version):
        raise Http404("Only PDF versions have pages.")
    with _open_original(version) as handle:
        data = handle.read()
    from policyapp.pages import page_png  # pdfium only in the processes that draw pages

    try:
        png = page_png(data, page, max_side=settings.POLICYAPP_PAGE_IMAGE_MAX_PX)
    except IndexError as error:
        raise Http404(str(error)) from error
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def toc_sections(sections: list) -> list:
    """The sections worth listing in a table of contents.

    A heading printed under every section ("Recommended Policy Actions" 30 times) tells
    the reader nothing there; it stays in the text and its clauses keep their anchors.
    """
    counts = Counter(section.heading.casefold() for section in sections)
    return [s for s in sections if counts[s.heading.casefold()] < REPEATED_HEADING]
