"""The theme matrix: which plans commit to which openness themes, and the clauses behind it.

Reads are QuerySet methods, arithmetic is `policyapp.comparison`; the views only parse the
query string and choose a template. Every figure follows the analysts' decisions
(`Tag.objects.counted()`), on the newest ready version of each plan.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from policyapp.comparison import (
    STANCES,
    CountRow,
    Matrix,
    Plan,
    build_matrix,
    figure,
    plan_names,
    size_unit,
)
from policyapp.models import Annotation, Document, Stance, Tag, Theme, Version
from policyapp.roles import reads
from policyapp.views.freshness import conditional_page, library_state
from policyapp.views.notes import version_url

CELL_PAGE_SIZE = 25
KINDS = {"commitments": "Commitments", "mentions": "Mentions"}


@dataclass
class Selection:
    """What the query string asks for, checked against the plans that are ready."""

    chosen: list[Version]
    normalised: bool
    # The plan picker: how many plans are ready, the others it lists (`picker_others`), and
    # the words that found them.
    ready_count: int = 0
    others: list[Version] = field(default_factory=list)
    find: str = ""
    unknown: list[str] = field(default_factory=list)
    not_ready: list[str] = field(default_factory=list)

    @property
    def picker(self) -> list[Version]:
        return self.chosen + self.others

    @property
    def unlisted(self) -> int:
        """Ready plans the picker does not list (found by name instead)."""
        return max(0, self.ready_count - len(self.picker))

    @property
    def short_names(self) -> list[str]:
        return [version.document.short_name for version in self.chosen]

    def query(self, **extra: object) -> str:
        """The query string of this selection (plans, normalisation) plus `extra`."""
        params: dict[str, object] = {"plans": ",".join(self.short_names)}
        if self.normalised:
            params["per"] = "10000"
        params |= {key: value for key, value in extra.items() if value not in (None, "")}
        return urlencode(params)

    @property
    def counts_query(self) -> str:
        return replace(self, normalised=False).query()

    @property
    def per_query(self) -> str:
        return replace(self, normalised=True).query()

    @property
    def chosen_ids(self) -> set[int]:
        return {version.pk for version in self.chosen}


# With no choice made, the matrix shows this many plans ("Plans compared: 8 of 1,000 ready"):
# a column per plan stops being readable long before a library of plans ends.
DEFAULT_PLANS = 8


# The plan picker lists the chosen plans and at most this many others; in a library of a
# thousand plans the others are found by name (`?find=`), not scrolled through.
PICKER_PLANS = 40


def find_words(request: HttpRequest) -> str:
    return request.GET.get("find", "").strip()[:100]


def picker_others(chosen: list[int], find: str) -> tuple[list[Version], int]:
    """(ready plans to offer besides the versions `chosen` (ids): those `find` names, or the
    first ones; how many plans are ready). Two queries whatever the library's size."""
    ready = Version.objects.latest_ready().for_comparison()
    others = ready.exclude(pk__in=chosen)
    if find:
        others = others.filter(
            Q(document__title__icontains=find)
            | Q(document__short_name__icontains=find)
            | Q(document__jurisdiction__iexact=find)
        )
    return list(others[:PICKER_PLANS]), ready.count()


def _selection(request: HttpRequest) -> Selection:
    names = plan_names(request.GET.getlist("plans"))
    ready = Version.objects.latest_ready().for_comparison()
    if names:
        by_name = {v.document.short_name: v for v in ready.filter(document__short_name__in=names)}
        chosen = [by_name[name] for name in names if name in by_name]
    else:
        by_name, chosen = {}, list(ready[:DEFAULT_PLANS])
    missing = [name for name in names if name not in by_name]
    # Tell a plan that exists but is still being read (or failed) from a wrong name.
    existing = (
        set(Document.objects.filter(short_name__in=missing).values_list("short_name", flat=True))
        if missing
        else set()
    )
    find = find_words(request)
    others, ready_count = picker_others([version.pk for version in chosen], find)
    return Selection(
        chosen=chosen,
        normalised=request.GET.get("per") == "10000",
        ready_count=ready_count,
        others=others,
        find=find,
        unknown=[name for name in missing if name not in existing],
        not_ready=[name for name in missing if name in existing],
    )


def _themes() -> dict[str, Theme]:
    return {theme.code: theme for theme in Theme.objects.all()}


def _matrix(selection: Selection, themes: dict[str, Theme]) -> Matrix:
    version_ids = [version.pk for version in selection.chosen]
    rows = [
        CountRow(
            version_id=row["clause__version_id"],
            theme=row["theme_id"],
            stance=row["stance"],
            commitment=row["commitment"],
            n=row["n"],
        )
        for row in Tag.objects.counted().matrix_counts(version_ids)
    ]
    plans = [
        Plan(
            version_id=version.pk,
            short_name=version.document.short_name,
            title=version.document.title,
            jurisdiction=version.document.jurisdiction,
            language=version.language or version.document.language,
            size=version.text_size,
        )
        for version in selection.chosen
    ]
    return build_matrix(
        rows=rows, plans=plans, themes=list(themes), normalised=selection.normalised
    )


@dataclass
class CellList:
    """The clauses of one cell: which cell, which filters, which page."""

    plan: Version
    theme: Theme
    stance: str
    kind: str
    page: object  # a Paginator page of tags
    selection: Selection
    # The plan's version in the reading view (where the notes' and review links lead).
    version_url: str = ""

    def query(self, **changes: object) -> str:
        params = {
            "plan": self.plan.document.short_name,
            "theme": self.theme.code,
            "stance": self.stance,
            "kind": self.kind,
        } | changes
        return self.selection.query(**params)

    @property
    def kind_links(self) -> list[tuple[str, str, bool]]:
        """(label, query, current) for all tags, commitments only, mentions only."""
        options = [("", "All"), *KINDS.items()]
        return [
            (label, self.query(kind=code, page=""), code == self.kind) for code, label in options
        ]

    @property
    def stance_links(self) -> list[tuple[str, str, str, bool]]:
        """(code, label, query, current) for every stance and for all of them."""
        options = [("", "Any stance"), *((code, Stance(code).label) for code in STANCES)]
        return [
            (code, label, self.query(stance=code, page=""), code == self.stance)
            for code, label in options
        ]

    @property
    def previous_query(self) -> str:
        page = self.page
        return self.query(page=page.previous_page_number()) if page.has_previous() else ""

    @property
    def next_query(self) -> str:
        page = self.page
        return self.query(page=page.next_page_number()) if page.has_next() else ""


def _cell_list(
    request: HttpRequest, selection: Selection, themes: dict[str, Theme]
) -> CellList | None:
    """The cell named by `?plan=&theme=`, or None when the query names no (known) cell."""
    plan_name, theme_code = request.GET.get("plan", ""), request.GET.get("theme", "")
    plan = next((v for v in selection.chosen if v.document.short_name == plan_name), None)
    theme = themes.get(theme_code)
    if plan is None or theme is None:
        return None
    stance = request.GET.get("stance", "")
    stance = stance if stance in Stance.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    tags = Tag.objects.counted().in_cell(plan, theme.code, stance=stance, kind=kind)
    page = Paginator(tags, CELL_PAGE_SIZE).get_page(request.GET.get("page"))
    clauses = [tag.clause for tag in page]
    # The notes bar of each clause says how many notes it has: one query for the page.
    counts = Annotation.objects.live().note_counts([c.pk for c in clauses])
    for clause in clauses:
        clause.note_count = counts.get(clause.pk, 0)
    return CellList(
        plan=plan, theme=theme, stance=stance, kind=kind, page=page, selection=selection,
        version_url=version_url(plan),
    )  # fmt: skip


def matrix_context(request: HttpRequest, *, with_matrix: bool = True) -> tuple[dict, int]:
    """Everything the matrix section needs (the home page shows it too), and the status:
    400 when the query names plans that are not there to compare. A cell's list alone
    (`with_matrix=False`) skips counting the matrix."""
    selection = _selection(request)
    themes = _themes()
    context = {
        "selection": selection,
        "cell_list": _cell_list(request, selection, themes),
        "stances": [(code, Stance(code).label) for code in STANCES],
        "kinds": KINDS,
        "compare_url": reverse("compare"),
        "cell_url": reverse("compare_cell"),
        "csv_url": f"{reverse('compare_csv')}?{selection.query()}",
        "read_url": f"/compare/read/?plans={','.join(selection.short_names)}",
    }
    if with_matrix:
        matrix = _matrix(selection, themes)
        context["matrix"] = matrix
        context["matrix_rows"] = [
            (
                themes[row.theme],
                [
                    (cell, selection.query(plan=cell.plan.short_name, theme=row.theme))
                    for cell in row.cells
                ],
            )
            for row in matrix.rows
        ]
    return context, 400 if (selection.unknown or selection.not_ready) else 200


@reads("policyapp.view_clause")
@vary_on_headers("HX-Request")
@conditional_page(library_state, shared=True)
def compare(request: HttpRequest) -> HttpResponse:
    """The matrix of the chosen plans (all ready plans by default), with a cell's clauses
    below it when the query names a cell."""
    context, status = matrix_context(request)
    return render(request, "compare/page.html", context, status=status)


@reads("policyapp.view_clause")
@vary_on_headers("HX-Request")
@conditional_page(library_state, shared=True)
def compare_cell(request: HttpRequest) -> HttpResponse:
    """A cell's clauses as a fragment for htmx; without htmx, the whole matrix page."""
    if not request.htmx or request.htmx.history_restore_request:
        return redirect(f"{reverse('compare')}?{request.GET.urlencode()}#cell-clauses")
    context, status = matrix_context(request, with_matrix=False)
    return render(request, "compare/matrix.html#cell-clauses", context, status=status)


@reads("policyapp.view_clause")
def compare_csv(request: HttpRequest) -> HttpResponse:
    """The matrix as on screen, one row per plan and theme, with the normalisation said."""
    selection = _selection(request)
    themes = _themes()
    matrix = _matrix(selection, themes)
    today = timezone.localdate().isoformat()
    names = "_".join(selection.short_names) or "no-plans"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="matrix_{names}_{today}.csv"'
    writer = csv.writer(response)
    if matrix.normalised:
        measure = "per 10,000 words (per 10,000 characters for Chinese plans)"
    else:
        measure = "counts of tags"
    writer.writerow(
        [
            f"policyapp theme matrix, {today}. Figures: {measure}. Tags counted: rule "
            "suggestions and analysts' tags, less those analysts rejected. Commitments: "
            "modality not STATEMENT; mentions: STATEMENT."
        ]
    )
    stance_columns = [s.lower() for s in STANCES]
    writer.writerow(
        [
            "plan", "jurisdiction", "version", "theme", "theme_name",
            *(f"commitments_{s}" for s in stance_columns),
            *(f"mentions_{s}" for s in stance_columns),
            "figures", "plan_size", "plan_size_unit",
        ]
    )  # fmt: skip
    versions = {version.pk: version for version in selection.chosen}
    figures = "per 10,000 " if matrix.normalised else "count"
    for row in matrix.rows:
        for cell in row.cells:
            unit = size_unit(cell.plan.language)
            writer.writerow(
                [
                    cell.plan.short_name,
                    cell.plan.jurisdiction,
                    versions[cell.plan.version_id].number,
                    row.theme,
                    themes[row.theme].name,
                    *(figure(v, matrix.normalised) for _, v in cell.commitments.items()),
                    *(figure(v, matrix.normalised) for _, v in cell.mentions.items()),
                    f"{figures}{unit}" if matrix.normalised else figures,
                    cell.plan.size,
                    unit,
                ]
            )
    return response
