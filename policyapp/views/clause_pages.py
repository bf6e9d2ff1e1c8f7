"""Clauses a page at a time, for the reading view and the parallel reader.

Pages are keyed on clause ordinals (keyset paging): a page "from N" holds the first
`size` clauses with ordinal >= N, a page "before N" the last `size` clauses with ordinal < N.
The next page starts after the last clause shown, so pages neither overlap nor leave gaps,
with or without a filter. Rows are prepared in Python once per page (highlighted text,
links) so the template does no per-clause work beyond printing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from policyapp.links import url_maker
from policyapp.models import Clause, Section, Version
from policyapp.templatetags.labels import label_tail
from policyapp.templatetags.notes import clause_text

# Longest label shown whole in the margin of a clause.
LABEL_MARGIN = 14


# What `id_prefix` may be: a plan's short name and a dash (the reader's columns), "cell-"
# (the matrix's clause list), or nothing (the reading view).
_ID_PREFIX = re.compile(r"(?:[a-z0-9][a-z0-9-]{0,78}-)?")


def id_prefix(request) -> str:
    """The prefix of element ids a fragment is rendered with: screens that show clauses of
    several plans prefix ids so they stay unique, and their htmx requests send it back
    (`hx-vals` on the clause) so an answer replaces the right elements."""
    value = request.POST.get("prefix") if request.method == "POST" else None
    value = value if value is not None else request.GET.get("prefix", "")
    return value if _ID_PREFIX.fullmatch(value) else ""


def page_size() -> int:
    return settings.POLICYAPP_PAGE_CLAUSES


@dataclass
class ClausePage:
    clauses: list[Clause] = field(default_factory=list)
    # Where the page after this one starts, if there are clauses after it.
    next_from: int | None = None
    # The first ordinal shown, if there are clauses before it (the earlier page ends there).
    earlier_before: int | None = None

    @property
    def first(self) -> int | None:
        return self.clauses[0].ordinal if self.clauses else None


def page_from(
    clauses, start: int, *, size: int | None = None, with_earlier: bool = True
) -> ClausePage:
    """The clauses with ordinal >= `start`; `with_earlier` also says whether any come before."""
    size = size or page_size()
    rows = list(clauses.filter(ordinal__gte=start).order_by("ordinal")[: size + 1])
    page = ClausePage(clauses=rows[:size])
    if len(rows) > size:
        page.next_from = rows[size].ordinal
    if with_earlier and start > 1:
        edge = page.first or start
        if clauses.filter(ordinal__lt=edge).exists():
            page.earlier_before = edge
    return page


def page_before(clauses, end: int, *, size: int | None = None) -> ClausePage:
    """The last `size` clauses with ordinal < `end`; the caller already shows `end` onwards."""
    size = size or page_size()
    rows = list(clauses.filter(ordinal__lt=end).order_by("-ordinal")[: size + 1])
    page = ClausePage(clauses=rows[:size][::-1])
    if len(rows) > size:
        page.earlier_before = page.first
    return page


def aligned_start(ordinal: int, *, size: int | None = None) -> int:
    """The first ordinal of the page holding `ordinal` when a plan is read from clause 1, so
    a permanent link opens on the same page, with the clause's context above it."""
    size = size or page_size()
    return (max(ordinal, 1) - 1) // size * size + 1


def source_url_maker(version: Version):
    """clause ordinal -> URL of the clause in the original, reversing the route only once."""
    return url_maker("clause_source", version.document.short_name, version.number)


def prepare_rows(
    clauses: Iterable[Clause], version: Version, *, section_headings: bool = False
) -> list[Clause]:
    """Give each clause (from `Clause.objects.for_rows()`) what its row prints.

    `section_headings` (the reader, where a filter leaves clauses far apart) names the
    section above the first clause of each section on the page.
    """
    source_url = source_url_maker(version)
    rows = list(clauses)
    previous_section = None
    for clause in rows:
        suffix = f" ({clause.sentence})" if clause.sentence > 1 else ""
        tail = label_tail(clause.label)
        # A heading's label is often its own words: the margin shows its start, the
        # title attribute the whole path.
        clause.tail = (tail if len(tail) <= LABEL_MARGIN else tail[: LABEL_MARGIN - 1] + "…") + suffix
        clause.title = clause.label + suffix
        # The rules' evidence, an analyst's selected words and the quotes notes are about.
        clause.html = clause_text(clause)
        clause.source_url = source_url(clause.ordinal)
        clause.starts_section = bool(clause.section_id and clause.starts_section)
        clause.section_heading = ""
        new_section = clause.section_id and clause.section_id != previous_section
        # A heading clause names its section itself.
        if section_headings and new_section and clause.kind != "heading":
            clause.section_heading = clause.section.label
        previous_section = clause.section_id
    return rows


def toc_items(
    sections: Iterable[Section], *, href: Callable[[Section], str], anchor: Callable[[Section], str]
) -> SafeString:
    """The <li> of a table of contents, written here rather than in a template: a long plan
    has hundreds of sections, and a template pays an escape and a lookup for every value."""
    items = []
    for section in sections:
        number = f'<span class="muted">{escape(section.number)}</span> ' if section.number else ""
        items.append(
            f'<li class="toc-level-{section.level}"><a href="{escape(href(section))}" '
            f'data-jump="{escape(anchor(section))}">{number}{escape(section.short_heading)}</a></li>'
        )
    return mark_safe("\n".join(items))  # every value escaped above
