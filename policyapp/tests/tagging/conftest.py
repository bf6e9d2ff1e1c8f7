"""Helpers for the tagging tests: the shared pipelines and a one-clause tagger."""

from __future__ import annotations

import pytest

from policyapp.tagging import tag_texts
from policyapp.tagging.types import ClauseTagging


def tag(text: str, lang: str = "en") -> ClauseTagging:
    return tag_texts([text], lang)[0]


@pytest.fixture
def tag_one():
    return tag
