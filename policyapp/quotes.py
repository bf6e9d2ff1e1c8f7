"""Quotes within a clause: W3C Web Annotation selectors, pure (no ORM).

A quote is known by its position (TextPositionSelector: code-point offsets into the clause
text, the unit Python slices by) and by its words with a little context on each side
(TextQuoteSelector: exact, prefix, suffix), so it can be found again if offsets drift.
Browsers count UTF-16 code units; `static/js/selection.js` converts before it sends, and
`codepoints_from_utf16` here is the same conversion for callers that only have UTF-16.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32


class QuoteError(ValueError):
    """The quote does not match the clause; the message says how."""


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def quote_at(text: str, start: int, end: int, exact: str | None = None) -> Quote:
    """The quote at code-point offsets [start, end) of `text`; when `exact` is given it
    must be the text there (what the browser saw is what the server stores)."""
    if not 0 <= start < end <= len(text):
        raise QuoteError(f"The selection {start}–{end} is outside the clause (0–{len(text)}).")
    words = text[start:end]
    if exact is not None and exact != words:
        raise QuoteError("The selected words are not the clause's words at that place; select them again.")
    if not words.strip():
        raise QuoteError("Select some words, not only spaces.")
    return Quote(
        start=start,
        end=end,
        exact=words,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def quote_find(text: str, exact: str, prefix: str = "", suffix: str = "") -> Quote:
    """Find `exact` in `text`; with several matches, the one whose context best agrees
    with `prefix` and `suffix` (then the first)."""
    exact = exact.strip()
    if not exact:
        raise QuoteError("Type the words to quote.")
    starts = []
    at = text.find(exact)
    while at != -1:
        starts.append(at)
        at = text.find(exact, at + 1)
    if not starts:
        raise QuoteError(f"“{exact}” is not in the clause; copy the words exactly.")

    def context_score(start: int) -> int:
        before = text[:start]
        after = text[start + len(exact) :]
        return _common_suffix(before, prefix) + _common_prefix(after, suffix)

    best = max(starts, key=lambda start: (context_score(start), -start))
    return quote_at(text, best, best + len(exact))


def codepoints_from_utf16(text: str, offset: int) -> int:
    """The code-point offset in `text` of a UTF-16 code-unit offset (astral characters,
    such as most emoji, are two UTF-16 units and one code point)."""
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
