"""The language of a document from the script it is written in (en or zh)."""

from __future__ import annotations

LANGUAGES = ("en", "zh")


def _is_han(char: str) -> bool:
    # CJK ideographs, plus the radical blocks that PDF extractors return as look-alikes
    # of ordinary characters (⼈ for 人) before normalisation.
    return (
        "\u4e00" <= char <= "\u9fff"
        or "\u3400" <= char <= "\u4dbf"
        or "\u2e80" <= char <= "\u2fdf"
        or "\uf900" <= char <= "\ufaff"
    )


def detect_lang(text: str) -> str:
    """ "zh" when Han characters carry the text, "en" otherwise.

    A Chinese character carries roughly a word, so Han characters count three times
    against Latin letters: a Chinese plan with English acronyms stays zh, an English
    plan quoting 人工智能 stays en.
    """
    han = latin = 0
    for char in text[:200_000]:
        if char.isascii():
            latin += char.isalpha()
        elif _is_han(char):
            han += 1
    return "zh" if han * 3 >= latin and han > 0 else "en"


def normalise_lang(lang: str) -> str:
    """ "zh-CN", "zh-Hans", "ZH" -> "zh"; "en-GB" -> "en"; ValueError for anything else."""
    base = lang.strip().lower().replace("_", "-").split("-")[0]
    if base not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {', '.join(LANGUAGES)}")
    return base
