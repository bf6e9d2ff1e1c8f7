"""Blocks become a section tree and clauses (pure: no ORM).

Contract used by services and the `extract` command:
- `Segmentation.text` is the version's normalised text; for every clause
  `text[clause.start:clause.end] == clause.text` (Unicode code points).
- Sections and clauses are in reading order; `SectionNode.parent` and
  `ClauseUnit.section` are indexes into `Segmentation.sections`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from policyapp.ingest.base import BBox, ExtractedDocument

ClauseKind = Literal["sentence", "list_item", "heading", "table_cell"]


@dataclass(frozen=True)
class SectionNode:
    parent: int | None
    # Position among its siblings, from 1.
    ordinal: int
    # Numbering as printed ("II", "（十一）", "3."), "" when the heading has none.
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


def segment(document: ExtractedDocument) -> Segmentation:
    raise NotImplementedError("segmentation lands with the ingest issue")
