"""Plain text and Markdown into blocks, and the numbering markers every extractor shares.

Markdown is read line by line with the block rules a policy text needs (ATX and
setext headings, bullet and numbered lists, paragraphs, pipe tables, footnote
definitions, YAML front matter). Inline markup is dropped and inline HTML is
read with lxml, so a plan written in Markdown reads like the same plan in PDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html

from policyapp.ingest.base import Block, BlockKind, ExtractedDocument, Progress
from policyapp.ingest.errors import EmptyFile, UnsupportedFormat
from policyapp.ingest.markers import HEADING_FAMILIES, Marker, marker_family, split_marker
from policyapp.ingest.script import is_cjk

# --- Text and Markdown -------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_LIST = re.compile(r"^(?P<indent>[ \t]*)(?P<m>[-*+•]|\d{1,3}[.)])[ \t]+(?P<rest>\S.*)$")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:[ \t]*(.*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
# Inline patterns never cross the delimiter they look for ([^*], [^\[\]], [^()]): a run of
# unclosed openers ("*a *a *a …", "[[[…") is then read in linear time, not quadratic.
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]+)\]\((?:[^()]|\([^()]*\))*\)")
_FOOTNOTE_REF = re.compile(r"\[\^[^\[\]]+\]")
_EMPHASIS = re.compile(
    r"\*\*([^*\n]+?)\*\*|__([^_\n]+?)__|(?<![\w*])\*(?![\s*])([^*\n]+?)(?<!\s)\*(?![\w*])"
)
_CODE = re.compile(r"`([^`]*)`")
# Code spans are set aside while inline HTML is read, so `<table>` in a sentence stays text.
_CODE_SLOT = "\ue000{}\ue001"
_CODE_SLOT_RE = re.compile("\ue000(\\d+)\ue001")
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
    if "<" not in text or ">" not in text:
        return text
    try:
        fragment = lxml.html.fragment_fromstring(text, create_parent="div")
    except Exception:  # lxml raises several parser errors on odd fragments
        return text
    # What a browser would not show is not plan text.
    for element in fragment.xpath(".//script | .//style"):
        element.drop_tree()
    return fragment.text_content()


def _inline(text: str, *, markdown: bool) -> str:
    if markdown:
        code: list[str] = []

        def set_aside(match: re.Match) -> str:
            code.append(match.group(1))
            return _CODE_SLOT.format(len(code) - 1)

        text = _CODE.sub(set_aside, text)
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
        text = _FOOTNOTE_REF.sub("", text)
        for _ in range(2):  # nested emphasis (**bold *and italic***)
            text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2) or m.group(3) or "", text)
        text = _strip_html(text)
        text = text.replace("\\", "") if "\\" in text else text
        if code:
            text = _CODE_SLOT_RE.sub(lambda m: code[int(m.group(1))], text)
    return _WS.sub(" ", text).strip()


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """YAML front matter (between two '---' lines at the top): flat keys only, and
    where the body starts. Nested values are not needed, so no YAML library."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for index in range(1, min(len(lines), 200)):
        if lines[index].strip() in ("---", "..."):
            fields: dict[str, str] = {}
            key = ""
            for line in lines[1:index]:
                name, sep, value = line.partition(":")
                if sep and name and not name.startswith((" ", "\t", "-")):
                    key = name.strip()
                    fields[key] = value.strip()
                elif key and line.startswith((" ", "\t")) and not line.strip().startswith("-"):
                    # A long quoted value folded onto the next lines.
                    previous = fields[key]
                    joint = "" if previous.endswith("\\") else " "
                    fields[key] = previous.removesuffix("\\") + joint + line.strip()
            return {k: _yaml_scalar(v) for k, v in fields.items()}, index + 1
    return {}, 0


def _yaml_scalar(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    # YAML escapes the archive uses in titles: "\ " (space) and "\_" (no-break space).
    return " ".join(value.replace("\\ ", " ").replace("\\_", " ").split())


@dataclass
class _Pending:
    kind: BlockKind
    lines: list[str]
    level: int = 0
    marker: str = ""
    bold: bool = False


class TextExtractor:
    """Plain text or Markdown (UTF-8) into blocks; one page, no boxes."""

    def __init__(self, *, markdown: bool) -> None:
        self.markdown = markdown

    def extract(self, data: bytes, *, progress: Progress | None = None) -> ExtractedDocument:
        text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
        lines = _without_page_furniture(text).split("\n")
        fields, start = _front_matter(lines) if self.markdown else ({}, 0)
        blocks = _infer_heading_levels(self._blocks(lines[start:]))
        if not blocks:
            raise EmptyFile("The file contains no text. Check that you chose the right file.")
        title = fields.get("title") or _first_title(blocks)
        if progress:
            progress(1, 1)
        return ExtractedDocument(title=title, lang="", pages=1, blocks=blocks)

    def _blocks(self, lines: list[str]) -> list[Block]:
        blocks: list[Block] = []
        pending: _Pending | None = None
        in_fence = False

        def flush() -> None:
            nonlocal pending
            if pending is not None:
                blocks.extend(self._finish(pending))
                pending = None

        for raw in lines:
            line = raw.rstrip("\n")
            if self.markdown and _FENCE.match(line):
                flush()
                in_fence = not in_fence
                continue
            if in_fence:
                # Code is not policy text; keep it out of the clauses.
                continue
            if not line.strip():
                flush()
                continue
            if self.markdown:
                handled, pending = self._markdown_line(line, pending, blocks, flush)
                if handled:
                    continue
            stripped = line.strip()
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
                continue
            if pending is None:
                pending = _Pending("paragraph", [stripped])
            else:
                pending.lines.append(stripped)
            # Two trailing spaces are a Markdown line break: after a full stop they end a
            # paragraph that was not followed by a blank line; mid-sentence they are noise.
            hard_break = line.endswith(("  ", "\\"))
            if self.markdown and hard_break and line.rstrip(" \\").endswith(_SENTENCE_END[:3]):
                flush()
        flush()
        return blocks

    def _markdown_line(
        self,
        line: str,
        pending: _Pending | None,
        blocks: list[Block],
        flush: Callable[[], None],
    ) -> tuple[bool, _Pending | None]:
        heading = _ATX.match(line)
        if heading:
            flush()
            text = _inline(heading.group(2), markdown=True)
            if text:
                blocks.append(_heading(text, len(heading.group(1))))
            return True, None
        setext = _SETEXT.match(line)
        single = pending is not None and pending.kind == "paragraph" and len(pending.lines) == 1
        if setext and pending is not None and single:
            text = _inline(pending.lines[0], markdown=True)
            blocks.append(_heading(text, 1 if setext.group(1)[0] == "=" else 2))
            return True, None
        if _RULE.match(line):
            flush()
            return True, None
        footnote = _FOOTNOTE_DEF.match(line)
        if footnote:
            flush()
            return True, _Pending("footnote", [footnote.group(2)], marker=footnote.group(1))
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            flush()
            if not _TABLE_SEP.match(stripped):
                for cell in stripped.strip("|").split("|"):
                    text = _inline(cell, markdown=True)
                    if text:
                        blocks.append(Block(text=text, kind="table_cell"))
            return True, None
        if stripped.startswith(">"):
            # A quotation reads as a paragraph of its own.
            rest = stripped.lstrip(">").strip()
            if not rest:
                flush()
                return True, None
            if pending is None or pending.kind != "paragraph":
                flush()
                return True, _Pending("paragraph", [rest])
            pending.lines.append(rest)
            return True, pending
        continues = pending is not None and pending.kind in ("list_item", "footnote")
        # An indented line continues the item unless it starts a nested item.
        if continues and line[:1] in " \t" and not _LIST.match(line):
            pending.lines.append(stripped)
            return True, pending
        return False, pending

    def _finish(self, pending: _Pending) -> list[Block]:
        raw = join_lines(pending.lines)
        bold = self.markdown and raw[:2] == raw[-2:] == "**" and raw.count("**") == 2
        text = _inline(raw, markdown=self.markdown)
        if not text or _is_page_chrome(text):
            return []
        if pending.kind == "footnote":
            return [Block(text=text, kind="footnote", marker=pending.marker)]
        if pending.kind == "list_item":
            if pending.marker == "•":
                return [Block(text=text, kind="list_item", level=pending.level, marker="•")]
            marker, rest = split_marker(f"{pending.marker} {text}")
            return [
                Block(
                    text=rest if marker else text,
                    kind="list_item",
                    level=pending.level,
                    marker=marker.text if marker else pending.marker,
                )
            ]
        marker, rest = split_marker(text)
        if marker and _looks_like_heading(marker, rest, bold=bold):
            return [Block(text=rest, kind="heading", level=0, marker=marker.text)]
        if bold and len(text) <= 120 and not text.endswith(_SENTENCE_END[:3]):
            # A whole bold line is how many Markdown conversions spell a heading.
            return [Block(text=text, kind="heading", level=0)]
        # "2.5 million people…" starts like "4.3. Managing AI…": a dotted number needs a
        # capital after it to number anything.
        if marker and (marker.family != "dotted" or rest[:1].isupper()):
            return [Block(text=rest, kind="list_item", level=1, marker=marker.text)]
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
