"""Numbering and bullets at the start of a line or item: the one grammar of list markers.

Text, Markdown and HTML items (`split_marker`, families such as "cn-dun", "cn-paren",
"word", "dotted"), PDF headings and items (`find_marker`, classes ranked for heading
levels), sentence cuts before a Chinese enumeration run into a paragraph
(`ZH_INLINE_MARKER`) and the enumeration the English modality rules skip
(`ENUMERATION`) are all read here, from the same character sets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyapp.ingest.script import is_cjk

_CN_NUM = "一二三四五六七八九十百零〇"
_CIRCLED = "①-⑳"
_BULLETS = "•▪◦●○■□‣⁃∙·➢✓❖►▸▶◆◇"
_ROMAN_UP = "IVXLC"

# Order matters: the first family that matches wins. Each pattern matches the marker
# and the space after it; group "m" is the marker as printed.
_MARKER_FAMILIES: list[tuple[str, re.Pattern[str]]] = [
    ("cn-chapter", re.compile(rf"^(?P<m>第[{_CN_NUM}\d]+[章节部分篇条款])[ \u3000]*")),
    ("cn-dun", re.compile(rf"^(?P<m>[{_CN_NUM}]+、)[ \u3000]*")),
    ("cn-paren", re.compile(rf"^(?P<m>[（(][{_CN_NUM}]+[）)])[ \u3000]*")),
    ("paren-digit", re.compile(r"^(?P<m>[（(]\d{1,3}[）)])[ \u3000]*")),
    ("circled", re.compile(rf"^(?P<m>[{_CIRCLED}])[ \u3000]*")),
    # "Pillar I:", "Part 2.", "Sec. 4.", "Section 1.", "Chapter 3 -"; without the stop,
    # "Section 1 and Section 2 of this plan" would be numbering.
    (
        "word",
        re.compile(
            r"^(?P<m>(?:Pillar|Part|Chapter|Section|Sec\.|Article|Annex|Appendix|Title)"
            r" (?:[IVXLC]+|\d{1,3}|[A-Z])(?:[.:]| [-–—]))(?: +|$)"
        ),
    ),
    # "1.1 Building", "2.3.1 Data" (dotted numbers need a space after them, unlike "1.5m")
    ("dotted", re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2})+\.?)(?: +|\u3000)")),
    # "1. Text", "1) Text", "1．文本", "1、文本", "1.加速" (CJK follows without a space)
    (
        "digit",
        re.compile(r"^(?P<m>\d{1,3}(?:[.)．、]))(?:[ \u3000]+|(?=[\u3400-\u9fff“「《（]))"),
    ),
    # "(i)" to "(xii)" are read as Roman numerals, so "(i)" after "(h)" is mistaken for
    # one; plans nest (i) under (a) far more often than they reach (i).
    ("paren-roman", re.compile(r"^(?P<m>\((?:i{1,3}|iv|vi{0,3}|ix|xi{0,2})\))[ \u3000]+")),
    ("paren-alpha", re.compile(r"^(?P<m>\([a-z]{1,2}\))[ \u3000]+")),
    ("alpha", re.compile(r"^(?P<m>[a-z]\))[ \u3000]+")),
    ("roman", re.compile(rf"^(?P<m>[{_ROMAN_UP}]{{1,6}}\.)[ \u3000]+")),
    ("bullet", re.compile(rf"^(?P<m>[{_BULLETS}–—*-]|\(cid:127\))[ \u3000]*(?=\S)")),
]

# Families that number sections rather than items when they start a short line.
HEADING_FAMILIES = frozenset({"cn-chapter", "cn-dun", "cn-paren", "word", "roman", "dotted"})


@dataclass(frozen=True)
class Marker:
    text: str
    family: str

    @property
    def number(self) -> str:
        return marker_number(self.text)


def split_marker(text: str) -> tuple[Marker | None, str]:
    """Split the numbering or bullet off the start of `text`: ("1.", "Text") and so on."""
    for family, pattern in _MARKER_FAMILIES:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return Marker(match.group("m"), family), text[match.end() :]
    return None, text


def marker_family(marker: str) -> str:
    """The family of a marker as printed ("（三）" -> "cn-paren"), "" when unknown."""
    for family, pattern in _MARKER_FAMILIES:
        # The patterns expect text after the marker.
        if pattern.match(marker + " x"):
            return family
    return ""


def marker_number(marker: str) -> str:
    """The number a label cites: "1." -> "1", "一、" -> "一", "Pillar II:" -> "II".

    Enclosing brackets stay ("（十一）", "(a)") since that is how such items are cited.
    Bullets have no number.
    """
    marker = marker.strip()
    family = marker_family(marker)
    if family == "bullet" or not marker:
        return ""
    if family == "word":
        word, _, rest = marker.partition(" ")
        numeral = rest.rstrip(".:-–— ")
        # The issue cites US pillars by their numeral alone ("II › ...").
        return numeral if word == "Pillar" else f"{word} {numeral}"
    if marker[0] in "（(" and marker[-1] in "）)":
        return marker
    return marker.rstrip(".)．、:：")


# --- PDF layout classes ------------------------------------------------------------------
#
# The PDF extractor ranks headings by their numbering ("Pillar I:" above "一、" above
# "1." above "（一）"), so it reads markers as classes; they are cut from the same sets.

_LAYOUT_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("pillar", re.compile(r"^((?:pillar|part|chapter)\s+[IVXLC\d]+\s*[:.–—-])\s*", re.IGNORECASE)),
    ("cn1", re.compile(rf"^([{_CN_NUM}]+、)\s*")),
    ("cn2", re.compile(rf"^([（(][{_CN_NUM}]+[）)])\s*")),
    ("cnsec", re.compile(rf"^(第[{_CN_NUM}\d]+[章节条部分篇])\s*")),
    ("roman", re.compile(rf"^([{_ROMAN_UP[:3]}]{{1,5}}\.)\s+(?=\S)")),
    ("num", re.compile(r"^(\d{1,3}(?:\.\d{1,3})*\.?)(?:\s+|(?=[^\d\s.,]))(?=\S)")),
    ("numfw", re.compile(r"^(\d{1,3}．|[０-９]{1,3}[．.])\s*")),
    ("paren", re.compile(r"^([(（]?\d{1,3}[)）])\s*")),
    ("circled", re.compile(rf"^([{_CIRCLED}])\s*")),
    ("roman_lc", re.compile(r"^(\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)[.)])\s+")),
    ("letter", re.compile(r"^(\(?[a-z][.)])\s+")),
    ("bullet", re.compile(rf"^([{_BULLETS}]|[-–—*](?=\s))\s*")),
]


# How a line that any of _LAYOUT_MARKERS matches can start, to pass most lines by with
# one test: "pillar", "part" and "chapter" in any case, Chinese numbering, Roman
# numerals, digits (any script), circled numbers, "(", a letter and its "." or ")",
# bullets and dashes.
_MAY_BE_MARKED = re.compile(
    rf"[\d（(第{_CN_NUM}{_CIRCLED}pPcCIVXivx{_BULLETS}*–—-]|[a-z][.)]"
)


def find_marker(text: str) -> tuple[str, str, str]:
    """PDF lines: (class, marker as printed, rest of the text); ("", "", text) when
    unnumbered. Numbered classes: "pillar", "cn1", "cn2", "cnsec", "roman", "num1" to
    "num3" (by depth), "numfw", "paren", "circled", "roman_lc", "letter", "bullet"."""
    if not _MAY_BE_MARKED.match(text):
        return "", "", text
    for name, pattern in _LAYOUT_MARKERS:
        match = pattern.match(text)
        if match and match.end() < len(text):
            marker = match.group(1)
            if name == "num":
                depth = marker.rstrip(".").count(".") + 1
                # "2025 was..." is a year, not an item: a single number needs its dot,
                # and "2.5 billion" is an amount: "1.1" without a dot needs a title.
                if not marker.endswith("."):
                    rest = text[match.end():]
                    if depth == 1 or not (rest[:1].isupper() or is_cjk(rest[:1])):
                        continue
                name = f"num{min(depth, 3)}"
            return name, marker, text[match.end():].lstrip()
    return "", "", text


# --- Enumerations inside a text ------------------------------------------------------------

# Chinese enumerations run on inside one paragraph ("：（一）…；（二）…"): a sentence
# boundary before the marker.
ZH_INLINE_MARKER = re.compile(
    rf"(?<=[：；])(?=（[{_CN_NUM[:10]}]+）|\d{{1,2}}[.．、](?=[\u4e00-\u9fff]))"
)

# The enumeration an English clause may still start with ("1.", "(a)", "ii.", "Pillar I:",
# a bullet): the modality rules read the words after it.
ENUMERATION = re.compile(
    r"^\s*(?:pillar\s+[ivxlc]+\s*[:.]|\(?\d+(?:\.\d+)*[.)]|\(?[ivxlc]+[.)]|\([a-z]\)|[•·*–-])\s*",
    re.IGNORECASE,
)
