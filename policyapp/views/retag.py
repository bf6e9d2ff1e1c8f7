"""The administrators' retag page: what the current rules would change, and Apply per plan."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from policyapp import tagging
from policyapp.models import Clause, Document, Tag, Theme, Version
from policyapp.retag import Example, RetagReport, ThemeReport
from policyapp.roles import reads, writes
from policyapp.services.tags import version_retag, versions_to_retag


@dataclass(frozen=True)
class Row:
    """One plan on the page: its dry run, or None when it is tagged with the current rules."""

    version: Version
    report: RetagReport | None
    # Per theme: its counts, the Theme, and examples each with the clause and its current tags.
    themes: list[tuple[ThemeReport, Theme, list[tuple[Example, Clause | None]]]]
    applied: RetagReport | None = None

    @property
    def document(self) -> Document:
        return self.version.document


def _row(version: Version, applied: RetagReport | None = None) -> Row:
    # The rules are deterministic: a version tagged by this very ruleset has nothing to change,
    # so the page skips the dry run there (it is the slow part of the page).
    if version.ruleset_version == tagging.ruleset_version():
        return Row(version=version, report=None, themes=[], applied=applied)
    report = version_retag(version=version, dry_run=True)
    ids = {example.clause_id for theme in report.themes for example in theme.examples}
    clauses = Clause.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("tags", queryset=Tag.objects.for_review())
    )
    by_id = {clause.pk: clause for clause in clauses}
    theme_rows = {theme.code: theme for theme in Theme.objects.all()}
    themes = [
        (
            theme,
            theme_rows[theme.theme],
            [(example, by_id.get(example.clause_id)) for example in theme.examples],
        )
        for theme in report.themes
    ]
    return Row(version=version, report=report, themes=themes, applied=applied)


@reads("policyapp.settle_tag")
@vary_on_headers("HX-Request")
def retag_page(request: HttpRequest) -> HttpResponse:
    rows = [_row(version) for version in versions_to_retag()]
    return render(request, "retag/page.html", {"rows": rows, "ruleset": tagging.ruleset_version()})


@writes("policyapp.settle_tag")
@vary_on_headers("HX-Request")
def retag_apply(request: HttpRequest, short_name: str) -> HttpResponse:
    """Retag one plan's latest ready version; htmx gets the plan's fragment back."""
    versions = versions_to_retag(short_name=short_name)
    if not versions:
        raise Http404("No ready version of this plan.")
    report = version_retag(version=versions[0], user=request.user)
    if request.htmx:
        return render(request, "retag/page.html#document", {"row": _row(versions[0], report)})
    messages.success(
        request,
        f"Retagged {report.document} v{report.version}: {report.added} added, "
        f"{report.dropped} dropped, {report.changed} changed; "
        f"{report.decided_kept} analyst decisions kept.",
    )
    return redirect(reverse("retag") + f"#retag-{short_name}")
