"""What every extractor returns: a flat list of blocks in reading order.

Extractors are pure: bytes in, dataclasses out, no ORM. Segmentation
(`policyapp.segment`) turns the blocks into a section tree and clauses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

BlockKind = Literal["heading", "paragraph", "list_item", "table_cell", "footnote"]

# x0, top, x1, bottom in PDF points, origin at the top left of the page.
BBox = tuple[float, float, float, float]

# Called with (pages done, pages in all) while an extractor works.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Block:
    text: str
    kind: BlockKind
    # Heading depth (1 is the top) or list nesting depth (1 is the outermost list).
    level: int = 0
    # 1-based page of the block's first line; None for formats without pages.
    page: int | None = None
    bbox: BBox | None = None
    # Numbering or bullet as printed, kept apart from `text`: "1.", "（一）", "•", "II.".
    marker: str = ""
    # Where the text runs on to a later page: (offset in `text`, page, bbox on that page),
    # in order; the text before the first offset is on `page` within `bbox`.
    continued: tuple[tuple[int, int, BBox], ...] = ()

    def place_at(self, offset: int) -> tuple[int | None, BBox | None]:
        """Page and box of the character at `offset` of `text`: a sentence cites the
        page where it starts."""
        page, bbox = self.page, self.bbox
        for at, later_page, later_bbox in self.continued:
            if at > offset:
                break
            page, bbox = later_page, later_bbox
        return page, bbox


@dataclass(frozen=True)
class ExtractedDocument:
    title: str
    lang: str
    pages: int
    blocks: list[Block]
    # Pages recognised as a table of contents; their lines are not among `blocks`.
    toc_pages: list[int] = field(default_factory=list)
    # The number printed on each page ("i", "4"), index 0 for page 1; empty when the file
    # defines none. Analysts cite these; links use the physical page.
    page_labels: list[str] = field(default_factory=list)

    def page_label(self, page: int | None) -> str:
        if page is None:
            return ""
        if 0 < page <= len(self.page_labels) and self.page_labels[page - 1]:
            return self.page_labels[page - 1]
        return str(page)


class Extractor(Protocol):
    def extract(self, data: bytes, *, progress: Progress | None = None) -> ExtractedDocument: ...
