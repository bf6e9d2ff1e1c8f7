"""Which script a character or a text is written in: the one place that says it.

Extractors, normalisation and segmentation ask here whether a character is CJK (written
without spaces between words, so lines and runs join without one) or Han (what makes a
text Chinese), and which language a text is in.
"""

from __future__ import annotations

import re
from typing import Any


def is_cjk(char: str) -> bool:
    """Ideographs, radicals, kana, hangul, CJK and full-width punctuation: scripts written
    without spaces between words. (The ranges of CJK_RANGES, written out for speed.)"""
    cp = ord(char)
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xAC00 <= cp <= 0xD7AF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
    )


# is_cjk's ranges of code points, for whole arrays of them (`cjk_mask`).
CJK_RANGES = ((0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
              (0x20000, 0x3FFFF))


def cjk_mask(codes: Any) -> Any:
    """is_cjk over a numpy array of code points, as a boolean array."""
    (low, high), *rest = CJK_RANGES
    out = (codes >= low) & (codes <= high)
    for low, high in rest:
        out |= (codes >= low) & (codes <= high)
    return out


def is_han(char: str) -> bool:
    """A Chinese character: unified ideographs (with extensions and compatibility forms)
    and the radical blocks that PDF extractors return as look-alikes (⼈ for 人) before
    normalisation."""
    cp = ord(char)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x2E80 <= cp <= 0x2FDF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
    )


def detect_lang(text: str) -> str:
    """ "zh" when Han characters carry the text, "en" otherwise.

    A Chinese character carries roughly a word, so Han characters count three times
    against Latin letters: a Chinese plan with English acronyms stays zh, an English
    plan quoting 人工智能 stays en.
    """
    text = text[:200_000]
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    return "zh" if han * 3 >= latin and han > 0 else "en"


# is_han's ranges and ASCII letters, to count them at C speed.
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\u2e80-\u2fdf\uf900-\ufaff\U00020000-\U0003ffff]")
_LATIN = re.compile("[A-Za-z]")
