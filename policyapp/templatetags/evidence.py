"""Evidence in templates: which words made the rules suggest a tag.

    {% load evidence %}
    {{ clause.text|highlight_evidence:clause.tags.all }}   the text, matched (or analyst-
                                                           selected) words in <mark>
    {% for item in tag|evidence_words:clause.text %}       rule ids and the words they matched
    {% tag_chip tag clause %}                              the tag as a chip (policyapp.chips)

Offsets are code points into the clause text, the same unit Python slices by.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from policyapp import chips
from policyapp.chips import EvidenceWords
from policyapp.models import Tag, TagStatus

register = template.Library()


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    theme: str
    position: int
    rule: str


SELECTION = "analyst's selection"


def marks_of(tags: Iterable[Tag]) -> list[Mark]:
    """Evidence spans of the tags worth highlighting, and the words an analyst selected
    when adding a tag: an analysts' rejection hides them."""
    marks = []
    for tag in tags:
        if tag.status == TagStatus.REJECTED:
            continue
        for item in tag.evidence or []:
            marks.append(
                Mark(int(item["start"]), int(item["end"]), tag.theme_id, tag.theme.position,
                     item["rule"])
            )  # fmt: skip
        if tag.quote_start is not None and tag.quote_end is not None:
            marks.append(
                Mark(tag.quote_start, tag.quote_end, tag.theme_id, tag.theme.position, SELECTION)
            )
    return marks


def segments(length: int, marks: Iterable[Mark]) -> list[tuple[int, int, tuple[Mark, ...]]]:
    """Cut [0, length) at every mark boundary; each piece lists the marks covering it.

    Overlapping evidence (open-source inside open-source models) becomes adjacent pieces,
    so the HTML never nests or crosses <mark> elements.
    """
    valid = [m for m in marks if 0 <= m.start < m.end <= length]
    cuts = sorted({0, length, *(m.start for m in valid), *(m.end for m in valid)})
    pieces: list[tuple[int, int, tuple[Mark, ...]]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        cover = tuple(
            sorted(
                (m for m in valid if m.start <= start and end <= m.end),
                key=lambda m: (m.position, m.rule),
            )
        )
        if pieces and pieces[-1][2] == cover:
            pieces[-1] = (pieces[-1][0], end, cover)
        else:
            pieces.append((start, end, cover))
    return pieces


@register.filter
def highlight_evidence(text: str, tags: Iterable[Tag]) -> SafeString:
    """The clause text, escaped, with the words the rules matched wrapped in <mark>."""
    text = str(text)
    html = []
    for start, end, cover in segments(len(text), marks_of(tags)):
        # Slice the raw text first and escape each piece: offsets count characters of the
        # text, not of its HTML entities.
        piece = escape(text[start:end])
        if not cover:
            html.append(piece)
            continue
        themes = list(dict.fromkeys(m.theme for m in cover))
        classes = f"evidence mark-theme-{cover[0].position}"
        if len(themes) > 1:
            classes += " evidence-overlap"
        if any(m.rule == SELECTION for m in cover):
            classes += " evidence-selection"
        html.append(
            format_html(
                '<mark class="{}" data-themes="{}" title="{}">{}</mark>',
                classes,
                " ".join(themes),
                "; ".join(f"{m.theme}: {m.rule}" for m in cover),
                piece,
            )
        )
    return mark_safe("".join(html))  # every piece was escaped above


@register.filter
def evidence_words(tag: Tag, text: str) -> list[EvidenceWords]:
    """Each rule that fired for ``tag`` and the words of ``text`` it matched, in text order."""
    return chips.evidence_words(tag, text)


@register.simple_tag
def tag_chip(tag: Tag, clause) -> SafeString:
    """One tag as a chip with its evidence popover (policyapp.chips)."""
    return chips.chip_html(tag, clause)
