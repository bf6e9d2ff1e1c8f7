"""Rule-based tagging of openness commitments (spaCy blank pipelines, rules as data).

The names below are loaded on first use: importing this package must not import spaCy, so a
web process starts without the pipeline (about 100 MB and seconds of start-up) and loads it
only when a request needs tags (ingest runs in the worker).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = ["ClauseTagging", "Evidence", "detect_lang", "ruleset_version", "tag_texts"]

_WHERE = {
    "ClauseTagging": "policyapp.tagging.types",
    "Evidence": "policyapp.tagging.types",
    "detect_lang": "policyapp.ingest.script",
    "tag_texts": "policyapp.tagging.tagger",
    "ruleset_version": "policyapp.tagging.version",
}

if TYPE_CHECKING:
    from policyapp.ingest.script import detect_lang
    from policyapp.tagging.tagger import tag_texts
    from policyapp.tagging.types import ClauseTagging, Evidence
    from policyapp.tagging.version import ruleset_version


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
