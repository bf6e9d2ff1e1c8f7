"""HTML extraction: main content only, structure kept, chrome and footnote references out."""

from __future__ import annotations

import pytest

from policyapp.ingest.errors import EmptyFile
from policyapp.ingest.html import HtmlExtractor

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>AI Plan - GOV.UK</title>
<style>p { color: red }</style><script>var tracking = "script text";</script></head>
<body>
<div id="global-cookie-message" class="gem-c-cookie-banner"><p>We use cookies.</p></div>
<header><nav><a href="/">Home</a></nav></header>
<main id="content">
  <header><span>Independent report</span><h1>AI Opportunities Action Plan</h1></header>
  <nav aria-label="Contents"><ol><li><a href="#one">Contents entry</a></li></ol></nav>
  <div class="govspeak">
    <h2 id="one">1. Lay the foundations</h2>
    <h3>1.1 Building infrastructure</h3>
    <p>The foundation of <abbr title="artificial intelligence">AI</abbr> progress
       has been compute.<sup id="fnref:1"><a href="#fn:1" class="footnote"
       role="doc-noteref">[footnote 1]</a></sup> It grows.</p>
    <p>To achieve this, government should:</p>
    <p>1. <strong>Set out a long-term plan.</strong> Building requires a clear objective.</p>
    <ul>
      <li><p>Sovereign compute, owned by the public sector.</p></li>
      <li>Domestic compute
        <ol start="5" type="a"><li>nested first</li><li value="9">nested second</li></ol>
      </li>
    </ul>
    <ol start="3"><li>Third item</li><li>Fourth item</li></ol>
    <table><tr><th>Action</th><th>Lead</th></tr><tr><td>Build</td><td></td></tr></table>
    <div>Loose text in a div.<p>And a paragraph.</p></div>
    <div class="footnotes" role="doc-endnotes"><ol>
      <li id="fn:1"><p>Compute grows 4x a year.&nbsp;<a href="#fnref:1"
        role="doc-backlink">↩</a></p></li></ol></div>
  </div>
  <div class="gem-c-print-link"><button>Print this page</button></div>
</main>
<footer><p>All content is available under the Open Government Licence</p></footer>
</body></html>"""


def extract(html: str) -> list[tuple[str, int, str, str]]:
    document = HtmlExtractor().extract(html.encode())
    return [(b.kind, b.level, b.marker, b.text) for b in document.blocks]


def test_main_content_structure() -> None:
    """Headings, paragraphs, numbered paragraphs, lists (start, type, value), cells, notes."""
    assert extract(PAGE) == [
        ("heading", 1, "", "AI Opportunities Action Plan"),
        ("heading", 2, "1.", "Lay the foundations"),
        ("heading", 3, "1.1", "Building infrastructure"),
        ("paragraph", 0, "", "The foundation of AI progress has been compute. It grows."),
        ("paragraph", 0, "", "To achieve this, government should:"),
        ("list_item", 1, "1.", "Set out a long-term plan. Building requires a clear objective."),
        ("list_item", 1, "•", "Sovereign compute, owned by the public sector."),
        ("list_item", 1, "•", "Domestic compute"),
        ("list_item", 2, "e.", "nested first"),
        ("list_item", 2, "9.", "nested second"),
        ("list_item", 1, "3.", "Third item"),
        ("list_item", 1, "4.", "Fourth item"),
        ("table_cell", 0, "", "Action"),
        ("table_cell", 0, "", "Lead"),
        ("table_cell", 0, "", "Build"),
        ("paragraph", 0, "", "Loose text in a div."),
        ("paragraph", 0, "", "And a paragraph."),
        ("footnote", 0, "fn:1", "Compute grows 4x a year."),
    ]


def test_chrome_is_left_out() -> None:
    """Cookie banner, navigation, scripts, styles, print buttons and footer are not text."""
    text = " ".join(block[3] for block in extract(PAGE))
    for chrome in ("cookies", "Home", "script text", "color", "Contents entry", "Print", "Licence"):
        assert chrome not in text


def test_title_from_main_h1_or_title_element() -> None:
    assert HtmlExtractor().extract(PAGE.encode()).title == "AI Opportunities Action Plan"
    page = (
        "<html><head><title>Plan | The White House</title></head><body><p>Text.</p></body></html>"
    )
    assert HtmlExtractor().extract(page.encode()).title == "Plan"


def test_chinese_html_lines_join_without_spaces() -> None:
    page = "<html><body><p>人工智能\n  开源生态。</p></body></html>"
    assert extract(page) == [("paragraph", 0, "", "人工智能开源生态。")]


def test_page_without_text_is_empty() -> None:
    with pytest.raises(EmptyFile, match="no readable text"):
        HtmlExtractor().extract(b"<html><body><nav>Menu</nav><script>x()</script></body></html>")
