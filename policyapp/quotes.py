"""Quotes within a clause, as the W3C Web Annotation model describes them.

A quote is held two ways: a TextPositionSelector (code-point offsets into the clause text,
the unit Python slices by) and a TextQuoteSelector (the exact words with a little context
either side), so it can be found again when the offsets no longer fit. Pure: no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass

# Context kept either side of a quote: enough to tell repeated words apart.
CONTEXT = 32


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class QuoteError(ValueError):
    """The quote is not in the clause, or its offsets do not point at it."""


def quote_at(text: str, start: int, end: int, exact: str | None = None) -> Quote:
    """The quote at [start, end) of `text`; `exact`, when given, must be the text there."""
    if not 0 <= start < end <= len(text):
        raise QuoteError("The selected words are outside the clause.")
    words = text[start:end]
    if exact is not None and exact != words:
        raise QuoteError("The selected words no longer match the clause text; select them again.")
    return Quote(
        start=start,
        end=end,
        exact=words,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def quote_find(text: str, exact: str, prefix: str = "", suffix: str = "") -> Quote:
    """Find `exact` in `text`: the occurrence whose context best matches prefix and suffix
    (the first one on a tie). Used when a quote is typed rather than selected."""
    if not exact or not exact.strip():
        raise QuoteError("The quote is empty.")
    found = []
    at = text.find(exact)
    while at != -1:
        found.append(at)
        at = text.find(exact, at + 1)
    if not found:
        raise QuoteError("These words are not in the clause; copy them exactly as printed.")

    def fit(start: int) -> int:
        before = text[:start]
        after = text[start + len(exact) :]
        return _common_suffix(before, prefix) + _common_prefix(after, suffix)

    best = max(found, key=lambda start: (fit(start), -start))
    return quote_at(text, best, best + len(exact))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
