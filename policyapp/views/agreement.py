"""The administrators' agreement page: kappa per pair of analysts and theme, alpha across
all analysts, and the disagreements to settle."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from policyapp import agreement
from policyapp.models import Decision, Document, Tag, Theme, Version
from policyapp.roles import reads

DISPUTES_SHOWN = 200


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    rows: list[agreement.PairKappa]


def decision_rows(versions) -> list[agreement.DecisionRow]:
    rows = Decision.objects.filter(tag__clause__version__in=versions).values_list(
        "analyst__username", "tag_id", "tag__theme_id", "verdict"
    )
    return [agreement.DecisionRow(*row) for row in rows]


def _pairs(kappas: list[agreement.PairKappa]) -> list[Pair]:
    pairs: dict[tuple[str, str], list[agreement.PairKappa]] = {}
    for row in kappas:
        pairs.setdefault((row.first, row.second), []).append(row)
    return [Pair(first, second, rows) for (first, second), rows in pairs.items()]


@reads("policyapp.settle_tag")
@vary_on_headers("HX-Request")
def agreement_page(request: HttpRequest) -> HttpResponse:
    """Per plan (`?document=SHORTNAME`) or across all plans' latest ready versions."""
    documents = list(Document.objects.all())
    short_name = request.GET.get("document", "")
    chosen = next((d for d in documents if d.short_name == short_name), None)
    versions = Version.objects.latest_ready()
    if chosen is not None:
        versions = versions.filter(document=chosen)
    rows = decision_rows(versions)
    names = {theme.code: theme.name for theme in Theme.objects.all()}
    names[agreement.ALL_THEMES] = "All themes"
    disputes = list(
        Tag.objects.filter(clause__version__in=versions)
        .disputed()
        .for_review()
        .select_related("clause__version__document", "clause__section")[:DISPUTES_SHOWN]
    )
    context = {
        "documents": documents,
        "chosen": chosen,
        "alphas": agreement.alphas(rows),
        "pairs": _pairs(agreement.pair_kappas(rows)),
        "theme_names": names,
        "analysts": sorted({row.analyst for row in rows}),
        "decisions": len(rows),
        "disputes": disputes,
        "next": request.get_full_path(),
    }
    return render(request, "agreement/page.html", context)
