"""Rule-based tagging of openness commitments (spaCy blank pipelines, rules as data)."""

from __future__ import annotations

from policyapp.tagging.tagger import detect_lang, tag_texts
from policyapp.tagging.types import ClauseTagging, Evidence
from policyapp.tagging.version import ruleset_version

__all__ = ["ClauseTagging", "Evidence", "detect_lang", "ruleset_version", "tag_texts"]
