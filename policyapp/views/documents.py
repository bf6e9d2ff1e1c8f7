from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import etag
from django.views.decorators.vary import vary_on_headers

from policyapp.models import Clause, Document, Version, VersionStatus
from policyapp.roles import reads
from policyapp.views.clause_pages import (
    aligned_start,
    page_before,
    page_from,
    prepare_rows,
    toc_items,
)
from policyapp.views.compare import matrix_context
from policyapp.views.freshness import conditional_page, library_state
from policyapp.views.notes import reader_notes

# A heading printed this often is a recurring sub-heading, not a section to navigate to.
# Plans listed per page on the home page.
HOME_PLANS = 50
REPEATED_HEADING = 3
# Longest heading shown whole in a table of contents.
TOC_HEADING = 80


def _home_state(request: HttpRequest):
    # Its recent activity says "5 minutes ago": the minute is part of what it shows.
    revision = library_state(request)
    return None if revision is None else (revision, timezone.now().strftime("%Y%m%d%H%M"))


@reads("policyapp.view_document")
@vary_on_headers("HX-Request")
@conditional_page(_home_state, shared=True)
def home(request: HttpRequest) -> HttpResponse:
    """The theme matrix of every ready plan and the list of plans with their status
    (anonymous visitors are sent to log in)."""
    # A library of a thousand plans is listed a page at a time (`?plans_page=N`; the
    # matrix's own parameters, `page` included, are left alone).
    page = Paginator(Document.objects.with_latest_version(), HOME_PLANS).get_page(
        request.GET.get("plans_page")
    )
    context = {"documents": page, "plans_page": page, "plans_query": _without(request, "plans_page")}
    if request.user.has_perm("policyapp.view_clause"):
        context |= matrix_context(request)[0]
    return render(request, "documents/home.html", context)


def _without(request: HttpRequest, name: str) -> str:
    """The request's query without `name`, ready for "&name=..." to be added."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def _version(
    short_name: str, number: int | None, *, with_text: bool = True
) -> tuple[Document, Version | None]:
    document = get_object_or_404(Document, short_name=short_name)
    versions = document.versions.all()
    if not with_text:
        # The whole plan's text is only read to show a clause in its context.
        versions = versions.defer("text")
    if number is not None:
        return document, get_object_or_404(versions, number=number)
    return document, versions.ready().order_by("-number").first()


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdecimal() and 0 < len(value) < 10 else None


def _no_thread_open(request: HttpRequest) -> bool:
    # An open thread offers its author "Edit"; the rest of the reading view is the same for
    # everyone but each reader's decisions, which are filled in (views.personal).
    return "notes" not in request.GET


@reads("policyapp.view_clause")
@vary_on_headers("HX-Request")
@conditional_page(library_state, shared=_no_thread_open)
def document_detail(
    request: HttpRequest, short_name: str, number: int | None = None
) -> HttpResponse:
    """The reading view: the section tree and the clauses with their tags and sources, a
    page at a time; further pages load as the reader scrolls (a link without JavaScript).

    ?from=N      the page starting at clause N      (htmx: that page and the next trigger)
    ?before=N    the page ending before clause N    (htmx: that page and the earlier link)
    ?at=N        the page holding clause N, as when read from the start (permanent links)
    ?section=N   the page starting at section N     (the table of contents)
    """
    document, version = _version(short_name, number, with_text=False)
    ready = version is not None and version.status == VersionStatus.READY
    part = _reading_part(request) if ready else None
    context = {"document": document, "version": version, "part": part}
    if ready:
        context |= _reading_page(request, version, part)
        context |= reader_notes(request, version, context["clauses"])
        context |= {"add_link": True, "review": True, "next": request.path}
    if part:
        return render(request, "documents/detail.html#clause-page", context)
    return render(
        request,
        "documents/detail.html",
        context
        | {
            "versions": document.versions.select_related("uploaded_by").defer("text"),
            "toc": _toc(version) if ready else "",
            "translations": document.translations.all(),
        },
    )


def _toc(version: Version):
    url = reverse("document_version", args=[version.document.short_name, version.number])
    return toc_items(
        toc_sections(list(version.sections.all())),
        href=lambda s: f"{url}?section={s.ordinal}#s{s.ordinal}",
        anchor=lambda s: f"s{s.ordinal}",
    )


def _reading_part(request: HttpRequest) -> str | None:
    """Which fragment an htmx request asks for; None for the whole page."""
    if not request.htmx or request.htmx.history_restore_request:
        return None
    for name, part in (("from", "next"), ("before", "earlier"), ("at", "window")):
        if _int_param(request, name):
            return part
    return "window" if _int_param(request, "section") else None


def _reading_page(request: HttpRequest, version: Version, part: str | None) -> dict:
    clauses = Clause.objects.filter(version=version).for_rows().with_notes()
    before = _int_param(request, "before")
    if before:
        page = page_before(clauses, before)
        if part is None:
            page.next_from = before
    else:
        start = _int_param(request, "from")
        if at := _int_param(request, "at"):
            start = aligned_start(at)
        elif section := _int_param(request, "section"):
            first = (
                Clause.objects.filter(version=version, section__ordinal__gte=section)
                .order_by("ordinal")
                .values_list("ordinal", flat=True)
                .first()
            )
            start = first or 1
        page = page_from(clauses, start or 1, with_earlier=part != "next")
    version_url = reverse("document_version", args=[version.document.short_name, version.number])
    return {
        "page": page,
        "clauses": prepare_rows(page.clauses, version),
        "version_url": version_url,
        "permalink": f"{version_url}?at=",
        "id_prefix": "",
    }


@reads("policyapp.view_version")
def version_file(request: HttpRequest, short_name: str, number: int) -> FileResponse:
    """The original file as uploaded, always as a download: an uploaded PDF or HTML file
    may carry script, and it must never run in policyapp's origin."""
    _, version = _version(short_name, number, with_text=False)
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
    _, version = _version(short_name, number, with_text=False)
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
    listed = [s for s in sections if counts[s.heading.casefold()] < REPEATED_HEADING]
    for section in listed:
        # Cut here, not with |truncatechars, which costs a translation lookup per heading.
        heading = section.heading
        section.short_heading = heading if len(heading) <= TOC_HEADING else heading[: TOC_HEADING - 1] + "…"
    return listed
