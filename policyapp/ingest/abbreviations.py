"""Abbreviations: where a full stop ends no sentence ("St. Augustin", "e. V.", "No. 3").

Read by the sentence splitter (`policyapp.segment`), and where a paragraph cut by a page
or column break is joined again (`runs_on`).
"""

from __future__ import annotations

import re

# Abbreviations after which a period never ends a sentence.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "hon", "rt",
        "messrs", "vs", "v", "cf", "al", "approx", "inc", "ltd", "co", "corp", "dept", "govt",
        "est", "ca", "viz", "resp", "incl",
    }
)  # fmt: skip
# Titles before a name: unlike "Inc." or "Ltd.", never the last word of a sentence.
_TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "gen", "gov", "sen", "rep", "hon", "rt", "messrs"}
)
# Abbreviations that end no sentence when a number follows ("No. 3", "Sec. 4", "Jan. 20").
BEFORE_NUMBER = frozenset(
    {
        "no", "nos", "sec", "secs", "art", "arts", "para", "paras", "fig", "figs", "p", "pp",
        "vol", "vols", "ch", "chap", "op", "ed", "eq", "eqs", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
DOTTED = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"[A-Z]\.")
# A legal form spelt in spaced letters: "e. V." (eingetragener Verein), "i. G.".
_SPACED_FORM = re.compile(r"[a-z]\.")
_SPACED_FORM_END = re.compile(r"[A-Z]\.(?:\s|$)")


def abbreviation_before(head: str, following: str) -> bool:
    """Whether the stop ending `head` belongs to an abbreviation, so that no sentence
    ends there before `following`."""
    token = head.rsplit(None, 1)[-1].lstrip("(“\"'‘[")
    word = token[:-1].lower()
    if DOTTED.fullmatch(token) or _INITIAL.fullmatch(token):
        return True
    if _SPACED_FORM.fullmatch(token) and _SPACED_FORM_END.match(following):
        return True
    return word in ABBREVIATIONS or (word in BEFORE_NUMBER and following[:1].isdigit())


def runs_on(head: str, following: str) -> bool:
    """Whether text cut after `head` (at a page or column break) surely runs on into
    `following`: after a title ("St." + "Augustin") or inside a spaced form ("e." + "V.").
    Other abbreviations may end a sentence ("…signed by Acme Inc."), so they do not say."""
    token = head.rsplit(None, 1)[-1].lstrip("(“\"'‘[") if head.strip() else ""
    if _SPACED_FORM.fullmatch(token) and _SPACED_FORM_END.match(following):
        return True
    return token.endswith(".") and token[:-1].lower() in _TITLES
