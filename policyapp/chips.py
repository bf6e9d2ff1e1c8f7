"""A tag as a chip: the HTML of one tag's button and its evidence popover.

Written here rather than in a template because a page of clauses shows hundreds of chips:
an `{% include %}` per chip cost more than the rest of a reader column. Everything a chip
says is escaped here. The review controls around a chip stay in
templates/components/tag_review.html.

The chip takes focus and describes itself: theme and stance (a sign that does not rely on
colour), status, and a popover with the evidence (the rules that fired on which words, or
the analyst's words), the modality check that decided the modality, and who decided.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from policyapp.models import Clause, Tag, TagSource

_WHEN = "Y-m-d H:i"


def chip_html(tag: Tag, clause: Clause) -> SafeString:
    """`tag` from `Tag.objects.for_review()`; `clause` its clause (the evidence's words)."""
    theme = escape(tag.theme.name)
    status = "final" if tag.is_settled else tag.get_status_display().lower()
    stance = escape(tag.get_stance_display())
    head = [theme, stance, escape(tag.get_modality_display())]
    if tag.actor:
        head.append(escape(tag.actor))
    return mark_safe(  # every value escaped above or below
        f'<button type="button" class="chip theme-{tag.theme.position} tag-{escape(tag.status)}" '
        f'aria-describedby="tag-{tag.pk}-evidence" data-theme="{escape(tag.theme_id)}">\n'
        f'  <span class="stance-sign stance-{escape(tag.stance)}" aria-hidden="true"></span>{theme}'
        f'<span class="visually-hidden">, {stance.lower()}</span>\n'
        f'  <span class="tag-status">{escape(status)}</span>\n'
        f"</button>\n"
        f'<div class="tag-evidence" role="tooltip" id="tag-{tag.pk}-evidence">\n'
        f'  <p class="tag-evidence-head">{" · ".join(head)}</p>\n'
        f"  {_evidence(tag, clause)}\n"
        f"{_modality_check(tag, clause)}"
        f'  <p class="tag-evidence-who muted">{_who(tag)}</p>\n'
        f"</div>\n"
    )


@dataclass(frozen=True)
class EvidenceWords:
    rule: str
    words: str
    start: int
    end: int


def evidence_words(tag: Tag, text: str) -> list[EvidenceWords]:
    """Each rule that fired for ``tag`` and the words of ``text`` it matched, in text order."""
    text = str(text)
    items = sorted(tag.evidence or [], key=lambda e: (e["start"], e["end"], e["rule"]))
    return [
        EvidenceWords(e["rule"], text[e["start"] : e["end"]], e["start"], e["end"])
        for e in items
        if 0 <= e["start"] < e["end"] <= len(text)
    ]


def _evidence(tag: Tag, clause: Clause) -> str:
    lang = escape(clause.language)
    words = evidence_words(tag, clause.text)
    if words:
        items = "".join(
            f'<li><code>{escape(item.rule)}</code> on “<span lang="{lang}">{escape(item.words)}</span>”</li>'
            for item in words
        )
        return f'<ul class="evidence-list">{items}</ul>'
    author = escape(tag.created_by or "an analyst")
    if tag.quote_exact:
        return f'<p>Added by {author} on “<span lang="{lang}">{escape(tag.quote_exact)}</span>”.</p>'
    if tag.source == TagSource.ANALYST:
        return f"<p>Added by {author}; no rule fired.</p>"
    return "<p>No evidence recorded.</p>"


def _modality_check(tag: Tag, clause: Clause) -> str:
    """The named check that decided the clause's modality, while the tag still has it."""
    check = clause.rule_modality_check
    if not check or tag.edited or tag.modality != clause.rule_modality:
        return ""
    return (
        f'  <p class="tag-evidence-modality">{escape(tag.get_modality_display())} by the check '
        f"<code>{escape(check)}</code></p>\n"
    )


def _who(tag: Tag) -> str:
    if tag.is_settled:
        by = escape(tag.settled_by or "an administrator")
        return f"Final: {escape(tag.get_settled_verdict_display().lower())} by {by}, {_when(tag.settled_at)}"
    if tag.is_disputed:
        by = escape(tag.decided_by or "an analyst")
        return f"Analysts disagree; last decision by {by}, {_when(tag.decided_at)}"
    if tag.decided_at:
        edited = " and edited" if tag.edited else ""
        by = f" by {escape(tag.decided_by)}" if tag.decided_by else ""
        return f"{escape(tag.get_status_display())}{edited}{by}, {_when(tag.decided_at)}"
    ruleset = f" (ruleset {escape(tag.ruleset_version)})" if tag.ruleset_version else ""
    return f"Suggested by the rules{ruleset}"


def _when(value) -> str:
    return escape(format_date(template_localtime(value), _WHEN)) if value else ""
