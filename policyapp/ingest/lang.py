"""The language of a document from the script it is written in (en or zh)."""

from __future__ import annotations

from policyapp.ingest.script import detect_lang

__all__ = ["LANGUAGES", "detect_lang", "normalise_lang"]

LANGUAGES = ("en", "zh")


def normalise_lang(lang: str) -> str:
    """ "zh-CN", "zh-Hans", "ZH" -> "zh"; "en-GB" -> "en"; ValueError for anything else."""
    base = lang.strip().lower().replace("_", "-").split("-")[0]
    if base not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {', '.join(LANGUAGES)}")
    return base
