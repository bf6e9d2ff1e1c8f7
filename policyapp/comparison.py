"""The theme matrix as arithmetic: count rows and plan sizes in, cells and shading out.

Pure (no ORM): the views hand it the rows of `TagQuerySet.matrix_counts()` and the plans'
stored sizes (`Version.text_size`), so it is tested without a database.

A *commitment* is a theme on a clause whose modality is not STATEMENT (TAXONOMY.md); a
*mention* is a theme on a statement. The two are disjoint: a cell's tags are one or the other.
Normalised figures are per 10,000 words of the plan, or per 10,000 characters for Chinese,
which has no spaces to count words by.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

PER = 10_000
STANCES = ("PROMOTES", "RESTRICTS", "NEUTRAL")
# Shading steps of a cell, 0 (nothing) to LEVELS (the largest figure on screen).
LEVELS = 5

_WORD = re.compile(r"\S+")
_NON_SPACE = re.compile(r"\S")


def size_unit(lang: str) -> str:
    """What a plan's size counts: characters for Chinese, words otherwise."""
    return "characters" if lang == "zh" else "words"


def text_size(text: str, lang: str) -> int:
    """The plan's size in its unit: whitespace-separated words, or characters other than
    spaces for Chinese."""
    pattern = _NON_SPACE if lang == "zh" else _WORD
    return sum(1 for _ in pattern.finditer(text))


def plan_names(values: Iterable[str]) -> list[str]:
    """Short names from `?plans=a,b` or repeated `?plans=a&plans=b` (a picker form), once
    each, in the order given."""
    names = (name.strip() for value in values for name in value.split(","))
    return list(dict.fromkeys(name for name in names if name))


@dataclass(frozen=True)
class CountRow:
    """Counted tags of one plan version, theme, stance and kind."""

    version_id: int
    theme: str
    stance: str
    commitment: bool
    n: int


@dataclass(frozen=True)
class Plan:
    """A column of the matrix: the newest ready version of a plan and its size."""

    version_id: int
    short_name: str
    title: str
    jurisdiction: str
    language: str
    size: int

    @property
    def unit(self) -> str:
        return size_unit(self.language)


@dataclass(frozen=True)
class ByStance:
    """Figures per stance: counts, or counts per 10,000 units."""

    promotes: float = 0
    restricts: float = 0
    neutral: float = 0

    @property
    def total(self) -> float:
        return self.promotes + self.restricts + self.neutral

    def items(self) -> list[tuple[str, float]]:
        return list(zip(STANCES, (self.promotes, self.restricts, self.neutral), strict=True))

    def scaled(self, factor: float) -> ByStance:
        return ByStance(self.promotes * factor, self.restricts * factor, self.neutral * factor)


@dataclass(frozen=True)
class Cell:
    theme: str
    plan: Plan
    # Raw counts, whatever is shown.
    commitment_counts: ByStance
    mention_counts: ByStance
    # What the screen shows: the counts, or the counts per 10,000 units.
    commitments: ByStance
    mentions: ByStance
    level: int = 0

    @property
    def count(self) -> int:
        return int(self.commitment_counts.total + self.mention_counts.total)


@dataclass(frozen=True)
class Row:
    theme: str
    cells: list[Cell]


@dataclass(frozen=True)
class Matrix:
    plans: list[Plan]
    rows: list[Row]
    normalised: bool
    # The largest shown commitments figure of a cell: what the darkest shade stands for.
    peak: float = 0
    units: list[str] = field(default_factory=list)


def _by_stance(counts: dict[str, int]) -> ByStance:
    return ByStance(*(counts.get(stance, 0) for stance in STANCES))


def per_units(count: float, size: int) -> float:
    """`count` per 10,000 units of a plan of `size` units (0 for an empty plan)."""
    return count * PER / size if size else 0.0


def shade(value: float, peak: float) -> int:
    """The shading level of a figure: 0 only for nothing, LEVELS for the peak."""
    if value <= 0 or peak <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * value / peak)))


def build_matrix(
    *,
    rows: Iterable[CountRow],
    plans: Sequence[Plan],
    themes: Sequence[str],
    normalised: bool = False,
) -> Matrix:
    """Themes as rows, plans as columns; shading follows the commitments shown."""
    counts: dict[tuple[int, str, bool], dict[str, int]] = {}
    for row in rows:
        key = (row.version_id, row.theme, row.commitment)
        bucket = counts.setdefault(key, {})
        bucket[row.stance] = bucket.get(row.stance, 0) + row.n

    unshaded: list[tuple[str, list[Cell]]] = []
    for theme in themes:
        cells = []
        for plan in plans:
            commitment_counts = _by_stance(counts.get((plan.version_id, theme, True), {}))
            mention_counts = _by_stance(counts.get((plan.version_id, theme, False), {}))
            factor = per_units(1, plan.size) if normalised else 1
            cells.append(
                Cell(
                    theme=theme,
                    plan=plan,
                    commitment_counts=commitment_counts,
                    mention_counts=mention_counts,
                    commitments=commitment_counts.scaled(factor),
                    mentions=mention_counts.scaled(factor),
                )
            )
        unshaded.append((theme, cells))

    peak = max((cell.commitments.total for _, cells in unshaded for cell in cells), default=0.0)
    shaded = [
        Row(
            theme=theme,
            cells=[replace(cell, level=shade(cell.commitments.total, peak)) for cell in cells],
        )
        for theme, cells in unshaded
    ]
    return Matrix(
        plans=list(plans),
        rows=shaded,
        normalised=normalised,
        peak=peak,
        units=sorted({plan.unit for plan in plans}, reverse=True),
    )


def figure(value: float, normalised: bool) -> str:
    """A figure as the screen and the CSV print it: whole counts, or one decimal."""
    return f"{value:.1f}" if normalised else str(round(value))
