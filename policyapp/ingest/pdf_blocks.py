"""The lines of every page -> the document's blocks.

Running headers and footers, table-of-contents pages and front matter are
removed, footnotes are set apart, and the remaining lines become paragraphs,
headings, list items and table cells (see `policyapp.ingest.pdf` for what each
block holds).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace

from policyapp.ingest.abbreviations import runs_on
from policyapp.ingest.base import BBox, Block
from policyapp.ingest.markers import find_marker
from policyapp.ingest.normalize import (
    collapse_spaces,
    join_hyphenated,
    normalize_text,
    words_of,
)
from policyapp.ingest.pdf_layout import Line
from policyapp.ingest.script import is_cjk

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?$"
    r"|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$",
    re.IGNORECASE,
)
# Headers and footers a browser prints: "2026/5/19 19:11 <title>", "5/19/26, 7:11 PM",
# and the page's URL followed by "3/3".
_PRINT_DATE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}")
_PRINT_URL = re.compile(r"^(?:https?://|file://|www\.)\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?$")
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|(?:\. ){3,}|_{4,})\s*(?:\d{1,4}|[ivxlc]{1,6})?\s*$")
_TOC_TITLE = re.compile(r"^(?:table of )?contents$|^目\s*录$", re.IGNORECASE)

# Classes a heading's numbering may have, outermost first.
_HEADING_CLASS_RANK = {"pillar": 0, "cnsec": 1, "cn1": 2, "roman": 3, "num1": 4, "cn2": 5,
                       "num2": 6, "num3": 7, "": 8}


@dataclass
class _Para:
    lines: list[Line]
    kind: str = "paragraph"
    marker: str = ""
    marker_class: str = ""
    level: int = 0


def _edge_lines(lines: list[Line], height: float) -> tuple[list[Line], list[Line]]:
    """The two topmost and two bottommost lines, if in the page's margins."""
    by_top = sorted(lines, key=lambda ln: ln.top)
    # Headers sit lower than footers reach up: a two-line running title can
    # end 15% down the page (the MOST newsletter), page numbers sit in the last 10%.
    head = [ln for ln in by_top[:2] if ln.top < 0.15 * height]
    foot = [ln for ln in by_top[-2:] if ln.top > 0.9 * height]
    return head, foot


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def remove_running_lines(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop running headers and footers, page numbers and browser print lines.

    Only the top and bottom lines of a page are candidates: a heading such as
    "Recommended Policy Actions" repeats on many pages but inside the body.
    """
    edges = [_edge_lines(lines, h) for lines, h in zip(pages, heights, strict=True)]
    shapes: Counter[str] = Counter()
    for head, foot in edges:
        shapes.update({_shape(ln.text) for ln in head + foot})
    repeated = max(3, math.ceil(0.5 * len(pages)))
    out = []
    for lines, (head, foot) in zip(pages, edges, strict=True):
        drop = set()
        for ln in head + foot:
            text = ln.text
            if (_PAGE_NUMBER.match(text) or _PRINT_DATE.match(text) or _PRINT_URL.match(text)
                    or shapes[_shape(text)] >= repeated):
                drop.add(id(ln))
        out.append([ln for ln in lines if id(ln) not in drop])
    return out


_PAGE_REF = re.compile(r"\S\s+(\d{1,3})$")


def _has_leader(text: str) -> bool:
    """Whether the text holds what _TOC_ENTRY needs, found faster than by searching it."""
    return "..." in text or "……" in text or ". . . " in text or "____" in text


def is_toc_page(lines: list[Line]) -> bool:
    entries = sum(1 for ln in lines if _has_leader(ln.text) and _TOC_ENTRY.search(ln.text))
    entries = max(entries, _page_number_column(lines))
    titled = any(_TOC_TITLE.match(ln.text) for ln in lines[:4])
    return entries >= 5 and entries >= 0.4 * len(lines) or (titled and entries >= 3)


def _page_number_column(lines: list[Line]) -> int:
    """Entries of a contents page printed without dot leaders ("INTRODUCTION 4"): lines
    ending in a page number, the numbers right-aligned in one column and rising down
    the page. Returns how many lines are such entries."""
    column: dict[int, list[tuple[float, int]]] = {}
    for ln in lines:
        match = _PAGE_REF.search(ln.text)
        if match:
            column.setdefault(round(ln.x1 / 3), []).append((ln.top, int(match.group(1))))
    best = 0
    for entries in column.values():
        numbers = [n for _, n in sorted(entries)]
        if len(set(numbers)) >= 4 and numbers == sorted(numbers):
            best = max(best, len(numbers))
    return best


def _body_size(pages: list[list[Line]]) -> float:
    weights: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            weights[round(ln.size * 2) / 2] += len(ln.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _line_pitch(pages: list[list[Line]], body: float) -> float:
    """Usual distance between the tops of two lines of a paragraph, in font sizes."""
    ratios: Counter[float] = Counter()
    for lines in pages:
        for a, b in zip(lines, lines[1:], strict=False):
            same_size = abs(a.size - body) < 0.6 and abs(b.size - body) < 0.6
            if same_size and 0 < b.top - a.top < 3 * body:
                ratios[round((b.top - a.top) / body, 1)] += 1
    return ratios.most_common(1)[0][0] if ratios else 1.2


def _split_footnotes(lines: list[Line], body: float) -> tuple[list[Line], list[Line]]:
    """Footnotes: the run of small lines at the bottom of the page, led by a number.

    Under a separator rule, footnotes may be set almost at body size (9.96 pt under
    10.55 pt): there any line smaller than the body counts.
    """
    # Walk up from the bottom of the page while lines are small.
    region: list[Line] = []
    for ln in sorted(lines, key=lambda ln: ln.top, reverse=True):
        limit = 0.99 if ln.below_rule else 0.9
        if ln.size >= limit * body:
            break
        region.append(ln)
    # A page printed small throughout (a table, an annex) has no footnotes:
    # footnotes sit under body text and take the smaller part of the page.
    if not region or len(region) > 0.6 * len(lines):
        return lines, []
    if not any(ln.lead_mark or re.fullmatch(r"\d{1,3}|[*†‡]", ln.text)
               or (ln.below_rule and re.match(r"(?:\d{1,3}|[*†‡])\s", ln.text))
               for ln in region):
        return lines, []
    region_ids = {id(ln) for ln in region}
    body_lines = [ln for ln in lines if id(ln) not in region_ids]
    notes = [ln for ln in lines if id(ln) in region_ids]
    return body_lines, notes


def _merge_marker_lines(lines: list[Line]) -> list[Line]:
    """A footnote number alone on a raised line belongs to the line that follows it."""
    out: list[Line] = []
    pending: Line | None = None
    for ln in lines:
        if pending is not None:
            if ln.top - pending.bottom < ln.size and ln.x0 >= pending.x0 - 2:
                ln = replace(ln, lead_mark=pending.text, x0=min(ln.x0, pending.x0),
                             top=min(ln.top, pending.top))
            else:
                out.append(pending)
            pending = None
        if re.fullmatch(r"\d{1,3}|[*†‡]", ln.text) and not ln.lead_mark:
            pending = ln
            continue
        out.append(ln)
    if pending is not None:
        out.append(pending)
    return out


def _headings_between_tables(lines: list[Line], body: float) -> list[Line]:
    """Take out of its table a line printed larger than the text, alone in its cell and
    alone across the page: the heading between two tables ("Advancing AI" above the next
    table of the UK response), which the columns' gutter runs past."""
    counts = Counter(ln.cell for ln in lines if ln.cell)
    out = []
    for ln in lines:
        if (ln.cell and counts[ln.cell] == 1 and ln.size >= body + 1.5
                and not any(other is not ln and other.top < ln.bottom and ln.top < other.bottom
                            for other in lines)):
            ln = replace(ln, cell=0)
        out.append(ln)
    return out


def _ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in ".!?。！？；;:：”\"’)"


def _paragraphs(lines: list[Line], body: float, pitch: float, page_lines: dict[int, list[Line]]
                ) -> list[_Para]:
    paras: list[_Para] = []
    cur: _Para | None = None
    starts: dict[int, _Starts] = {}  # each page's `_column_starts`
    for ln in lines:
        cls, marker, _rest = find_marker(ln.text)
        new = cur is None
        if ln.cell or (cur is not None and cur.kind == "table_cell"):
            # A table cell is one block, whatever its lines look like.
            prev_line = cur.lines[-1] if cur is not None else None
            if (prev_line is None or ln.cell != prev_line.cell or ln.page != prev_line.page):
                cur = _Para([ln], kind="table_cell" if ln.cell else "paragraph")
                if not ln.cell and cls:
                    cur.marker_class, cur.marker, cur.kind = cls, marker, "list_item"
                paras.append(cur)
            else:
                cur.lines.append(ln)
            continue
        if cur is not None:
            prev = cur.lines[-1]
            if ln.page != prev.page or ln.top < prev.top - 1:
                # A new page or column: carry on only if the sentence does ("St." at the
                # foot of a column ends none).
                ended = _ends_sentence(prev.text) and not runs_on(prev.text, ln.text)
                new = (ended or bool(cls)
                       or abs(ln.size - prev.size) > 1
                       or (ln.bold, ln.italic) != (prev.bold, prev.italic))
            else:
                step = (ln.top - prev.top) / max(prev.size, 1.0)
                lines_here = page_lines.get(ln.page, [])
                if ln.page not in starts:
                    starts[ln.page] = _column_starts(lines_here)
                right = _right_edge(prev, lines_here, starts[ln.page])
                short_prev = prev.x1 < right - 0.12 * (prev.x1 - prev.x0 + 1)
                new = (
                    step > pitch + 0.4
                    or abs(ln.size - prev.size) > 1
                    or bool(cls)
                    or (short_prev and (ln.bold, ln.italic) != (prev.bold, prev.italic))
                    or (short_prev and _ends_sentence(prev.text) and ln.x0 > prev.x0 + 0.8 * ln.size
                        and cur.kind != "list_item")
                )
        if new:
            cur = _Para([ln])
            if cls:
                cur.marker_class, cur.marker = cls, marker
                cur.kind = "list_item"
            paras.append(cur)
        else:
            assert cur is not None
            cur.lines.append(ln)
    return paras


# The left edges of a page's lines of running text (over 100 pt wide) in order, the same
# rounded to the point, and where three edges in a row round alike (a column's start).
_Starts = tuple[list[float], list[int], list[int]]


def _column_starts(lines: list[Line]) -> _Starts:
    edges = sorted(ln.x0 for ln in lines if ln.x1 - ln.x0 > 100)
    rounded = [round(x) for x in edges]
    threes = [i for i in range(len(rounded) - 2) if rounded[i] == rounded[i + 2]]
    return edges, rounded, threes


def _right_edge(line: Line, lines: list[Line], starts: _Starts) -> float:
    """Where the lines of `line`'s column usually end, so that in two columns a line of
    the left one is not measured against the right one's edge (every line would look
    short, and end its paragraph): the page's lines beside it, up to the next column (a
    left edge shared by three lines of running text or more to its right; a table's
    column of marks is no column of text). `starts` is `_column_starts(lines)`."""
    edges, rounded, threes = starts
    # The first left edge to the right of the line that three lines share.
    first = bisect_left(threes, bisect_right(edges, line.x1))
    gutter = rounded[threes[first]] if first < len(threes) else math.inf
    ends = sorted([ln.x1 for ln in lines if ln.x0 < line.x1 and line.x0 < ln.x1 <= gutter + 1])
    return ends[int(0.9 * (len(ends) - 1))] if ends else line.x1


_RUN_ON_WORDS = frozenset(
    ["a", "an", "and", "by", "for", "in", "of", "on", "or", "that", "the", "to", "will", "with",
     "shall", "should", "must", "can", "may", "is", "are"]
)


def _is_heading(para: _Para, body: float, *, colon: bool = False) -> bool:
    """Whether the paragraph reads as a heading on its own; with `colon`, a colon at its
    end is not held against it (see `_headings`)."""
    if para.kind == "table_cell":
        return False
    text = " ".join(ln.text for ln in para.lines)
    if colon:
        text = text.removesuffix(":")
    if len(para.lines) > 3 or len(text) > 200:
        return False
    first = para.lines[0]
    larger = first.size >= body + 1.5
    styled = all(ln.bold for ln in para.lines) or all(ln.italic for ln in para.lines)
    cls = para.marker_class
    if cls in ("cn1", "cnsec", "pillar"):
        return not text.endswith(("。", "；", ".", ";"))
    if cls == "cn2":
        # "（一）“人工智能+”科学技术" is a heading; "（一）加强…。……" is an item.
        return len(para.lines) == 1 and not re.search(r"[。；]", text)
    if text.rstrip()[-1:] in ".;,:。；，：" and not larger:
        return False
    # A bold lead-in ("..., the Commission will" + a list) runs on into what follows.
    if text.rsplit(" ", 1)[-1].lower() in _RUN_ON_WORDS and not larger:
        return False
    if not (larger or styled):
        return False
    rest = find_marker(text)[2]
    return bool(rest) and (rest[0].isupper() or is_cjk(rest[0]) or not rest[0].isalpha())


def _headings(paras: list[_Para], body: float) -> list[_Para]:
    """The paragraphs that are headings, judged by the style the document gives its
    headings rather than by one line's look alone.

    - A line in capitals ending in a colon ("CONCLUSIONS:") is a heading when printed in
      the style of the document's other headings; a colon otherwise marks a lead-in.
    - Unnumbered lines printed like headings inside a list that a lead-in announced
      (indented under "...four sets of proposals:") are that list's entries.
    """
    found = {id(para) for para in paras if _is_heading(para, body)}
    styles = {_style(para) for para in paras if id(para) in found}
    for para in paras:
        text = para.lines[-1].text
        if (id(para) not in found and text.endswith(":") and text.isupper()
                and _style(para) in styles and _is_heading(para, body, colon=True)):
            found.add(id(para))
    found -= _announced_entries(paras, found)
    return [para for para in paras if id(para) in found]


def _style(para: _Para) -> tuple[float, bool, bool, bool]:
    first = para.lines[0]
    text = " ".join(ln.text for ln in para.lines)
    return round(first.max_size), first.bold, first.italic, text.isupper()


def _announced_entries(paras: list[_Para], candidates: set[int]) -> set[int]:
    """Unnumbered heading candidates that stand in a list announced by a lead-in ending in
    a colon: indented under the lead-in, at the indent of the list's first entry, before
    the text comes back to the lead-in's margin (the EU plan's overview, p. 5)."""
    entries: set[int] = set()
    margin: float | None = None  # left edge of the lead-in, while its list lasts
    indent: float | None = None  # left edge of the list's first entry
    for para in paras:
        first = para.lines[0]
        if margin is not None and first.x0 < margin + first.size:
            margin = indent = None
        if id(para) in candidates:
            inside = margin is not None and not para.marker_class
            if inside and (indent is None or abs(first.x0 - indent) <= 2):
                entries.add(id(para))
                indent = first.x0
            else:
                margin = indent = None
            continue
        if margin is None and para.kind != "table_cell" and para.lines[-1].text.endswith(":"):
            margin = first.x0
    return entries


def _callouts(headings: list[_Para], keys: dict[int, HeadingKey]) -> set[int]:
    """Headings that are an infographic's call-outs ("Jean Zay", "2nd in the EU"): an
    unnumbered style used on one page only that outranks the section it is printed in.

    A document's section headings repeat their style from page to page; a figure's big
    words do not, and read as sections would swallow the real sections that follow.
    What comes before the first heading of a repeated style (a title) is left alone.
    """
    pages: dict[HeadingKey, set[int]] = {}
    for para in headings:
        pages.setdefault(keys[id(para)], set()).add(para.lines[0].page)
    callouts: set[int] = set()
    current: HeadingKey | None = None  # style of the section heading last seen
    for para in headings:
        key = keys[id(para)]
        if len(pages[key]) >= 2:
            current = key
        elif current is not None and not para.marker_class and key < current:
            callouts.add(id(para))
    return callouts


HeadingKey = tuple[float, int, bool, bool]


def _heading_keys(headings: list[_Para]) -> dict[int, HeadingKey]:
    """Sort key of each heading's style; equal keys share a level.

    Size comes first, then numbering ("Pillar I" above "1." above "（一）"), then
    bold before italic. Headings numbered alike share one level even where the
    size wobbles (the EU plan prints "I." at 12 pt and "II." at 11 pt). An
    unnumbered heading printed like a numbered one ("Introduction" beside
    "Pillar I: ...") takes that heading's level.
    """
    class_size: dict[str, float] = {}
    class_style: dict[str, Counter[tuple[bool, bool]]] = {}
    for para in headings:
        if para.marker_class:
            first = para.lines[0]
            cls = para.marker_class
            class_size[cls] = max(class_size.get(cls, 0.0), round(first.max_size))
            class_style.setdefault(cls, Counter())[(first.bold, first.italic)] += 1
    class_key: dict[str, HeadingKey] = {}
    by_style: dict[tuple[float, bool, bool], HeadingKey] = {}
    for cls, size in class_size.items():
        bold, italic = class_style[cls].most_common(1)[0][0]
        key = (-size, _HEADING_CLASS_RANK.get(cls, 8), not bold, not italic)
        class_key[cls] = key
        style = (size, bold, italic)
        if style not in by_style or key < by_style[style]:
            by_style[style] = key
    keys: dict[int, HeadingKey] = {}
    for para in headings:
        first = para.lines[0]
        if para.marker_class in class_key:
            keys[id(para)] = class_key[para.marker_class]
            continue
        style = (round(first.max_size), first.bold, first.italic)
        keys[id(para)] = by_style.get(style, (-style[0], 8, not first.bold, not first.italic))
    return keys


def _chapter_styled(headings: list[_Para], keys: dict[int, HeadingKey]) -> dict[int, HeadingKey]:
    """Unnumbered headings in capitals printed as a numbered class prints its capitals
    headings take that class's level: "CONCLUSIONS:" after chapters "I."–"IV." in the same
    bold capitals is the chapters' sibling, not a subsection of the last one.

    The class's style is every size it is printed in (the EU plan sets "I." at 12 pt and
    the other chapters at 11 pt) and its indent: a heading set further right than any of
    the class is not in it (a figure's title, "OUR KEY PROPOSALS FOR EXCELLENCE", is set
    the same size and weight in the middle of the page).
    """
    styles: dict[tuple[float, bool, bool], tuple[HeadingKey, float]] = {}
    for para in headings:
        first = para.lines[0]
        if para.marker_class and _text(para).isupper():
            style = (round(first.max_size), first.bold, first.italic)
            key, indent = styles.get(style, (keys[id(para)], first.x0))
            styles[style] = min(key, keys[id(para)]), max(indent, first.x0)
    out = dict(keys)
    for para in headings:
        first = para.lines[0]
        found = styles.get((round(first.max_size), first.bold, first.italic))
        if (found is not None and not para.marker_class and _text(para).isupper()
                and first.x0 <= found[1] + first.size and found[0] < keys[id(para)]):
            out[id(para)] = found[0]
    return out


def _text(para: _Para) -> str:
    return " ".join(ln.text for ln in para.lines)


def _join(lines: list[Line], vocabulary: set[str]) -> str:
    return _join_paged(lines, vocabulary)[0]


def _join_paged(lines: list[Line], vocabulary: set[str]
                ) -> tuple[str, list[tuple[int, int, BBox]]]:
    """The lines' text joined, and where it runs on to a later page (see `Block.continued`)."""
    text = ""
    continued: list[tuple[int, int, BBox]] = []
    page = lines[0].page
    for ln in lines:
        text = join_hyphenated(text, ln.text, vocabulary) if text else ln.text
        if ln.page != page:
            page = ln.page
            tail = ln.text.strip()
            at = len(text) - len(tail) if text.endswith(tail) else len(text)
            continued.append((at, page, _bbox([x for x in lines if x.page == page])))
    return text, continued


def _vocabulary(pages: list[list[Line]]) -> set[str]:
    """Words of the document, leaving out the halves of words split at a line end."""
    texts: list[str] = []
    for lines in pages:
        cut_next = False
        for ln in lines:
            text = ln.text
            if cut_next:
                text = text.split(" ", 1)[1] if " " in text else ""
            cut_next = text.endswith(("-", "\u2010"))
            if cut_next:
                text = text.rsplit(" ", 1)[0] if " " in text else ""
            texts.append(text)
    # One pass over the whole text: a line break is no part of a word.
    return words_of("\n".join(texts))


def _bbox(lines: list[Line]) -> BBox:
    page = lines[0].page
    same = [ln for ln in lines if ln.page == page]
    return (round(min(ln.x0 for ln in same), 2), round(min(ln.top for ln in same), 2),
            round(max(ln.x1 for ln in same), 2), round(max(ln.bottom for ln in same), 2))


@dataclass(frozen=True)
class Layout:
    blocks: list[Block]
    toc_pages: list[int]
    title: str


def build_document(pages: list[list[Line]], heights: list[float], metadata_title: str = ""
                   ) -> Layout:
    """Blocks in reading order from each page's lines."""
    pages = remove_running_lines(pages, heights)
    toc_pages = [i + 1 for i, lines in enumerate(pages) if is_toc_page(lines)]
    if toc_pages:
        # Cover, epigraph and signature pages before the contents carry no
        # clauses (the cover quotation of the US plan is one): drop them.
        first_toc = toc_pages[0]
        front = {i + 1 for i in range(first_toc - 1) if len(pages[i]) < 25}
    else:
        front = set()
    kept = [lines if (i + 1) not in front and (i + 1) not in toc_pages else []
            for i, lines in enumerate(pages)]
    body = _body_size(kept)
    pitch = _line_pitch(kept, body)
    vocabulary = _vocabulary(kept)

    body_lines: list[Line] = []
    notes: list[tuple[int, list[Line]]] = []
    page_lines: dict[int, list[Line]] = {}
    for lines in kept:
        if not lines:
            continue
        lines = _headings_between_tables(_merge_marker_lines(lines), body)
        main, foot = _split_footnotes(lines, body)
        body_lines.extend(main)
        if main:
            page_lines[main[0].page] = main
        if foot:
            notes.append((foot[0].page, foot))

    paras = _paragraphs(body_lines, body, pitch, page_lines)
    headings = _headings(paras, body)
    for para in headings:
        para.kind = "heading"
    keys = _heading_keys(headings)
    callouts = _callouts(headings, keys)
    if callouts:
        for para in headings:
            if id(para) in callouts:
                para.kind = "paragraph"
        headings = [para for para in headings if id(para) not in callouts]
        keys = {id(para): keys[id(para)] for para in headings}
    keys = _chapter_styled(headings, keys)
    levels = {key: i + 1 for i, key in enumerate(sorted(set(keys.values())))}
    _list_levels(paras)

    blocks: list[Block] = []
    note_blocks = _footnote_blocks(notes, vocabulary)
    note_iter = iter(sorted(note_blocks, key=lambda b: b.page or 0))
    pending_note = next(note_iter, None)
    for para in paras:
        page = para.lines[0].page
        # Footnotes go after the body of their page, so the reading order stays.
        while pending_note is not None and (pending_note.page or 0) < page:
            blocks.append(pending_note)
            pending_note = next(note_iter, None)
        text, continued = _join_paged(para.lines, vocabulary)
        marker = para.marker
        if marker:
            whole = text
            text = find_marker(text)[2]
            cut = len(whole) - len(text)
            continued = [(max(at - cut, 0), p, box) for at, p, box in continued]
        level = levels[keys[id(para)]] if para.kind == "heading" else para.level
        if not text:
            continue
        blocks.append(Block(text=text, kind=para.kind, level=level, page=page,
                            bbox=_bbox(para.lines), marker=marker,  # type: ignore[arg-type]
                            continued=tuple(continued)))
    while pending_note is not None:
        blocks.append(pending_note)
        pending_note = next(note_iter, None)
    blocks = _drop_repeated_headers(blocks)
    blocks = [b for b in blocks if not (b.page == len(pages) and _is_print_code(b))]
    return Layout(blocks=blocks, toc_pages=toc_pages, title=_title(blocks, metadata_title))


# A printer's job or catalogue number ("KK-01-21-123-EN-N", "E03258823"): one word of
# capitals, digits and hyphens, at least five digits.
_PRINT_CODE = re.compile(r"(?=(?:[^\d]*\d){5})[A-Z\d][A-Z\d‐–-]{5,30}")


def _is_print_code(block: Block) -> bool:
    """A back cover's print code: alone in its block, on the last page, not plan text.
    (Book numbers and DOIs alone are furniture on any page: see boilerplate.txt.)"""
    return (block.kind in ("paragraph", "heading") and _PRINT_CODE.fullmatch(block.text) is not None
            and any(c.isalpha() for c in block.text))


def _drop_repeated_headers(blocks: list[Block]) -> list[Block]:
    """Keep a table's header row once: the first row of a table that starts other
    tables too ("Recommendation | Response | Delivery Timeline" on every page) is the
    columns' names, repeated by the printer, not text of the plan."""
    first_rows: list[list[int]] = []
    for i, block in enumerate(blocks):
        starts = block.kind == "table_cell" and (
            i == 0 or blocks[i - 1].kind != "table_cell" or blocks[i - 1].page != block.page)
        if not starts or block.bbox is None:
            continue
        row = [i]
        for j in range(i + 1, len(blocks)):
            other = blocks[j]
            if (other.kind != "table_cell" or other.page != block.page or other.bbox is None
                    or abs(other.bbox[1] - block.bbox[1]) > 2):
                break
            row.append(j)
        if len(row) >= 2:
            first_rows.append(row)
    seen: set[tuple[str, ...]] = set()
    drop: set[int] = set()
    for row in first_rows:
        key = tuple(blocks[i].text for i in row)
        if key in seen:
            drop.update(row)
        seen.add(key)
    return [b for i, b in enumerate(blocks) if i not in drop] if drop else blocks


def _list_levels(paras: list[_Para]) -> None:
    """Nesting depth of list items from the indent of their markers; an item to the right
    of all the list has printed on its page starts the list's next column, not a sub-list."""
    indents: list[float] = []
    reach, page = -math.inf, 0
    for para in paras:
        x0 = para.lines[0].x0
        if para.kind != "list_item":
            # A heading, or text back at the outer list's margin, ends the list.
            if para.kind == "heading" or not indents or x0 <= indents[0] + 1:
                indents = []
                reach = -math.inf
            continue
        if para.lines[0].page != page:
            page, reach = para.lines[0].page, -math.inf
        if indents and math.isfinite(reach) and x0 > reach:
            indents = []
        while indents and x0 < indents[-1] - 3:
            indents.pop()
        if not indents or x0 > indents[-1] + 3:
            indents.append(x0)
        para.level = len(indents)
        reach = max(reach, *(ln.x1 for ln in para.lines if ln.page == page))


def _footnote_blocks(notes: list[tuple[int, list[Line]]], vocabulary: set[str]) -> list[Block]:
    blocks: list[Block] = []
    for page, lines in notes:
        current: list[Line] = []
        mark = ""

        def flush(current: list[Line], mark: str, page: int = page) -> None:
            if not current:
                return
            text = _join(current, vocabulary)
            if not mark and blocks and blocks[-1].kind == "footnote":
                # A footnote carried over from the previous page.
                prev = blocks[-1]
                blocks[-1] = replace(prev, text=join_hyphenated(prev.text, text, vocabulary))
                return
            blocks.append(Block(text=text, kind="footnote", page=page,
                                bbox=_bbox(current), marker=mark))

        for ln in lines:
            lead = ln.lead_mark
            if not lead:
                match = re.match(r"^(\d{1,3}|[*†‡])\s+(?=\S)", ln.text)
                if match and (ln.below_rule if not current else ln.x0 < current[0].x0 + 1):
                    lead = match.group(1)
                    ln = replace(ln, text=ln.text[match.end():])
            if lead:
                flush(current, mark)
                current, mark = [ln], lead
            else:
                current.append(ln)
        flush(current, mark)
    return blocks


def _title(blocks: list[Block], metadata_title: str) -> str:
    """The PDF's Title field when it holds a title, else the first top-level heading."""
    candidate = collapse_spaces(normalize_text(metadata_title))
    if (len(candidate) > 3 and not candidate.startswith("<")
            and not re.search(r"\.(docx?|pdf|indd)$|^untitled|^microsoft word", candidate, re.I)):
        return candidate
    headings = [b for b in blocks if b.kind == "heading"]
    if headings:
        top = min(b.level for b in headings)
        return next(b.text for b in headings if b.level == top)[:300]
    return blocks[0].text[:300] if blocks else ""
