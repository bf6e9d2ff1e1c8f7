"""Plain text and Markdown into blocks.

Markdown is parsed by markdown-it-py (CommonMark, with pipe tables, YAML front matter
and footnotes from mdit-py-plugins); its tokens become blocks the way a plan written in
Markdown reads like the same plan in PDF: headings keep their level, list items their
marker, paragraphs their text, table cells one block each. Inline markup leaves its words;
inline HTML is read with lxml, and what a browser would not show (scripts, styles) is not
plan text. Plain text is read line by line with the same list and heading rules.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache

import lxml.html

from policyapp.ingest.base import Block, BlockKind, ExtractedDocument, Progress
from policyapp.ingest.errors import EmptyFile, UnsupportedFormat
from policyapp.ingest.markers import HEADING_FAMILIES, Marker, marker_family, split_marker
from policyapp.ingest.script import is_cjk

_LIST = re.compile(r"^(?P<indent>[ \t]*)(?P<m>[-*+•]|\d{1,3}[.)])[ \t]+(?P<rest>\S.*)$")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")

_SENTENCE_END = tuple(".!?。！？；;:：")


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: a space between Latin words, nothing between CJK characters."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(line[0])):
            out += " "
        out += line
    return out


def _strip_html(text: str) -> str:
    # Inline HTML (the White House archive keeps <span> underlines) is read by lxml.
    try:
        fragment = lxml.html.fragment_fromstring(text, create_parent="div")
    except Exception:  # lxml raises several parser errors on odd fragments
        return html.unescape(text)
    # What a browser would not show is not plan text.
    for element in fragment.xpath(".//script | .//style"):
        element.drop_tree()
    return fragment.text_content()


# --- Markdown ------------------------------------------------------------------------------


@cache
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Indented code blocks are off: the White House archive indents its paragraphs by five
    # spaces, and code is never plan text anyway (fenced code is dropped below).
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .disable("code")
        .use(front_matter_plugin)
        .use(footnote_plugin)
    )


@dataclass
class _Run:
    """A stretch of inline tokens read as one block."""

    text: str
    bold: bool


def _inline_runs(children, *, split_at_breaks: bool) -> list[_Run]:
    """The words of inline tokens, cut at a hard line break that follows the end of a
    sentence (the archive's Markdown ends paragraphs that way, without a blank line)."""
    runs: list[_Run] = []
    parts: list[str] = []
    has_html = False
    tokens: list = []

    def close() -> None:
        nonlocal parts, has_html, tokens
        raw = "".join(parts)
        text = _strip_html(raw) if has_html else html.unescape(raw)
        text = _WS.sub(" ", join_lines(text.split("\n"))).strip()
        if text:
            runs.append(_Run(text, _all_bold(tokens)))
        parts, has_html, tokens = [], False, []

    previous = None
    for token in children or ():
        if token.type == "image":
            continue  # an image's alt text is not plan text
        tokens.append(token)
        if token.type in ("text", "code_inline"):
            # Escaped, so lxml reads code spans (`<table>`) and "a < b" as the words they are.
            parts.append(html.escape(token.content, quote=False))
        elif token.type == "html_inline":
            parts.append(token.content)
            has_html = True
        elif token.type == "softbreak":
            parts.append("\n")
        elif token.type == "hardbreak":
            ends = previous is not None and previous.type == "text"
            if split_at_breaks and ends and previous.content.rstrip().endswith(_SENTENCE_END[:3]):
                tokens.pop()
                close()
            else:
                parts.append("\n")
        previous = token
    close()
    return runs


def _all_bold(tokens: list) -> bool:
    """A whole run in one pair of ** is how many Markdown conversions spell a heading."""
    kept = [t for t in tokens if not (t.type == "text" and not t.content.strip())]
    opens = [t for t in kept if t.type == "strong_open"]
    return (
        len(kept) >= 3
        and len(opens) == 1
        and kept[0].type == "strong_open"
        and kept[0].markup == "**"
        and kept[-1].type == "strong_close"
    )


def _markdown_blocks(source: str) -> tuple[dict[str, str], list[Block]]:
    md = _parser()
    tokens = md.parse(source)
    fields: dict[str, str] = {}
    placed: list[tuple[int, Block]] = []
    lists: list[str] = []  # "•" or the ordered list's delimiter, innermost last
    item_marker: str | None = None  # the marker of a list item whose first block is next
    footnote: str | None = None
    line = 0

    def place(blocks: list[Block]) -> None:
        placed.extend((line, block) for block in blocks)

    for index, token in enumerate(tokens):
        if token.map:
            line = token.map[0]
        kind = token.type
        if kind == "front_matter":
            fields = _front_matter_fields(token.content.split("\n"))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append("•" if kind == "bullet_list_open" else token.markup)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_marker = "•" if lists[-1] == "•" else f"{token.info}{token.markup}"
        elif kind == "footnote_open":
            footnote = str(token.meta.get("label", ""))
        elif kind == "footnote_close":
            footnote = None
        elif kind == "heading_open":
            level = int(token.tag[1:])
            for run in _inline_runs(tokens[index + 1].children, split_at_breaks=False):
                place([_heading(run.text, level)])
        elif kind in ("th_open", "td_open"):
            for run in _inline_runs(tokens[index + 1].children, split_at_breaks=False):
                place([Block(text=run.text, kind="table_cell")])
        elif kind == "paragraph_open":
            inline = tokens[index + 1].children
            if footnote is not None:
                for run in _inline_runs(inline, split_at_breaks=False):
                    place(_classify(run.text, "footnote", marker=footnote))
            elif item_marker is not None:
                marker, item_marker = item_marker, None
                text = " ".join(r.text for r in _inline_runs(inline, split_at_breaks=False))
                place(_classify(text, "list_item", marker=marker, level=len(lists)))
            else:
                for run in _inline_runs(inline, split_at_breaks=True):
                    place(_classify(run.text, "paragraph", bold=run.bold))
        elif kind == "html_block":
            # A block that starts with a tag (a <span> alone on its line) holds Markdown
            # text all the same; a <figure> or <script> holds none a reader sees.
            for run in _inline_runs(
                md.parseInline(token.content)[0].children, split_at_breaks=True
            ):
                place(_classify(run.text, "paragraph", bold=run.bold))
    # Footnote definitions are gathered at the end by the parser; they are read where the
    # author wrote them.
    placed.sort(key=lambda pair: pair[0])
    return fields, [block for _, block in placed]


def _front_matter_fields(lines: list[str]) -> dict[str, str]:
    """YAML front matter: flat keys only (nested values are not needed, so no YAML
    library)."""
    fields: dict[str, str] = {}
    key = ""
    for line in lines:
        name, sep, value = line.partition(":")
        if sep and name and not name.startswith((" ", "\t", "-")):
            key = name.strip()
            fields[key] = value.strip()
        elif key and line.startswith((" ", "\t")) and not line.strip().startswith("-"):
            # A long quoted value folded onto the next lines.
            previous = fields[key]
            joint = "" if previous.endswith("\\") else " "
            fields[key] = previous.removesuffix("\\") + joint + line.strip()
    return {k: _yaml_scalar(v) for k, v in fields.items()}


def _yaml_scalar(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    # YAML escapes the archive uses in titles: "\ " (space) and "\_" (no-break space).
    return " ".join(value.replace("\\ ", " ").replace("\\_", " ").split())


# --- Plain text ----------------------------------------------------------------------------


@dataclass
class _Pending:
    kind: BlockKind
    lines: list[str]
    level: int = 0
    marker: str = ""


def _plain_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    pending: _Pending | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            text = _WS.sub(" ", join_lines(pending.lines)).strip()
            blocks.extend(_classify(text, pending.kind, marker=pending.marker, level=pending.level))
            pending = None

    for line in lines:
        if not line.strip():
            flush()
            continue
        item = _LIST.match(line)
        if item:
            flush()
            indent = len(item.group("indent").expandtabs(4))
            marker = item.group("m")
            pending = _Pending(
                "list_item",
                [item.group("rest")],
                level=1 + indent // 2,
                marker="•" if marker in "-*+" else marker,
            )
        elif pending is None:
            pending = _Pending("paragraph", [line.strip()])
        else:
            pending.lines.append(line.strip())
    flush()
    return blocks


# --- Both -------------------------------------------------------------------------------------


class TextExtractor:
    """Plain text or Markdown (UTF-8) into blocks; one page, no boxes."""

    def __init__(self, *, markdown: bool) -> None:
        self.markdown = markdown

    def extract(self, data: bytes, *, progress: Progress | None = None) -> ExtractedDocument:
        text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
        text = _without_page_furniture(text)
        if self.markdown:
            fields, blocks = _markdown_blocks(text)
        else:
            fields, blocks = {}, _plain_blocks(text.split("\n"))
        blocks = _infer_heading_levels(blocks)
        if not blocks:
            raise EmptyFile("The file contains no text. Check that you chose the right file.")
        title = fields.get("title") or _first_title(blocks)
        if progress:
            progress(1, 1)
        return ExtractedDocument(title=title, lang="", pages=1, blocks=blocks)


def _classify(
    text: str, kind: BlockKind, *, marker: str = "", level: int = 0, bold: bool = False
) -> list[Block]:
    """A paragraph, list item or footnote's text as a block: numbering at the start of a
    short line makes a heading, of a longer one a list item."""
    if not text or _is_page_chrome(text):
        return []
    if kind == "footnote":
        return [Block(text=text, kind="footnote", marker=marker)]
    if kind == "list_item":
        if marker == "•":
            return [Block(text=text, kind="list_item", level=level, marker="•")]
        found, rest = split_marker(f"{marker} {text}")
        return [
            Block(
                text=rest if found else text,
                kind="list_item",
                level=level,
                marker=found.text if found else marker,
            )
        ]
    found, rest = split_marker(text)
    if found and _looks_like_heading(found, rest, bold=bold):
        return [Block(text=rest, kind="heading", level=0, marker=found.text)]
    if bold and len(text) <= 120 and not text.endswith(_SENTENCE_END[:3]):
        # A whole bold line is how many Markdown conversions spell a heading.
        return [Block(text=text, kind="heading", level=0)]
    # "2.5 million people…" starts like "4.3. Managing AI…": a dotted number needs a
    # capital after it to number anything.
    if found and (found.family != "dotted" or rest[:1].isupper()):
        return [Block(text=rest, kind="list_item", level=1, marker=found.text)]
    return [Block(text=text, kind="paragraph")]


_PAGE_NUMBER = re.compile(r"(?:page )?(?:\d{1,4}|[ivxlc]{1,6})(?: of \d{1,4})?", re.IGNORECASE)
_REPEATS = 3


def _without_page_furniture(text: str) -> str:
    """Text dumped from a PDF (pages split by form feeds, as pdftotext writes them) loses
    its running heads (a first line repeated on several pages) and its page numbers, and
    a sentence cut by a page break is joined again."""
    pages = text.split("\f")
    if len(pages) < _REPEATS:
        return text
    pages = [page.strip("\n").split("\n") for page in pages]
    firsts: dict[str, int] = {}
    for page in pages:
        if page and page[0].strip():
            firsts[page[0].strip()] = firsts.get(page[0].strip(), 0) + 1
    cleaned: list[list[str]] = []
    for page in pages:
        if page and firsts.get(page[0].strip(), 0) >= _REPEATS:
            page = page[1:]
        while page and not page[-1].strip():
            page = page[:-1]
        if page and _PAGE_NUMBER.fullmatch(page[-1].strip()):
            page = page[:-1]
        while page and not page[0].strip():
            page = page[1:]
        while page and not page[-1].strip():
            page = page[:-1]
        if page:
            cleaned.append(page)
    out = cleaned[0] if cleaned else []
    for page in cleaned[1:]:
        cut = not out[-1].rstrip().endswith(_SENTENCE_END) and page[0][:1].islower()
        out = [*out, *([] if cut else [""]), *page]
    return "\n".join(out)


def _is_page_chrome(text: str) -> bool:
    # Captured web pages end with links such as "【返回顶部】 【关闭窗口】 【打印本页】".
    parts = text.split()
    return all(part.startswith("【") and part.endswith("】") for part in parts)


def _looks_like_heading(marker: Marker, rest: str, *, bold: bool) -> bool:
    if marker.family not in HEADING_FAMILIES and not bold:
        return False
    limit = 60 if any(is_cjk(c) for c in rest[:4]) else 120
    return len(rest) <= limit and not rest.endswith(_SENTENCE_END)


def _heading(text: str, level: int) -> Block:
    marker, rest = split_marker(text)
    if marker and marker.family != "bullet":
        return Block(text=rest, kind="heading", level=level, marker=marker.text)
    return Block(text=text, kind="heading", level=level)


def _infer_heading_levels(blocks: list[Block]) -> list[Block]:
    """Give headings found from their numbering (level 0) a level below the last
    Markdown heading: one level per numbering family, in order of first use."""
    families: list[str] = []
    base = 0
    out: list[Block] = []
    for block in blocks:
        if block.kind == "heading" and block.level:
            base = block.level
            families = []
        elif block.kind == "heading":
            family = marker_family(block.marker) if block.marker else "bold"
            if family not in families:
                families.append(family)
            block = Block(
                text=block.text,
                kind="heading",
                level=min(base + 1 + families.index(family), 9),
                marker=block.marker,
            )
        out.append(block)
    return out


def _first_title(blocks: list[Block]) -> str:
    for block in blocks[:5]:
        if block.kind == "heading":
            return block.text
    return blocks[0].text[:200]


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise UnsupportedFormat(
        "The file is not UTF-8 text, so its characters cannot be read reliably. "
        "Save it as UTF-8 (or upload the PDF or HTML original) and try again."
    )
