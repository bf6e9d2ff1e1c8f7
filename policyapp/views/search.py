"""Search across all plans (`/search/?q=…&plan=…&theme=…`), a page at a time, or as CSV."""

from __future__ import annotations

import csv
from datetime import date

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views.decorators.vary import vary_on_headers

from policyapp.models import Document, Modality, Stance, Theme
from policyapp.roles import reads
from policyapp.search import (
    SearchFilters,
    SearchResults,
    export_rows,
    headline_html,
    prefetch_tags,
    search_clauses,
    snippet_html,
)
from policyapp.views.freshness import conditional_page, library_state

PAGE_SIZE = 20
CSV_MAX_ROWS = 5000
# Results are counted up to this many: counting every match of a common word in a large
# library costs more than the page itself. Beyond it the page says "more than 1,000".
COUNT_LIMIT = 1000
# Up to this many plans the plan filter is a list to choose from; a larger library names
# the plan by its short name instead of a list of a thousand options.
PLAN_CHOICES = 100


class BoundedPaginator(Paginator):
    """Pages of search results, at most COUNT_LIMIT of them: the count stops there.

    One query reads the keys of the first COUNT_LIMIT + 1 matches in order: their number is
    the count, and a page is a slice of them, read whole by a second query."""

    def __init__(self, results: SearchResults, per_page: int):
        super().__init__(results.matches, per_page)
        self.results = results

    @cached_property
    def keys(self) -> list[int]:
        return self.results.keys(COUNT_LIMIT + 1)

    @cached_property
    def count(self) -> int:
        return min(len(self.keys), COUNT_LIMIT)

    @property
    def more(self) -> bool:
        return len(self.keys) > COUNT_LIMIT

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(self.results.rows(self.keys[bottom:top]), number, self)


@reads("policyapp.view_clause")
@vary_on_headers("HX-Request")
@conditional_page(library_state, shared=True)
def search(request: HttpRequest) -> HttpResponse:
    filters = SearchFilters.from_query(request.GET)
    if request.GET.get("format") == "csv":
        return _csv(request, filters)
    page = None
    if not filters.is_empty:
        results = search_clauses(filters)
        page = BoundedPaginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        prefetch_tags(page.object_list)
        for clause in page.object_list:
            clause.snippet = (
                headline_html(clause.headline)
                if results.ranked
                else snippet_html(clause.text, results.terms)
            )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "count_limit": f"{COUNT_LIMIT:,}",
        "query_string": params.urlencode(),
        "plans": _plan_choices(),
        "jurisdictions": list(
            Document.objects.order_by("jurisdiction")
            .values_list("jurisdiction", flat=True)
            .distinct()
        ),
        "themes": Theme.objects.all(),
        "stances": Stance.choices,
        "modalities": Modality.choices,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "search/page.html#results", context)
    return render(request, "search/page.html", context)


def _plan_choices() -> list[Document] | None:
    """The plans to choose from, or None when there are too many to list."""
    plans = list(
        Document.objects.order_by("jurisdiction", "title").only(
            "short_name", "title", "jurisdiction"
        )[: PLAN_CHOICES + 1]
    )
    return plans if len(plans) <= PLAN_CHOICES else None


def _csv(request: HttpRequest, filters: SearchFilters) -> HttpResponse:
    """The whole result (up to CSV_MAX_ROWS), one clause a row, with a link to each."""
    name = slugify(filters.q)[:40] or "all"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="policyapp-search-{name}-{date.today().isoformat()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            "plan",
            "jurisdiction",
            "version",
            "label",
            "sentence",
            "page",
            "modality",
            "themes",
            "text",
            "url",
        ]
    )
    if filters.is_empty:
        return response
    readings: dict[str, str] = {}  # each plan's reading view, reversed once
    for row in export_rows(search_clauses(filters), CSV_MAX_ROWS):
        if row.plan not in readings:
            readings[row.plan] = request.build_absolute_uri(
                reverse("document_detail", args=[row.plan])
            )
        writer.writerow(
            [
                row.plan,
                row.jurisdiction,
                row.version,
                row.label,
                row.sentence,
                row.page,
                row.modality,
                row.themes,
                row.text,
                f"{readings[row.plan]}?at={row.ordinal}#c{row.ordinal}",
            ]
        )
    return response
