"""The parallel reader: plans side by side in columns, one filter narrowing them all.

    /compare/read/?plans=a,b[,c]           the newest ready version of each plan
      &theme=OPEN_SOURCE&stance=PROMOTES&modality=DIRECTIVE&commitments=1
      &from=a:120                          column a starts at clause 120 (one per column)
      &before=a:120                        column a shows the page ending before clause 120
      &section=a:9                         column a starts at its section 9
      &clause=<pk>                         the chosen clause (counterparts go beside it)

The URL is the whole state, so a comparison can be sent as a link. htmx asks for one
column's fragment with `column=<plan>&part=next|earlier|window`; without JavaScript the same
links load the whole page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from policyapp.models import (
    Clause,
    Document,
    Modality,
    Section,
    Stance,
    Theme,
    Version,
    matching_tags,
    tag_match,
)
from policyapp.roles import reads
from policyapp.views.clause_pages import (
    ClausePage,
    page_before,
    page_from,
    page_size,
    prepare_rows,
    toc_items,
)
from policyapp.views.compare import find_words, picker_others
from policyapp.views.documents import toc_sections
from policyapp.views.freshness import conditional_page, library_state

MAX_COLUMNS = 6
FILTERS = ("theme", "stance", "modality", "commitments")
PARTS = {"next", "earlier", "window"}


class ReaderFilters(forms.Form):
    """One filter for every column; an empty field does not filter."""

    theme = forms.ChoiceField(required=False)
    stance = forms.ChoiceField(required=False, choices=[("", "Any stance"), *Stance.choices])
    modality = forms.ChoiceField(
        required=False, choices=[("", "Any modality"), *Modality.choices]
    )
    commitments = forms.BooleanField(
        required=False, label="Commitments only", help_text="Modality other than statement"
    )

    def __init__(self, *args, themes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *themes]

    def conditions(self) -> dict:
        return {name: self.cleaned_data[name] for name in FILTERS} if self.is_valid() else {}


def _plan_names(request: HttpRequest) -> list[str]:
    """`plans=a,b` or `plans=a&plans=b` (the picker's check boxes), in order, once each."""
    names = (name.strip() for value in request.GET.getlist("plans") for name in value.split(","))
    return list(dict.fromkeys(name for name in names if name))


def _per_plan(request: HttpRequest, key: str) -> dict[str, int]:
    """`from=a:120&from=b:7` -> {"a": 120, "b": 7}; malformed values are ignored."""
    found = {}
    for value in request.GET.getlist(key):
        name, _, number = value.rpartition(":")
        if name and number.isdecimal() and len(number) < 10:
            found[name] = int(number)
    return found


@dataclass
class ReaderState:
    """What the URL says; `url()` writes it back with changes, for links and fragments."""

    plans: list[str]
    filters: dict = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)
    befores: dict[str, int] = field(default_factory=dict)
    clause: int | None = None

    @property
    def column_size(self) -> int:
        """Clauses per page of a column: the page size shared among the columns, so a
        screen of the reader renders about as many rows as a page of the reading view."""
        return max(1, math.ceil(page_size() / len(self.plans)))

    def url(
        self,
        *,
        column: str | None = None,
        part: str | None = None,
        reset: str | None = None,
        **changes,
    ) -> str:
        starts = {k: v for k, v in self.starts.items() if k != reset}
        befores = {k: v for k, v in self.befores.items() if k != reset}
        sections = {}
        if "start" in changes:
            name, value = changes.pop("start")
            starts[name] = value
            befores.pop(name, None)
        if "before" in changes:
            name, value = changes.pop("before")
            befores[name] = value
            starts.pop(name, None)
        if "section" in changes:
            name, value = changes.pop("section")
            sections[name] = value
            starts.pop(name, None)
            befores.pop(name, None)
        clause = changes.pop("clause", self.clause)
        params: list[tuple[str, str]] = [("plans", ",".join(self.plans))]
        params += [(k, v) for k, v in self.filters.items() if v and k != "commitments"]
        if self.filters.get("commitments"):
            params.append(("commitments", "1"))
        params += [("from", f"{k}:{v}") for k, v in starts.items()]
        params += [("before", f"{k}:{v}") for k, v in befores.items()]
        params += [("section", f"{k}:{v}") for k, v in sections.items()]
        if clause:
            params.append(("clause", str(clause)))
        if column:
            params += [("column", column), ("part", part or "next")]
        return f"{reverse('compare_read')}?{urlencode(params, safe=',:')}"


@dataclass
class Column:
    version: Version
    page: ClausePage
    rows: list[Clause]
    more_url: str = ""
    more_fetch: str = ""
    earlier_url: str = ""
    earlier_fetch: str = ""
    toc: str = ""
    total: int | None = None
    matching: int | None = None
    permalink: str = ""
    choose_url: str = ""
    # The version in the reading view (the notes' links start from it).
    version_url: str = ""

    @property
    def short_name(self) -> str:
        return self.version.document.short_name

    @property
    def id_prefix(self) -> str:
        return f"{self.short_name}-"


@reads("policyapp.view_clause")
@vary_on_headers("HX-Request")
# The reader shows several plans, the picker's others, tags and notes: the library's
# revision covers them all in one query.
@conditional_page(library_state, shared=True)
def compare_read(request: HttpRequest) -> HttpResponse:
    """Plans in columns with their section trees and clauses, a page per column at a time."""
    names = _plan_names(request)
    themes = list(Theme.objects.values_list("code", "name"))
    form = ReaderFilters(request.GET or None, themes=themes)
    context = {"form": form, "plan_names": names}
    if not names:
        return render(request, "compare/read.html", context | _picker(request, names))
    if len(names) > MAX_COLUMNS:
        context["error"] = f"The reader shows at most {MAX_COLUMNS} plans side by side."
        return render(request, "compare/read.html", context | _picker(request, names), status=400)
    if form.is_bound and not form.is_valid():
        return render(request, "compare/read.html", context | _picker(request, names), status=400)

    versions = {
        v.document.short_name: v
        for v in Version.objects.latest_ready()
        .filter(document__short_name__in=names)
        .select_related("document")
        .defer("text")
    }
    if missing := [name for name in names if name not in versions]:
        context["error"] = _missing_message(missing)
        return render(request, "compare/read.html", context | _picker(request, names), status=404)

    state = ReaderState(
        plans=names,
        filters=form.conditions() if form.is_bound else {},
        starts=_per_plan(request, "from"),
        befores=_per_plan(request, "before"),
        clause=_chosen_pk(request),
    )
    if not request.htmx and _from_the_form(request):
        # The form writes plans=a&plans=b&stance=&...; the link to share is the short one.
        return redirect(state.url())
    chosen = _chosen(state, versions)
    if chosen is None:
        state.clause = None
    sections = _per_plan(request, "section")
    for name, ordinal in sections.items():
        if name in versions:
            # A section is a position like any other: the links written below carry it on.
            state.starts[name] = _section_start(versions[name], ordinal)
            state.befores.pop(name, None)

    column_name = request.GET.get("column", "")
    part = request.GET.get("part", "next")
    if request.htmx and request.htmx.boosted and not column_name and len(sections) == 1:
        # A boosted link of a column's table of contents: that column from the section.
        column_name, part = next(iter(sections)), "window"
    if request.htmx and not request.htmx.history_restore_request and column_name in versions:
        part = part if part in PARTS else "next"
        column = _column(versions[column_name], state, chosen, part=part)
        return render(
            request,
            "compare/read.html#column-page",
            {"column": column, "state": state, "chosen": chosen, "part": part},
        )

    columns = [_column(versions[name], state, chosen) for name in names]
    _add_tocs(columns, state)
    _add_counts(columns, state)
    return render(
        request,
        "compare/read.html",
        context
        | {
            "columns": columns,
            "state": state,
            "chosen": chosen,
            "filtered": any(state.filters.values()),
            **_picker(request, names, [versions[name] for name in names]),
            "clear_url": ReaderState(plans=names).url(),
        },
    )


def _from_the_form(request: HttpRequest) -> bool:
    """A submission of the form, to be redirected to its short link; not a search for plans
    to tick (`find`), which must stay on the page that lists what it found."""
    if request.GET.get("find"):
        return False
    plans = request.GET.getlist("plans")
    return len(plans) > 1 or any(request.GET.get(name) == "" for name in FILTERS)


def _chosen_pk(request: HttpRequest) -> int | None:
    value = request.GET.get("clause", "")
    return int(value) if value.isdecimal() and len(value) < 19 else None


@dataclass(frozen=True)
class Chosen:
    """The clause the analyst chose; its counterparts go in the other columns."""

    pk: int
    version_id: int
    ordinal: int


def _chosen(state: ReaderState, versions: dict[str, Version]) -> Chosen | None:
    if state.clause is None:
        return None
    row = (
        Clause.objects.filter(pk=state.clause, version__in=versions.values())
        .values_list("pk", "version_id", "ordinal")
        .first()
    )
    return Chosen(*row) if row else None


def _column(
    version: Version,
    state: ReaderState,
    chosen: Chosen | None,
    *,
    part: str | None = None,
) -> Column:
    name = version.document.short_name
    clauses = Clause.objects.filter(version=version)
    condition = tag_match(**state.filters)
    if condition is not None:
        # The chosen clause stays in view even when the filter would hide it.
        keep = Q(pk=chosen.pk) if chosen and chosen.version_id == version.pk else Q(pk__in=[])
        clauses = clauses.filter(Q(condition) | keep)
    clauses = clauses.for_rows().with_notes()

    if name in state.befores and part in (None, "earlier"):
        page = page_before(clauses, state.befores[name], size=state.column_size)
        if part is None:
            page.next_from = state.befores[name]
    else:
        start = state.starts.get(name)
        if start is None and chosen and chosen.version_id == version.pk:
            start = chosen.ordinal
        page = page_from(
            clauses, start or 1, size=state.column_size, with_earlier=part != "next"
        )
    if part == "next":
        page.earlier_before = None
    if part == "earlier":
        page.next_from = None

    column = Column(
        version=version,
        page=page,
        rows=prepare_rows(page.clauses, version, section_headings=True),
    )
    if page.next_from:
        column.more_url = state.url(start=(name, page.next_from))
        column.more_fetch = state.url(start=(name, page.next_from), column=name, part="next")
    if page.earlier_before:
        column.earlier_url = state.url(before=(name, page.earlier_before))
        column.earlier_fetch = state.url(
            before=(name, page.earlier_before), column=name, part="earlier"
        )
    reading = reverse("document_version", args=[name, version.number])
    column.version_url = reading
    column.permalink = f"{reading}?at="
    # Choosing a clause opens its column at it; the other columns stay where they are.
    column.choose_url = state.url(clause=None, reset=name) + "&clause="
    return column


def _section_start(version: Version, section: int) -> int:
    """The first clause at or after a section (a section may have no clause of its own)."""
    first = (
        Clause.objects.filter(version=version, section__ordinal__gte=section)
        .order_by("ordinal")
        .values_list("ordinal", flat=True)
        .first()
    )
    return first or 1


def _add_tocs(columns: list[Column], state: ReaderState) -> None:
    """Each column's table of contents, from one query for all columns."""
    by_version: dict[int, list[Section]] = {c.version.pk: [] for c in columns}
    for section in Section.objects.filter(version__in=list(by_version)).order_by("ordinal"):
        by_version[section.version_id].append(section)
    for column in columns:
        name = column.short_name
        # The state without this column's position, written once; each entry adds its section.
        base = state.url(reset=name)
        column.toc = toc_items(
            toc_sections(by_version[column.version.pk]),
            href=lambda s, base=base, name=name: f"{base}&section={name}:{s.ordinal}",
            anchor=lambda s, prefix=column.id_prefix: f"{prefix}s{s.ordinal}",
        )


def _add_counts(columns: list[Column], state: ReaderState) -> None:
    """How many clauses each plan has (stored with the version) and how many pass the
    filter: one query, over the matching tags rather than every clause."""
    for column in columns:
        column.total = column.version.clause_count
    tags = matching_tags(**state.filters)
    if tags is None:
        return
    matching = dict(
        tags.filter(clause__version__in=[c.version.pk for c in columns])
        .values("clause__version_id")
        .annotate(n=Count("clause_id", distinct=True))
        .order_by()
        .values_list("clause__version_id", "n")
    )
    for column in columns:
        column.matching = matching.get(column.version.pk, 0)


def _picker(request: HttpRequest, names: list[str], chosen: list[Version] | None = None) -> dict:
    """The plan picker: the plans in the URL (`chosen`, when the view has read them
    already), ticked, then others (`compare.picker_others`: those `?find=` names, or the
    first ones), and how many are ready."""
    if chosen is None:
        chosen = list(
            Version.objects.latest_ready().for_comparison().filter(document__short_name__in=names)
        )
    find = find_words(request)
    others, ready_count = picker_others([version.pk for version in chosen], find)
    choices = [
        {"short_name": v.document.short_name, "document": v.document, "checked": checked}
        for versions, checked in ((chosen, True), (others, False))
        for v in versions
    ]
    return {"choices": choices, "find": find, "unlisted": max(0, ready_count - len(choices))}


def _missing_message(missing: list[str]) -> str:
    known = set(
        Document.objects.filter(short_name__in=missing).values_list("short_name", flat=True)
    )
    parts = [
        f"“{name}” has no version ready to read yet."
        if name in known
        else f"No plan is called “{name}”."
        for name in missing
    ]
    return " ".join(parts) + " Choose the plans to read below."
