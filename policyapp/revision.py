"""Which clause of a revised file is which clause of the old one (pure: no ORM).

Analysts' decisions and notes follow a clause to the next version of its plan: to the
clause with the same words (matching keeps reading order, so a sentence that occurs twice,
"Recommended Policy Actions", pairs with its own counterpart), else to the same words
moved elsewhere, else to the closest words with their context (rapidfuzz) above a
threshold. A quote within a clause is found again the same way.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass


def comparable(text: str) -> str:
    """Text as two printings of the same words compare: width, case and spacing folded."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def match_clauses(old: list[str], new: list[str]) -> dict[int, int]:
    """Map positions in `old` to positions in `new` whose texts are the same words."""
    matcher = difflib.SequenceMatcher(
        a=[comparable(t) for t in old], b=[comparable(t) for t in new], autojunk=False
    )
    pairs: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            pairs[block.a + offset] = block.b + offset
    return pairs


# Where the words changed: the closest clause, and a quote found again -------------------

# A clause is "the same clause, edited" when its words and its neighbours' words together
# score at least this (rapidfuzz ratio, 0-100) and its own words at least TEXT_FLOOR: an
# edited sentence keeps well over 80; a rewritten one falls below and becomes an orphan.
FUZZY_THRESHOLD = 80.0
TEXT_FLOOR = 70.0
CONTEXT_WEIGHT = 0.2
# A quote found by approximation must score this much (rapidfuzz partial ratio).
QUOTE_THRESHOLD = 85.0

SAME_TEXT = "same text"
MOVED = "same text, moved"
CLOSEST = "closest text"


@dataclass(frozen=True)
class Placement:
    """Where an old clause went: the new clause's position, how it was found, the score."""

    new: int
    how: str
    score: float = 100.0


@dataclass(frozen=True)
class Unplaced:
    """An old clause with no counterpart; the best candidate is shown to whoever re-attaches."""

    best: int | None
    score: float


def _context(texts: list[str], i: int) -> str:
    before = texts[i - 1] if i > 0 else ""
    after = texts[i + 1] if i + 1 < len(texts) else ""
    return f"{before} ¶ {after}"


def place_clauses(
    old: list[str], new: list[str], *, wanted: list[int] | None = None
) -> tuple[dict[int, Placement], dict[int, Unplaced]]:
    """Place each wanted old clause (all by default) in `new`, one to one.

    Same words in reading order first; then same words elsewhere (a moved clause); then
    the closest words with their context above `FUZZY_THRESHOLD`. Returns the placements
    and, for the rest, the best candidate that fell short.
    """
    from rapidfuzz import fuzz, process

    wanted = list(range(len(old))) if wanted is None else sorted(set(wanted))
    folded_old = [comparable(t) for t in old]
    folded_new = [comparable(t) for t in new]
    placed: dict[int, Placement] = {
        i: Placement(j, SAME_TEXT) for i, j in match_clauses(old, new).items()
    }
    taken = {p.new for p in placed.values()}

    free_by_text: dict[str, list[int]] = {}
    for j, text in enumerate(folded_new):
        if j not in taken:
            free_by_text.setdefault(text, []).append(j)
    for i in wanted:
        if i in placed:
            continue
        candidates = [j for j in free_by_text.get(folded_old[i], []) if j not in taken]
        if candidates:
            j = min(candidates, key=lambda j: abs(j - i))
            placed[i] = Placement(j, MOVED)
            taken.add(j)

    rest = [i for i in wanted if i not in placed]
    free = [j for j in range(len(new)) if j not in taken]
    unplaced: dict[int, Unplaced] = {}
    if not rest:
        return placed, unplaced
    if not free:
        return placed, {i: Unplaced(None, 0.0) for i in rest}
    text_scores = process.cdist(
        [folded_old[i] for i in rest], [folded_new[j] for j in free], scorer=fuzz.ratio
    )
    context_scores = process.cdist(
        [_context(folded_old, i) for i in rest],
        [_context(folded_new, j) for j in free],
        scorer=fuzz.ratio,
    )
    combined = (1 - CONTEXT_WEIGHT) * text_scores + CONTEXT_WEIGHT * context_scores
    # Only pairs that could be placed are ranked; the best of each row is kept for the rest.
    eligible = (combined >= FUZZY_THRESHOLD) & (text_scores >= TEXT_FLOOR)
    scored = [
        (float(combined[a][b]), -abs(free[b] - rest[a]), rest[a], free[b])
        for a, b in zip(*eligible.nonzero(), strict=True)
    ]
    # Best pairs first, so two edited clauses never compete for one new clause by accident.
    scored.sort(reverse=True)
    for score, _, i, j in scored:
        if i in placed or j in taken:
            continue
        placed[i] = Placement(j, CLOSEST, round(score, 1))
        taken.add(j)
    for a, i in enumerate(rest):
        if i not in placed:
            b = int(combined[a].argmax())
            unplaced[i] = Unplaced(free[b], round(float(combined[a][b]), 1))
    return placed, unplaced


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    how: str


def _around(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    return text[max(0, start - width) : start], text[end : end + width]


def _in_word(char: str) -> bool:
    return char.isalnum() and ord(char) < 0x2E80  # below the CJK blocks


def reanchor_quote(
    exact: str, prefix: str, suffix: str, text: str, *, near: int | None = None
) -> Anchor | None:
    """Find a quote again in a clause's (new) text: code-point offsets, or None.

    The exact words first (where several, the one whose surrounding words match the old
    prefix and suffix best, then the nearest to where it was); then the closest stretch of
    words above `QUOTE_THRESHOLD`. Prefix and suffix are recomputed from the new text.
    """
    from rapidfuzz import fuzz

    if not exact:
        return None
    width = max(len(prefix), len(suffix), 16)
    hits = []
    start = text.find(exact)
    while start != -1:
        hits.append(start)
        start = text.find(exact, start + 1)
    if hits:

        def fit(s: int) -> tuple:
            before, after = _around(text, s, s + len(exact), width)
            context = fuzz.ratio(prefix, before[-len(prefix) :] if prefix else "") + fuzz.ratio(
                suffix, after[: len(suffix)]
            )
            return (-context, abs(s - near) if near is not None else 0, s)

        s = min(hits, key=fit)
        before, after = _around(text, s, s + len(exact), width)
        return Anchor(s, s + len(exact), exact, before, after, SAME_TEXT)
    alignment = fuzz.partial_ratio_alignment(exact, text)
    if alignment is None or alignment.score < QUOTE_THRESHOLD:
        return None
    s, e = alignment.dest_start, alignment.dest_end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    # The alignment may cut a word; a quote is whole words (Chinese has no spaces to keep).
    while 0 < s < e and _in_word(text[s - 1]) and _in_word(text[s]):
        s -= 1
    while s < e < len(text) and _in_word(text[e]) and _in_word(text[e - 1]):
        e += 1
    if s >= e:
        return None
    before, after = _around(text, s, e, width)
    return Anchor(s, e, text[s:e], before, after, CLOSEST)


def closest_clauses(text: str, texts: list[str], *, limit: int = 5) -> list[tuple[int, float]]:
    """The positions in `texts` closest to `text`, best first, with their scores (0-100)."""
    from rapidfuzz import fuzz, process

    folded = [comparable(t) for t in texts]
    found = process.extract(comparable(text), folded, scorer=fuzz.ratio, limit=limit)
    return [(index, round(score, 1)) for _, score, index in found]
