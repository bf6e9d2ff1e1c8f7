"""The administrators' rules page: each rule's precision from analysts' decisions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from policyapp import tagging
from policyapp.models import Tag, TagSource, TagStatus
from policyapp.roles import reads
from policyapp.tagging.quality import RuleQuality, rule_quality

# Rejected clauses listed per rule; the count says how many there are in all.
REJECTED_SHOWN = 20


@dataclass(frozen=True)
class Row:
    quality: RuleQuality
    rejected: list[Tag]


@reads("policyapp.settle_tag")
@require_safe
def rules_page(request: HttpRequest) -> HttpResponse:
    threshold = settings.POLICYAPP_RULE_PRECISION_THRESHOLD
    minimum = settings.POLICYAPP_RULE_MIN_DECISIONS
    qualities = rule_quality(Tag.objects.rule_verdicts(), threshold=threshold, minimum=minimum)
    rejected: dict[str, list[Tag]] = defaultdict(list)
    tags = (
        Tag.objects.filter(source=TagSource.RULE, status=TagStatus.REJECTED)
        .select_related("clause__version__document", "theme")
        .order_by("clause__version__document__short_name", "clause__ordinal")
    )
    for tag in tags:
        for rule in dict.fromkeys(tag.rule_ids):
            if len(rejected[rule]) < REJECTED_SHOWN:
                rejected[rule].append(tag)
    rows = [Row(q, rejected.get(q.rule, [])) for q in qualities]
    context = {
        "rows": rows,
        "threshold": threshold,
        "minimum": minimum,
        "flagged": sum(q.flagged for q in qualities),
        "ruleset": tagging.ruleset_version(),
        "shown": REJECTED_SHOWN,
    }
    return render(request, "rules/page.html", context)
