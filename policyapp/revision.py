"""Which clause of a revised file is which clause of the old one (pure: no ORM).

Analysts' decisions and notes follow a clause to the next version of its plan when the
clause's words are unchanged there. Matching keeps reading order, so a sentence that
occurs twice ("Recommended Policy Actions") pairs with its own counterpart.
"""

from __future__ import annotations

import difflib
import unicodedata


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
