"""A clause's counterparts in another plan, and analysts' decisions on them.

The page renders whole without JavaScript; the list is a partial the reader can load
into a column (`clause_counterparts` with `HX-Request`), and decisions swap it in place.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from policyapp.counterpart_lookup import counterparts, target_versions
from policyapp.models import Clause, Tag
from policyapp.roles import reads, writes
from policyapp.services.pairs import clause_pair_confirm, clause_pair_reject
from policyapp.views.freshness import conditional_page, library_state

_DECISIONS = {"confirm": clause_pair_confirm, "reject": clause_pair_reject}


def _clause(pk: int, *, with_tags: bool = True) -> Clause:
    """The clause asked about; its tags with their review state only for the whole page
    (its header shows them; the list alone does not)."""
    clauses = Clause.objects.select_related("version__document", "section").defer("version__text")
    if with_tags:
        clauses = clauses.prefetch_related(Prefetch("tags", queryset=Tag.objects.for_review()))
    return get_object_or_404(clauses, pk=pk)


# The page's list of plans to look in; a fragment (htmx) needs only the plan it shows.
TARGET_CHOICES = 100


def _context(request: HttpRequest, clause: Clause, *, with_targets: bool = True) -> dict:
    candidates = target_versions(clause)
    chosen = request.GET.get("plan") or request.POST.get("plan")
    if chosen:
        target = candidates.filter(document__short_name=chosen).first()
    else:
        target = candidates.first()
    targets = list(candidates[:TARGET_CHOICES]) if with_targets else []
    if with_targets and target is not None and target not in targets:
        targets.insert(0, target)
    return {
        "clause": clause,
        "document": clause.version.document,
        "targets": targets,
        "target": target,
        "chosen": chosen,
        "suggestions": counterparts(clause, target) if target else [],
    }


def _is_fragment(request: HttpRequest) -> bool:
    # The list alone shows nothing of its reader; the whole page has the clause's review
    # controls, with the reader's own decisions.
    return bool(request.htmx and not request.htmx.history_restore_request)


@reads("policyapp.view_clause")
@vary_on_headers("HX-Request")
@conditional_page(library_state, shared=_is_fragment)
def clause_counterparts(request: HttpRequest, pk: int) -> HttpResponse:
    """The best counterparts of a clause in one other plan (`?plan=<short_name>`)."""
    fragment = _is_fragment(request)
    context = _context(request, _clause(pk, with_tags=not fragment), with_targets=not fragment)
    if fragment:
        return render(request, "counterparts/page.html#counterparts", context)
    return render(request, "counterparts/page.html", context)


@writes("policyapp.review_tag")
def clause_pair_decide(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Confirm or reject a counterpart; htmx gets the refreshed list, a form a redirect."""
    decide = _DECISIONS.get(request.POST.get("decision", ""))
    if decide is None:
        return HttpResponseBadRequest("decision must be confirm or reject")
    clause = _clause(pk, with_tags=not request.htmx)
    other_clause = get_object_or_404(Clause.objects.select_related("version"), pk=other)
    try:
        decide(clause=clause, other=other_clause, user=request.user)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    if request.htmx:
        context = _context(request, clause, with_targets=False)
        return render(request, "counterparts/page.html#counterparts", context)
    plan = request.POST.get("plan") or other_clause.version.document.short_name
    return redirect(f"{reverse('clause_counterparts', args=[pk])}?plan={plan}")
