from __future__ import annotations

from collections import Counter

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import etag

from policyapp.models import Clause, Document, Tag, Version, VersionStatus
from policyapp.pages import page_png
from policyapp.roles import reads

# A heading printed this often is a recurring sub-heading, not a section to navigate to.
REPEATED_HEADING = 3


@reads("policyapp.view_document")
def home(request: HttpRequest) -> HttpResponse:
    """The list of plans (anonymous visitors are sent to log in)."""
    documents = Document.objects.with_latest_version()
    return render(request, "documents/home.html", {"documents": documents})


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
            .select_related("section")
            .prefetch_related(
                Prefetch("tags", queryset=Tag.objects.for_review())
            )
        )
    return render(
        request,
        "documents/detail.html",
        {
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
    """The original file as uploaded; PDFs open in the browser's viewer."""
    _, version = _version(short_name, number)
    return FileResponse(
        version.file.open("rb"),
        filename=version.original_filename or version.file.name.rsplit("/", 1)[-1],
        as_attachment=not version.file.name.lower().endswith(".pdf"),
    )


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
            "box": _box_percent(clause.bbox, width, height),
        }
        return render(request, "documents/source_page.html", context)
    context |= {
        "before": version.text[max(0, clause.start - 1500) : clause.start],
        "after": version.text[clause.end : clause.end + 1500],
    }
    return render(request, "documents/source_text.html", context)


def _is_pdf(version: Version) -> bool:
    return version.file.name.lower().endswith(".pdf")


def _page_size(version: Version, page: int) -> tuple[float, float]:
    from policyapp.pages import page_size

    with version.file.open("rb") as handle:
        return page_size(handle.read(), page)


def _box_percent(bbox, width: float, height: float) -> dict | None:
    """The clause's box as percentages of the page, for an overlay that scales with the image."""
    if not bbox or not width or not height:
        return None
    x0, top, x1, bottom = bbox
    return {
        "left": round(100 * x0 / width, 2),
        "top": round(100 * top / height, 2),
        "width": round(100 * (x1 - x0) / width, 2),
        "height": round(100 * (bottom - top) / height, 2),
    }


@reads("policyapp.view_version")
@etag(lambda request, short_name, number, page: f"{short_name}-{number}-{page}")
def page_image(request: HttpRequest, short_name: str, number: int, page: int) -> HttpResponse:
    _, version = _version(short_name, number)
    if not _is_pdf(version):
        raise Http404("Only PDF versions have pages.")
    with version.file.open("rb") as handle:
        data = handle.read()
    try:
        png = page_png(data, page)
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
