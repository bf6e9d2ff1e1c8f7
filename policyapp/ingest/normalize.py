"""Text normalisation shared by the extractors.

Every extractor runs its text through `normalize_text` so that the same
document gives the same characters whichever format or library it came from.
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import json
import re
import unicodedata
from collections.abc import Container

from policyapp.ingest.script import is_cjk

# CJK radical code points that PDF fonts map glyphs to instead of the ordinary
# ideograph (seen in zh.pdf, printed from Chrome, read with pdfminer). The Kangxi
# block (U+2F00-U+2FD5) is handled by NFKC; these supplement radicals have no
# compatibility decomposition, so NFKC leaves them and they must be mapped by hand.
# The first eight were found by comparing zh.pdf with zh.md; the rest are the
# other simplified-form radicals that double as whole characters.
RADICAL_LOOKALIKES: dict[str, str] = {
    "\u2ea0": "民",  # ⺠ CJK RADICAL CIVILIAN
    "\u2ec5": "见",  # ⻅ C-SIMPLIFIED SEE
    "\u2ecb": "车",  # ⻋ C-SIMPLIFIED CART
    "\u2ed3": "长",  # ⻓ C-SIMPLIFIED LONG
    "\u2ed4": "门",  # ⻔ C-SIMPLIFIED GATE
    "\u2ed8": "青",  # ⻘ BLUE
    "\u2edb": "风",  # ⻛ C-SIMPLIFIED WIND
    "\u2edc": "飞",  # ⻜ C-SIMPLIFIED FLY
    "\u2e9f": "母",  # ⺟ MOTHER
    "\u2ee9": "黄",  # ⻩ SIMPLIFIED YELLOW
    "\u2ec4": "西",  # ⻄ WEST
    "\u2ec9": "贝",  # ⻉ C-SIMPLIFIED SHELL
    "\u2ed9": "韦",  # ⻙ C-SIMPLIFIED TANNED LEATHER
    "\u2eda": "页",  # ⻚ C-SIMPLIFIED LEAF
    "\u2ee2": "马",  # ⻢ C-SIMPLIFIED HORSE
    "\u2ee5": "鱼",  # ⻥ C-SIMPLIFIED FISH
    "\u2ee6": "鸟",  # ⻦ C-SIMPLIFIED BIRD
    "\u2ee8": "麦",  # ⻨ SIMPLIFIED WHEAT
    "\u2eee": "齐",  # ⻮ C-SIMPLIFIED EVEN
    "\u2eef": "齿",  # ⻯ C-SIMPLIFIED TOOTH
    "\u2ef0": "龙",  # ⻰ C-SIMPLIFIED DRAGON
    "\u2ef3": "龟",  # ⻳ C-SIMPLIFIED TURTLE
}

# Bullets that Symbol/Wingdings fonts put in the Private Use Area, and the
# placeholder pdfminer prints for the US plan's bullet glyph.
_BULLET_GLYPHS: dict[str, str] = {
    "\uf0b7": "•",
    "\uf06c": "•",
    "\uf0a7": "▪",
    "\uf06e": "▪",
    "\uf0d8": "➢",
    "\uf0fc": "✓",
    "\uf076": "❖",
    "\uf02d": "–",
    "(cid:127)": "•",
    "\ufffe": "-",  # pdfium's code for a hyphen at a line end
}

# Odd spaces become a plain space; invisible characters (zero-width space, BOM,
# soft hyphen, word joiner) disappear: none of them carries meaning in a clause.
_SPACES = dict.fromkeys(
    [0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000, 0x0009, 0x000B, 0x000C],
    " ",
)
_INVISIBLE = dict.fromkeys([0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF], None)
_TRANSLATE = {**_SPACES, **_INVISIBLE, **{ord(k): v for k, v in RADICAL_LOOKALIKES.items()}}
_TRANSLATE.update({ord(k): v for k, v in _BULLET_GLYPHS.items() if len(k) == 1})

_CID = re.compile(r"\(cid:(\d+)\)")
_MULTISPACE = re.compile(r" {2,}")


def _nfkc_is_safe(ch: str) -> bool:
    """NFKC only where it repairs look-alikes and never where it changes meaning.

    Full NFKC would turn Chinese full-width punctuation （，：） into ASCII, "①"
    into "1" and superscript footnote numbers into digits glued to the word, so
    it is limited to ligatures, Kangxi radicals and compatibility ideographs.
    """
    cp = ord(ch)
    return (
        0xFB00 <= cp <= 0xFB06  # ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ
        or 0x2F00 <= cp <= 0x2FDF  # Kangxi radicals
        or 0xF900 <= cp <= 0xFAFF  # CJK compatibility ideographs
        or 0x2F800 <= cp <= 0x2FA1F
    )


# The characters `_nfkc_is_safe` accepts, to find them in a text at C speed.
_NFKC_SAFE = re.compile("[\ufb00-\ufb06\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def _cid(match: re.Match[str]) -> str:
    # (cid:127) is the only placeholder seen in the corpus; it is a bullet. Other
    # unmapped glyphs carry nothing readable, so they are dropped.
    return "•" if match.group(1) == "127" else ""


def normalize_text(text: str) -> str:
    """Repair extraction artefacts in one run of text; keeps line breaks."""
    if "(cid:" in text:
        text = _CID.sub(_cid, text)
    text = text.translate(_TRANSLATE)
    if _NFKC_SAFE.search(text):
        text = "".join(
            unicodedata.normalize("NFKC", ch) if _nfkc_is_safe(ch) else ch for ch in text
        )
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    return _MULTISPACE.sub(" ", text).strip()


# Heads that make hyphenated compounds in English policy prose ("self-driving",
# "like-minded", "multi-agent"); a typesetter's syllable split never ends in one
# of these except by chance, so a line ending in one keeps its hyphen.
COMPOUND_PREFIXES = frozenset(
    [
        "self",
        "non",
        "multi",
        "well",
        "like",
        "cross",
        "co",
        "semi",
        "anti",
        "pseudo",
        "quasi",
        "ex",
        "half",
        "cyber",
    ]
)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HYPHENS = "-\u2010\u00ad"


def words_of(text: str) -> set[str]:
    """Lower-cased words and hyphenated compounds, and the parts of the compounds, for
    `join_hyphenated`."""
    found = set(map(str.lower, _WORD.findall(text)))
    for word in [word for word in found if "-" in word]:
        found.update(word.split("-"))
    return found


@functools.cache
def english_words() -> frozenset[str]:
    """Lower-cased English word forms from spacy-lookups-data (about 120,000; 0.1 s once).

    The document's own words decide first; this settles the split words a short document
    never prints whole ("machine-" + "readable" is a compound, "pro-" + "mote" a syllable).
    """
    data = importlib.resources.files("spacy_lookups_data") / "data"
    lookup = json.loads(gzip.decompress((data / "en_lemma_lookup.json.gz").read_bytes()))
    index = json.loads(gzip.decompress((data / "en_lemma_index.json.gz").read_bytes()))
    words = {form.lower() for form in lookup} | {lemma.lower() for lemma in lookup.values()}
    for lemmas in index.values():
        words.update(lemma.lower() for lemma in lemmas)
    return frozenset(words)


def join_hyphenated(head: str, tail: str, vocabulary: Container[str]) -> str:
    """Join two lines of one paragraph, deciding what a line-end hyphen means.

    Why this rule: a typesetter's hyphen splits a word that is never printed
    with a hyphen elsewhere, while a real hyphen ("open-source", "high-quality")
    belongs to a compound the document also prints whole on one line. So, in
    order: the hyphenated compound occurs elsewhere in the document -> keep the
    hyphen; the joined word occurs -> drop it; the head is a prefix that forms
    hyphenated compounds ("self-", "multi-", "non-") or the middle of one
    ("face-to-" + "face") -> keep it; both halves are words of the document on
    their own ("large-" + "scale") -> keep it; else ("pro-" + "mote") -> drop it. An
    English dictionary stands in for the document where the document is silent. A tail starting with a capital or a
    digit ("Open-" + "Weight", "COVID-" + "19") always keeps the hyphen.
    """
    head = head.rstrip()
    tail = tail.lstrip()
    if not head:
        return tail
    if not tail:
        return head
    if head[-1] in _HYPHENS and len(head) >= 2 and head[-2].isalpha():
        first = _last_word(head[:-1])
        second = _first_word(tail)
        if first and second and second[0].islower():
            compound = f"{first}-{second}".lower()
            joined = f"{first}{second}".lower()
            if compound in vocabulary:
                return f"{head[:-1]}-{tail}"
            if joined in vocabulary or joined in english_words():
                return head[:-1] + tail
            before = head[: -len(first) - 1]
            if first.lower() in COMPOUND_PREFIXES or before.endswith(tuple(_HYPHENS)):
                # "self-" or the middle of "face-to-face": a compound, never a syllable.
                return f"{head[:-1]}-{tail}"
            if len(first) > 1 and all(
                half in vocabulary or half in english_words()
                for half in (first.lower(), second.lower())
            ):
                return f"{head[:-1]}-{tail}"
            return head[:-1] + tail
        return f"{head[:-1]}-{tail}" if head[-1] != "\u00ad" else head[:-1] + tail
    if head[-1] in _HYPHENS and len(head) >= 2 and not head[-2].isspace():
        return head + tail  # "M-25-" + "21)": a code or number range, never spaced
    # Chinese does not put a space at a line break, not even next to Latin text.
    if is_cjk(head[-1]) or is_cjk(tail[0]):
        return head + tail
    return f"{head} {tail}"


def _last_word(text: str) -> str:
    i = len(text)
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i:]


def _first_word(text: str) -> str:
    i = 0
    while i < len(text) and text[i].isalpha():
        i += 1
    return text[:i]
