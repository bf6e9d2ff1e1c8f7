"""Notes in templates.

    {% load notes %}
    {{ note.body|note_body }}          plain text, escaped, http(s) links clickable, line breaks kept
    {% clause_text clause %}           the clause text with rule evidence and noted quotes marked

A note is plain text written by a colleague: every piece is escaped; only addresses that
start with http:// or https:// become links, and those links neither pass the page as
referrer nor give the opened page a handle on this one.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from policyapp.templatetags.evidence import SELECTION, Mark, marks_of, segments

register = template.Library()

# An address runs to the next space or character that cannot end one in running text.
_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address ("see https://x.org/a.").
_TRAILING = ".,;:!?)]}’”"
NOTE_MARK = "NOTE"


def _link(url: str) -> SafeString:
    return format_html('<a href="{}" rel="noopener noreferrer nofollow">{}</a>', url, url)


@register.filter
def note_body(text: str) -> SafeString:
    """A note's text as HTML: escaped, http(s) addresses as links, line breaks as <br>."""
    text = str(text)
    html, at = [], 0
    for match in _URL.finditer(text):
        url = match.group(0)
        # A closing bracket ends the address only when it has no opening one inside it.
        while url and url[-1] in _TRAILING and not (
            url[-1] == ")" and url.count("(") >= url.count(")")
        ):
            url = url[:-1]
        if len(url) <= len("https://"):
            continue
        html.append(escape(text[at : match.start()]))
        html.append(_link(url))
        at = match.start() + len(url)
    html.append(escape(text[at:]))
    return mark_safe("".join(html).replace("\n", "<br>"))  # every piece escaped above


def _quote_marks(clause) -> list[Mark]:
    quotes = getattr(clause, "note_quotes", None)
    if quotes is None:
        return []
    return [
        Mark(note.quote_start, note.quote_end, NOTE_MARK, 0, f"note {note.pk}")
        for note in quotes
        if note.quote_start is not None
    ]


@register.simple_tag
def clause_text(clause) -> SafeString:
    """The clause text, escaped, with the rules' matched words and the quotes that notes
    are about marked. Pieces never nest: a stretch under both is one <mark> with both."""
    text = str(clause.text)
    evidence = marks_of(clause.tag_list)
    html = []
    for start, end, cover in segments(len(text), evidence + _quote_marks(clause)):
        piece = escape(text[start:end])
        if not cover:
            html.append(piece)
            continue
        themes = [m for m in cover if m.theme != NOTE_MARK]
        notes = [m for m in cover if m.theme == NOTE_MARK]
        classes, attrs = [], []
        if themes:
            codes = list(dict.fromkeys(m.theme for m in themes))
            classes += ["evidence", f"mark-theme-{themes[0].position}"]
            if len(codes) > 1:
                classes.append("evidence-overlap")
            if any(m.rule == SELECTION for m in themes):
                classes.append("evidence-selection")
            attrs.append(("data-themes", " ".join(codes)))
        if notes:
            classes.append("note-quote")
            attrs.append(("data-notes", " ".join(m.rule.split()[1] for m in notes)))
        title = "; ".join(
            f"{m.theme}: {m.rule}" if m.theme != NOTE_MARK else "quoted in a note" for m in cover
        )
        html.append(
            format_html(
                '<mark class="{}"{} title="{}">{}</mark>',
                " ".join(classes),
                mark_safe("".join(format_html(' {}="{}"', k, v) for k, v in attrs)),
                title,
                piece,
            )
        )
    return mark_safe("".join(html))  # every piece escaped above
