"""The corpus Markdown plans give the clauses they gave before markdown-it-py read them.

`data/markdown_corpus_clauses.json` was written by the hand-written Markdown reader this
parser replaced (title, language, section labels, and each clause's label, kind and text),
so a change in what a plan's clauses say shows here as a difference to review.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyapp.ingest import extract_file
from policyapp.segment import segment

pytestmark = pytest.mark.corpus

EXPECTED = json.loads(
    (Path(__file__).parent / "data" / "markdown_corpus_clauses.json").read_text("utf-8")
)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_markdown_plan_gives_the_same_clauses(name, corpus_dir):
    path = corpus_dir / name
    document = extract_file(path.read_bytes(), filename=path.name, max_bytes=10**8)
    result = segment(document)
    expected = EXPECTED[name]

    assert document.title == expected["title"]
    assert result.lang == expected["lang"]
    assert [s.label for s in result.sections] == expected["sections"]
    assert [[c.label, c.kind, c.text] for c in result.clauses] == expected["clauses"]


def test_every_corpus_markdown_file_is_compared(corpus_dir):
    assert sorted(str(p.relative_to(corpus_dir)) for p in corpus_dir.glob("*/*.md")) == sorted(
        EXPECTED
    )
