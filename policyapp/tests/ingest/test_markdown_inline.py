"""Markdown inline markup: text kept as written, and never superlinear on hostile input."""

from __future__ import annotations

import contextlib
import gc
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyapp.ingest.text import TextExtractor


def clauses_text(markdown: str) -> str:
    document = TextExtractor(markdown=True).extract(markdown.encode())
    return " ".join(block.text for block in document.blocks)


def test_inline_code_keeps_html_looking_words():
    text = clauses_text("# Plan\n\nWrap each figure in a `<table>` element, as `a < b`.\n")
    assert "Wrap each figure in a <table> element, as a < b." in text


def test_script_and_style_bodies_are_not_plan_text():
    text = clauses_text(
        "# Plan\n\nWe will <style>p { color: red }</style>open data"
        "<script>alert('x')</script> sets.\n"
    )
    assert "open data sets" in text
    assert "alert" not in text and "color" not in text


def test_links_images_and_emphasis_keep_their_words():
    text = clauses_text("# Plan\n\nSee **the [open data](https://x.org/(a)) portal** ![logo](l.png) *now*.\n")
    assert "See the open data portal now." in text


def _seconds(markdown: str) -> float:
    best = float("inf")
    for _ in range(3):
        # Without the cyclic garbage collector: its passes grow with every live object, so
        # they made a linear parse look superlinear now and then (26x for 8x the text).
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            TextExtractor(markdown=True).extract(markdown.encode())
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best


@pytest.mark.parametrize("unit", ["*a ", "**a ", "__a ", "[a", "[a](", "![a](", "`a "])
def test_runs_of_unclosed_markup_are_read_in_linear_time(unit):
    """Reading 8 times more text takes about 8 times longer, not 64: the ratio of two
    sizes in the same run, so the machine's speed does not matter."""
    small, large = 2_000, 16_000
    ratio = _seconds("# T\n\n" + unit * large) / max(_seconds("# T\n\n" + unit * small), 1e-4)
    assert ratio < 24, f"{unit!r}: 8x the text took {ratio:.0f}x the time"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="*_[]()!`<>\\ a\n#-", max_size=400))
def test_any_mix_of_markup_characters_reads_or_is_refused_cleanly(markdown):
    from policyapp.ingest.errors import IngestError

    with contextlib.suppress(IngestError):  # an empty page says so; anything else fails
        TextExtractor(markdown=True).extract(("# T\n\n" + markdown).encode())


def test_markdown_escapes_keep_their_words():
    text = clauses_text("# Plan\n\nSet \\*all\\* flags in snake\\_case and C:\\\\data \\<b\\>.\n")
    assert "Set *all* flags in snake_case and C:\\data <b>." in text


def test_blocks_of_html_keep_their_text_and_drop_scripts():
    """A tag alone on its line opens an HTML block (the archive's underlined section
    titles); its words are plan text, a script block's are not."""
    source = (
        '# Plan\n\n<span style="text-decoration: underline">  \nSec. 6. General.</span> '
        "(a) Nothing here.\n\n<script>\nalert('x')\n</script>\n\n<figure>\n<img src=a.png>\n"
        "</figure>\n\nLast.\n"
    )
    document = TextExtractor(markdown=True).extract(source.encode())
    assert [(b.kind, b.marker, b.text) for b in document.blocks[1:]] == [
        ("list_item", "Sec. 6.", "General. (a) Nothing here."),
        ("paragraph", "", "Last."),
    ]


def test_indented_paragraphs_are_text_and_fenced_code_is_not():
    source = "# Plan\n\n     By the authority vested in me.\n\n```\nrm -rf /\n```\n"
    document = TextExtractor(markdown=True).extract(source.encode())
    assert [b.text for b in document.blocks] == ["Plan", "By the authority vested in me."]


def test_footnotes_are_read_where_they_are_defined():
    source = "# Plan\n\nFirst.[^a]\n\n[^a]: The note,\n    continued.\n\nSecond.\n"
    document = TextExtractor(markdown=True).extract(source.encode())
    assert [(b.kind, b.marker, b.text) for b in document.blocks] == [
        ("heading", "", "Plan"),
        ("paragraph", "", "First."),
        ("footnote", "a", "The note, continued."),
        ("paragraph", "", "Second."),
    ]
