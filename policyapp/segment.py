"""Blocks become a section tree and clauses (pure: no ORM).

Contract used by services and the `extract` command:
- `Segmentation.text` is the version's normalised text; for every clause
  `text[clause.start:clause.end] == clause.text` (Unicode code points).
- Sections and clauses are in reading order; `SectionNode.parent` and
  `ClauseUnit.section` are indexes into `Segmentation.sections`.
- `text` is the body blocks, one line each, their marker ("1.", "•", "（一）") printed
  before them: markers and whitespace are the only text outside clauses. Footnotes are
  left out (see Labels below).
- A clause is a heading, a sentence of a paragraph or table cell, or a sentence of a list
  item; a sentence over 250 characters (120 in Chinese) is cut after semicolons between
  parts of 60 (25) characters or more. `(label, sentence)` is unique within a version.
- Blocks that a PDF layout cut apart (at a page break, or at a first-line indent read as
  a new paragraph) are joined again when the first does not end a sentence.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from policyapp.ingest.abbreviations import DOTTED, abbreviation_before, runs_on
from policyapp.ingest.base import BBox, Block, ExtractedDocument
from policyapp.ingest.markers import ZH_INLINE_MARKER, Marker, marker_family, split_marker
from policyapp.ingest.script import is_cjk, is_han

ClauseKind = Literal["sentence", "list_item", "heading", "table_cell"]


@dataclass(frozen=True)
class SectionNode:
    parent: int | None
    # Position among its siblings, from 1.
    ordinal: int
    # Numbering as cited ("II" for "Pillar II:", "（十一）", "3" for "3."), "" when none.
    number: str
    heading: str
    level: int
    page: int | None
    # Path from the root, e.g. "II › Build High-Security Data Centers".
    label: str


@dataclass(frozen=True)
class ClauseUnit:
    ordinal: int
    section: int | None
    # Label path of the paragraph or list item; its sentences share it.
    label: str
    # 1-based position of this sentence within its paragraph or list item.
    sentence: int
    kind: ClauseKind
    text: str
    page: int | None
    bbox: BBox | None
    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class Segmentation:
    text: str
    lang: str
    sections: list[SectionNode]
    clauses: list[ClauseUnit]


# --- Labels -------------------------------------------------------------------------------
#
# A label is a path of section numbers (or headings, when a section has none), ending in
# the paragraph or item: "II › Build High-Security Data Centers › •2", "二 › （一） › 1",
# "1 › 1.1 › 4". Printed numbers are cited as printed; what the document does not number
# gets a sign and an ordinal, so an invented number is never mistaken for a printed one:
# "¶3" is the third paragraph, "•2" the second bullet at that place.
#
# A heading that recurs without a number ("Recommended Policy Actions" in each of the 30
# US policy sections) names a kind of list rather than a place: it is a section of its
# own in the tree, but clause labels skip it, so the actions of a section are cited as
# "I › Enable AI Adoption › •1".
#
# Footnotes are not body clauses: they are left out of `text` and of the clauses, so
# tagging and comparison see the plan's own words only.

SEPARATOR = " › "
_RECURRING = 3


def _join(prefix: str, part: str) -> str:
    return f"{prefix}{SEPARATOR}{part}" if prefix else part


# --- Sentences ----------------------------------------------------------------------------

# A stop then space, or a stop run into an enumeration ("Supporting Workers.(a)  To").
_EN_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|\([a-z0-9]{1,3}\)\s)")
_ZH_END = re.compile(r"[。！？!?]+[”’」』）)》】〕]*|…+[”’」』]*(?=[^，,、。])")
_OPENERS = "“\"‘'([•"


def _en_boundaries(text: str) -> list[int]:
    cuts = []
    for match in _EN_END.finditer(text):
        end = match.end()
        following = text[end:].lstrip()
        if not following:
            continue
        nxt = following[0]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        head = text[: match.start() + 1]
        if match.group().startswith(".") and abbreviation_before(head, following):
            continue
        cuts.append(end)
    return cuts


def _zh_boundaries(text: str) -> list[int]:
    cuts = {match.end() for match in _ZH_END.finditer(text)}
    cuts.update(match.start() for match in ZH_INLINE_MARKER.finditer(text))
    return sorted(cut for cut in cuts if 0 < cut < len(text))


def _semicolon_cuts(text: str, start: int, end: int, zh: bool) -> list[int]:
    """Cut a long sentence after semicolons that separate undertakings of their own."""
    long, part, marks = (120, 25, "；;") if zh else (250, 60, ";")
    if end - start <= long:
        return []
    cuts = []
    last = start
    for index in range(start, end):
        if text[index] in marks and index + 1 - last >= part and end - index - 1 >= part:
            cuts.append(index + 1)
            last = index + 1
    return cuts


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, whitespace trimmed, covering all its other
    characters in order."""
    zh = lang == "zh"
    cuts = _zh_boundaries(text) if zh else _en_boundaries(text)
    spans = []
    start = 0
    for cut in [*cuts, len(text)]:
        inner = [start, *_semicolon_cuts(text, start, cut, zh), cut]
        for a, b in itertools.pairwise(inner):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                spans.append((a, b))
        start = cut
    return spans


# --- Segmentation -------------------------------------------------------------------------

# Numbering whose items may carry their heading as a first sentence.
_RUN_IN_FAMILIES = frozenset({"cn-dun", "cn-paren", "cn-chapter", "word", "dotted"})
_CN_RUN_IN = frozenset({"cn-dun", "cn-paren", "cn-chapter"})


def _norm(text: str) -> str:
    return "".join(text.split()).casefold()


@dataclass
class _Open:
    rank: int
    index: int
    # Label prefix for what the section contains (its parent's when transparent).
    prefix: str


@dataclass
class _Item:
    level: int
    # The level the extractor gave.
    raw: int
    label: str
    family: str
    opens_list: bool


class _Segmenter:
    def __init__(self, document: ExtractedDocument, max_clause_chars: int) -> None:
        self.document = document
        self.max_clause_chars = max_clause_chars
        self.lang = document.lang or "en"
        self.lines: list[str] = []
        self.length = 0
        self.sections: list[SectionNode] = []
        self.clauses: list[ClauseUnit] = []
        self.stack: list[_Open] = []
        self.items: list[_Item] = []
        self.used: set[str] = set()
        self.counters: dict[tuple[str, str], int] = {}
        self.children: dict[int | None, int] = {}
        self.family_rank: dict[str, int] = {}
        self.recurring = self._recurring_headings(document.blocks)

    @staticmethod
    def _recurring_headings(blocks: list[Block]) -> frozenset[str]:
        counts: dict[str, int] = {}
        for block in blocks:
            if block.kind == "heading" and not block.marker:
                marker, _ = split_marker(block.text)
                if marker is None or marker.family == "bullet":
                    key = _norm(block.text)
                    counts[key] = counts.get(key, 0) + 1
        return frozenset(key for key, count in counts.items() if count >= _RECURRING)

    # Text and labels

    def _add_line(self, block: Block) -> tuple[int, str, Marker | None]:
        """Append the block's line to the text; return where its body starts in the
        text, the body, and its marker."""
        marker: Marker | None = None
        if block.marker:
            separator = "" if self.lang == "zh" else " "
            line = f"{block.marker}{separator}{block.text}"
            body_at = len(block.marker) + len(separator)
            marker = Marker(block.marker, marker_family(block.marker))
        else:
            line = block.text
            body_at = 0
            if block.kind == "heading" or self.lang == "zh":
                found, rest = split_marker(block.text)
                if (
                    found
                    and found.family != "bullet"
                    and (block.kind == "heading" or found.family in _CN_RUN_IN)
                ):
                    marker, body_at = found, len(block.text) - len(rest)
        start = self.length + (1 if self.lines else 0)
        self.lines.append(line)
        self.length = start + len(line)
        return start + body_at, line[body_at:], marker

    def _unique(self, label: str) -> str:
        candidate, n = label, 1
        while candidate in self.used:
            n += 1
            candidate = f"{label} ({n})"
        self.used.add(candidate)
        return candidate

    def _count(self, prefix: str, sign: str) -> int:
        key = (prefix, sign)
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    @property
    def prefix(self) -> str:
        return self.stack[-1].prefix if self.stack else ""

    @property
    def section(self) -> int | None:
        return self.stack[-1].index if self.stack else None

    def _emit(
        self,
        block: Block,
        label: str,
        kind: ClauseKind,
        start: int,
        text: str,
        spans: list[tuple[int, int]],
    ) -> None:
        # Where `text` starts within the block's own text (the block's text ends its line).
        block_at = start - (self.length - len(block.text))
        spans = bounded_spans(text, spans, self.max_clause_chars)
        for number, (a, b) in enumerate(spans, start=1):
            page, bbox = block.place_at(block_at + a)
            self.clauses.append(
                ClauseUnit(
                    ordinal=len(self.clauses) + 1,
                    section=self.section,
                    label=label,
                    sentence=number,
                    kind=kind,
                    text=text[a:b],
                    page=page,
                    bbox=bbox,
                    start=start + a,
                    end=start + b,
                    lang=self.lang,
                )
            )

    # Blocks

    def run(self) -> Segmentation:
        body = _join_continuations(
            [
                block
                for block in self.document.blocks
                if block.kind != "footnote" and block.text.strip()
            ]
        )
        first_heading = next((i for i, b in enumerate(body) if b.kind == "heading"), None)
        for position, block in enumerate(body):
            start, text, marker = self._add_line(block)
            if block.kind == "heading":
                if position == first_heading and not marker and self._is_title(position, body):
                    self._title(block, start, text)
                else:
                    self._heading(block, start, text, marker, len(text))
            elif (
                marker
                and marker.family in _RUN_IN_FAMILIES
                and self._run_in(block, start, text, marker)
            ):
                pass
            elif block.kind == "list_item" or (marker and block.kind == "paragraph"):
                self._list_item(block, start, text, marker)
            else:
                self._paragraph(block, start, text)
        return Segmentation(
            text="\n".join(self.lines), lang=self.lang, sections=self.sections, clauses=self.clauses
        )

    def _is_title(self, position: int, body: list[Block]) -> bool:
        """The first heading is the document's title, not a section around everything,
        when it says the title or no other heading is as high as it. Lines before it
        (a site's "Presidential Actions") stay paragraphs outside any section."""
        block = body[position]
        if _norm(block.text) == _norm(self.document.title):
            return True
        return block.level == 1 and all(
            other.kind != "heading" or other.level > block.level for other in body[position + 1 :]
        )

    def _title(self, block: Block, start: int, text: str) -> None:
        label = self._unique(text.strip())
        self._emit(block, label, "heading", start, text, _whole(text))

    def _heading(
        self, block: Block, start: int, text: str, marker: Marker | None, head_end: int
    ) -> None:
        """Open a section whose heading is text[:head_end] (the rest, if any, is a run-in
        paragraph handled by the caller)."""
        family = marker.family if marker else ""
        rank = block.level if block.kind == "heading" and block.level else 0
        if not rank:
            rank = self.family_rank.get(family) or ((self.stack[-1].rank + 1) if self.stack else 1)
        if family:
            self.family_rank.setdefault(family, rank)
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.section
        parent_prefix = self.prefix
        heading = text[:head_end].strip()
        if heading.endswith("。") or (heading.endswith(".") and not DOTTED.search(heading)):
            # A heading's full stop ("Sec. 6. Supporting Workers. (a) …") is not its name.
            heading = heading[:-1]
        number = marker.number if marker else ""
        shown = number or heading.rstrip("。.：:")
        label = self._unique(_join(parent_prefix, shown or heading))
        transparent = not number and _norm(heading) in self.recurring
        self.children[parent] = self.children.get(parent, 0) + 1
        self.sections.append(
            SectionNode(
                parent=parent,
                ordinal=self.children[parent],
                number=number,
                heading=heading,
                level=len(self.stack) + 1,
                page=block.page,
                label=label,
            )
        )
        self.stack.append(
            _Open(rank, len(self.sections) - 1, parent_prefix if transparent else label)
        )
        self.items = []
        self._emit(block, label, "heading", start, text, _whole(text[:head_end]))

    def _run_in(self, block: Block, start: int, text: str, marker: Marker) -> bool:
        """An item whose first sentence is its heading ("（七）提升模型基础能力。加强…",
        "Sec. 4. Developing an Action Plan. (a) Within…") opens a section like a heading
        of its numbering would; the rest of the block is its first paragraph or item."""
        lang = "zh" if marker.family.startswith("cn-") else self.lang
        spans = sentence_spans(text, lang)
        if not spans:
            return False
        first_end = spans[0][1]
        if first_end - spans[0][0] > (40 if lang == "zh" else 120):
            return False
        # Without a heading of the same numbering elsewhere, a short item is an item.
        if marker.family not in self.family_rank and len(spans) == 1 and block.kind == "list_item":
            return False
        self._heading(block, start, text, marker, first_end)
        if len(spans) > 1:
            offset = spans[1][0]
            rest = text[offset:]
            inner, body = split_marker(rest)
            if inner and inner.family != "bullet":
                skip = len(rest) - len(body)
                self._list_item(block, start + offset + skip, body, inner)
            else:
                self._paragraph(block, start + offset, rest)
        return True

    def _list_item(self, block: Block, start: int, text: str, marker: Marker | None) -> None:
        number = marker.number if marker else ""
        family = marker.family if marker else "bullet"
        raw = max(block.level, 1)
        if raw > 1:
            # The extractor saw the nesting (HTML lists, indented Markdown): trust it.
            while self.items and self.items[-1].raw >= raw:
                self.items.pop()
            level = self.items[-1].level + 1 if self.items else 1
        else:
            level = 1
            if self.items:
                # Flat text gives no nesting: an item continues the list of its numbering
                # style, and a new style after an item ending in a colon is its sub-list.
                same = [item.level for item in self.items if item.family == family]
                if same:
                    level = same[-1]
                elif self.items[-1].opens_list:
                    level = self.items[-1].level + 1
            while self.items and self.items[-1].level >= level:
                self.items.pop()
        parent = self.items[-1].label if self.items else self.prefix
        part = number or f"•{self._count(parent, '•')}"
        label = self._unique(_join(parent, part))
        opens = text.rstrip().endswith((":", "："))
        self.items.append(_Item(level, raw, label, family, opens))
        self._emit(block, label, "list_item", start, text, sentence_spans(text, self.lang))

    def _paragraph(self, block: Block, start: int, text: str) -> None:
        self.items = []
        label = self._unique(_join(self.prefix, f"¶{self._count(self.prefix, '¶')}"))
        kind: ClauseKind = "table_cell" if block.kind == "table_cell" else "sentence"
        self._emit(block, label, kind, start, text, sentence_spans(text, self.lang))


_TERMINAL = tuple(".!?。！？:：;；")
_CLOSERS = "\"'”’)）」』》]"


def _continues(previous: Block, block: Block, first_on_page: bool) -> bool:
    """Whether `block` is the rest of `previous`, cut by a page break or by a first-line
    indent that the PDF layout read as a new paragraph."""
    if previous.kind not in ("paragraph", "list_item") or block.kind != "paragraph":
        return False
    if block.marker:
        return False
    ended = previous.text.rstrip().rstrip(_CLOSERS)
    # "…the new office in St." + "Augustin opens…": an abbreviation ends no sentence.
    if ended.endswith(_TERMINAL) and not runs_on(ended, block.text.lstrip()):
        return False
    first = block.text.lstrip()[:1]
    if previous.page is None or block.page is None:
        # Web pages split sentences too ("<p>…the highest-ranking</p><p>official or…").
        return previous.page is None and block.page is None and first.islower()
    if block.page == previous.page + 1:
        return first_on_page
    if block.page != previous.page or previous.bbox is None or block.bbox is None:
        return False
    gap = block.bbox[1] - previous.bbox[3]
    # Lines of one paragraph are closer than paragraphs are (about a line apart).
    close = 0 <= gap < 0.8 * max(previous.bbox[3] - previous.bbox[1], 1) or 0 <= gap < 8
    # A Chinese line may start with any character; an English one continues in lower case.
    return close and bool(first) and (is_han(first) or first.islower())


def _join_continuations(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    page = None
    for block in blocks:
        first_on_page = block.page != page
        page = block.page
        if out and _continues(out[-1], block, first_on_page):
            previous = out[-1]
            cjk = is_cjk(previous.text[-1:] or " ") and is_cjk(block.text[:1] or " ")
            bbox = previous.bbox
            if previous.page == block.page and previous.bbox and block.bbox:
                bbox = (
                    min(previous.bbox[0], block.bbox[0]),
                    previous.bbox[1],
                    max(previous.bbox[2], block.bbox[2]),
                    block.bbox[3],
                )
            head = previous.text.rstrip() + ("" if cjk else " ")
            at = len(head) - (len(block.text) - len(block.text.lstrip()))
            continued = previous.continued
            if block.page != previous.page and block.bbox is not None:
                continued += ((len(head), block.page, block.bbox),)  # type: ignore[arg-type]
            continued += tuple((at + off, p, box) for off, p, box in block.continued)
            out[-1] = dataclasses.replace(
                previous,
                text=head + block.text.lstrip(),
                bbox=bbox,
                continued=continued,
            )
        else:
            out.append(block)
    return out


def _whole(text: str) -> list[tuple[int, int]]:
    a, b = 0, len(text)
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return [(a, b)] if a < b else []


# A "sentence" longer than this is not one a reader cites (a table or a list flattened into
# one run of text): it is cut into pieces at spaces, so no clause is too long to tag or show.
MAX_CLAUSE_CHARS = 5_000


def bounded_spans(
    text: str, spans: list[tuple[int, int]], limit: int
) -> list[tuple[int, int]]:
    """`spans` with each one longer than `limit` cut into pieces of at most `limit`
    characters, at the last whitespace before the limit where there is one."""
    out = []
    for a, b in spans:
        while b - a > limit:
            cut = text.rfind(" ", a + limit // 2, a + limit)
            cut = cut if cut > a else a + limit
            end = cut
            while end > a and text[end - 1].isspace():
                end -= 1
            out.append((a, end))
            a = cut
            while a < b and text[a].isspace():
                a += 1
        if a < b:
            out.append((a, b))
    return out


def segment(
    document: ExtractedDocument, *, max_clause_chars: int = MAX_CLAUSE_CHARS
) -> Segmentation:
    """The section tree and clauses of an extracted document; see the module docstring."""
    return _Segmenter(document, max_clause_chars).run()


_LABEL_SEP = " › "


def lead_ins(clauses: Sequence[tuple[str, str, str]]) -> list[int | None]:
    """Per clause (label, kind, text), in reading order: the index of the lead-in sentence
    its list continues ("The Commission will:" before "- propose ...; - fund ..."), or None.

    A list item's lead-in is its parent item when that ends with a colon, else the sentence
    ending with a colon just before the list began; a sentence starting in lower case after
    such a lead-in counts as an item. Works on stored clauses as on ClauseUnits and on gold
    files in reading order, because it reads only labels, kinds and texts.
    """
    result: list[int | None] = []
    colon_items: dict[str, int] = {}
    pending: int | None = None
    for index, (label, kind, text) in enumerate(clauses):
        ends_colon = text.rstrip().endswith((":", "："))
        # A sentence in lower case continues the one before it: a list item whose marker
        # the source did not keep ("The Commission will:" then "propose ...;").
        continues = kind == "sentence" and text.lstrip()[:1].islower()
        if kind == "list_item" or (continues and pending is not None):
            parent = label.rsplit(_LABEL_SEP, 1)[0] if _LABEL_SEP in label else ""
            result.append(colon_items.get(parent, pending))
            if ends_colon:
                colon_items[label] = index
            else:
                colon_items.pop(label, None)
            continue
        result.append(None)
        if kind == "heading":
            pending = None
            colon_items.clear()
        else:
            # Only the sentence right before a list leads it: any other sentence ends it.
            pending = index if ends_colon else None
    return result
