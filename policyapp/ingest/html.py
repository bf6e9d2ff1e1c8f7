"""HTML into blocks: the main content only, read with lxml.

Saved government pages carry a lot besides the plan (site navigation, cookie banners,
"Is this page useful?" forms, contents lists). The extractor picks the element that
holds the document (`main`, `[role=main]`, `article`, a content id), drops chrome by tag
and ARIA role, and walks what is left: headings h1–h6, paragraphs, lists (respecting
`<ol start>` and `type`), table cells, and endnotes kept apart as footnotes.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
from lxml import etree

from policyapp.ingest.base import Block, ExtractedDocument, Progress
from policyapp.ingest.errors import CorruptFile, EmptyFile
from policyapp.ingest.markers import split_marker
from policyapp.ingest.text import join_lines

_DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
        "form", "button", "iframe", "svg", "canvas", "select", "input", "textarea",
        "label", "object", "embed", "img", "picture", "video", "audio", "map", "head",
        "meta", "link", "dialog",
    }
)  # fmt: skip
_DROP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alert"}
)
# Class or id fragments of page chrome that is not marked up with a tag or role.
_DROP_HINTS = (
    "cookie",
    "breadcrumb",
    "skip-link",
    "govuk-skip",
    "share",
    "print-link",
    "organisation-logo",
    "back-to-top",
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "ul", "ol", "li", "table", "blockquote",
        "figure", "figcaption", "dl", "dt", "dd", "pre", "address", "details", "summary",
        "hr", "br", "body", "center", "tr", "td", "th", "thead", "tbody", "tfoot", "caption",
        *_HEADINGS,
    }
)  # fmt: skip
_NOTEREF_HINTS = ("footnote", "noteref", "fnref")


def _classes(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}".lower()


def _is_chrome(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return False
    if element.tag in _DROP_TAGS:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.get("role", "") in _DROP_ROLES:
        return True
    classes = _classes(element)
    return any(hint in classes for hint in _DROP_HINTS)


def _is_noteref(element: etree._Element) -> bool:
    # A footnote reference ("[footnote 1]", "³") is not part of the sentence.
    if element.get("role") == "doc-noteref":
        return True
    if element.tag == "sup":
        inner = " ".join(_classes(child) + " " + child.get("href", "") for child in element.iter())
        return any(hint in inner for hint in _NOTEREF_HINTS) or "#fn" in inner
    if element.tag == "a" and element.get("href", "").startswith(("#fn", "#footnote")):
        return True
    return element.get("role") == "doc-backlink"


def _is_endnotes(element: etree._Element) -> bool:
    role = element.get("role", "")
    return role in ("doc-endnotes", "doc-footnotes") or "footnotes" in _classes(element).split()


def _text(element: etree._Element) -> str:
    """The visible text of an inline run, footnote references left out."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if not isinstance(node.tag, str) or _is_noteref(node) or _is_chrome(node):
            if node.tail:
                parts.append(node.tail)
            return
        if node.tag == "br":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node.tail and node is not element:
            parts.append(node.tail)

    walk(element)
    return join_lines("".join(parts).replace("\u200b", "").split())


def _ol_markers(element: etree._Element, count: int) -> list[str]:
    try:
        start = int(element.get("start", "1"))
    except ValueError:
        start = 1
    kind = element.get("type", "1")
    markers = []
    for n in range(start, start + count):
        if kind in ("a", "A") and 1 <= n <= 26:
            letter = chr(ord("a") + n - 1)
            markers.append(f"{letter.upper() if kind == 'A' else letter}.")
        elif kind in ("i", "I"):
            numeral = _roman(n)
            markers.append(f"{numeral.upper() if kind == 'I' else numeral}.")
        else:
            markers.append(f"{n}.")
    return markers


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                           (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


class HtmlExtractor:
    """An HTML page (UTF-8 or as its meta charset says) into blocks; one page, no boxes."""

    def extract(self, data: bytes, *, progress: Progress | None = None) -> ExtractedDocument:
        try:
            root = lxml.html.document_fromstring(data, parser=_parser_for(data))
        except (etree.ParserError, ValueError) as error:
            raise CorruptFile(
                "The HTML file could not be read. Save the page again from the browser "
                "(complete page, UTF-8) and upload it."
            ) from error
        main = _main_content(root)
        title = _title(root, main)
        blocks = list(_walk(main))
        if not blocks:
            raise EmptyFile(
                "The page has no readable text in its main content. Check that you saved "
                "the page itself, not a frame or a redirect."
            )
        if progress:
            progress(1, 1)
        return ExtractedDocument(title=title, lang="", pages=1, blocks=blocks)


def _parser_for(data: bytes) -> lxml.html.HTMLParser | None:
    # Without a <meta charset>, libxml2 reads bytes as Latin-1; saved pages are UTF-8
    # far more often, so UTF-8 wins whenever the bytes decode as it.
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # let the page's own charset declaration decide
    return lxml.html.HTMLParser(encoding="utf-8")


def _main_content(root: etree._Element) -> etree._Element:
    candidates = root.xpath(
        "//main | //*[@role='main'] | //article | //*[@id='main-content'] | //*[@id='content']"
    )
    for element in candidates:
        if len(element.text_content().strip()) > 200:
            return element
    bodies = root.xpath("//body")
    return bodies[0] if bodies else root


def _title(root: etree._Element, main: etree._Element) -> str:
    for element in main.iter("h1"):
        text = _text(element)
        if text:
            return text
    for element in root.iter("title"):
        text = _text(element)
        if text:
            # "Plan title - GOV.UK", "Plan | The White House"
            for separator in (" - ", " | ", " – "):
                if separator in text:
                    return text.rsplit(separator, 1)[0].strip()
            return text
    return ""


def _walk(element: etree._Element, list_level: int = 0) -> Iterator[Block]:
    """Blocks of a container: block children in order, loose inline text as paragraphs."""
    inline: list[str] = []

    def flush() -> Iterator[Block]:
        text = join_lines("".join(inline).split())
        inline.clear()
        if text:
            yield _paragraph(text)

    if element.text:
        inline.append(element.text)
    for child in element:
        if not isinstance(child.tag, str):
            if child.tail:
                inline.append(child.tail)
            continue
        if _is_chrome(child) and not (child.tag == "header" and child.find(".//h1") is not None):
            pass
        elif child.tag in _BLOCK_TAGS or child.tag == "header":
            yield from flush()
            yield from _block(child, list_level)
        elif _is_noteref(child):
            pass
        else:
            inline.append(_text(child))
        if child.tail:
            inline.append(child.tail)
    yield from flush()


def _paragraph(text: str) -> Block:
    # Plans number their recommendations in plain paragraphs ("<p>29. <strong>...").
    marker, rest = split_marker(text)
    if marker and marker.family not in ("bullet", "dotted", "roman", "alpha"):
        return Block(text=rest, kind="list_item", level=1, marker=marker.text)
    return Block(text=text, kind="paragraph")


def _block(element: etree._Element, list_level: int) -> Iterator[Block]:
    tag = element.tag
    if tag == "header":
        # A page header holds the title heading beside chrome: keep only the heading.
        for heading in element.iter("h1"):
            yield from _block(heading, list_level)
        return
    if tag in _HEADINGS:
        text = _text(element)
        if text:
            marker, rest = split_marker(text)
            if marker and marker.family != "bullet":
                yield Block(text=rest, kind="heading", level=_HEADINGS[tag], marker=marker.text)
            else:
                yield Block(text=text, kind="heading", level=_HEADINGS[tag])
    elif _is_endnotes(element):
        for item in element.iter("li"):
            text = _text(item).rstrip("↩ ").strip()
            if text:
                yield Block(text=text, kind="footnote", marker=item.get("id", ""))
    elif tag in ("ul", "ol"):
        items = [child for child in element if child.tag == "li"]
        markers = _ol_markers(element, len(items)) if tag == "ol" else ["•"] * len(items)
        for item, marker in zip(items, markers, strict=True):
            if item.get("value", "").isdigit():
                marker = f"{item.get('value')}."
            yield from _list_item(item, marker, list_level + 1)
    elif tag == "table":
        for cell in element.iter("td", "th"):
            text = _text(cell)
            if text:
                yield Block(text=text, kind="table_cell")
    elif tag == "p" or tag in ("dt", "dd", "figcaption", "summary", "address", "pre", "caption"):
        text = _text(element)
        if text:
            yield _paragraph(text)
    elif tag in ("br", "hr"):
        return
    else:
        yield from _walk(element, list_level)


def _list_item(item: etree._Element, marker: str, level: int) -> Iterator[Block]:
    """One list item: its own text (paragraphs inside it joined), nested lists after it."""
    own: list[str] = []
    nested: list[etree._Element] = []
    if item.text:
        own.append(item.text)
    for child in item:
        if not isinstance(child.tag, str):
            pass
        elif child.tag in ("ul", "ol", "table"):
            nested.append(child)
        elif _is_chrome(child) or _is_noteref(child):
            pass
        else:
            own.append(" " + _text(child) + " ")
        if child.tail:
            own.append(child.tail)
    text = join_lines("".join(own).split())
    if text:
        yield Block(text=text, kind="list_item", level=level, marker=marker)
    for child in nested:
        yield from _block(child, level)
