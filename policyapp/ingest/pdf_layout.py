"""One page's characters with positions and fonts -> its lines in reading order.

Pure geometry and text: no PDF library here, so both character readers
(`pdf_chars`) share it. Characters become runs (content-stream order, so
that a superscript stays with its line), runs become segments (same baseline,
adjacent), segments are put in reading order by recursive XY-cut (a vertical
cut at a gutter first, so that two columns are read one after the other; a
table row by row), and each ordered group's segments become lines.
`pdf_blocks` turns the lines of all pages into blocks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, groupby, repeat
from operator import attrgetter, itemgetter
from typing import NamedTuple

import numpy as np

from policyapp.ingest.markers import find_marker
from policyapp.ingest.normalize import (
    collapse_spaces,
    normalize_text,
)
from policyapp.ingest.pdf_chars import CharColumns, PageChars
from policyapp.ingest.script import cjk_mask


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    page: int
    # A footnote number printed small and raised at the start of the line.
    lead_mark: str = ""
    # Largest size on the line: small-caps headings print capitals larger.
    max_size: float = 0.0
    # Table cell the line belongs to (numbered from 1 on each page), 0 outside tables.
    cell: int = 0
    # Below a short rule that may separate the page's footnotes from its body.
    below_rule: bool = False


# Field getters that run at C speed over a run's characters.
_TEXT, _SIZE, _X0, _X1 = attrgetter("text"), attrgetter("size"), attrgetter("x0"), attrgetter("x1")
_STYLE = attrgetter("bold", "italic")
_TOP, _BOTTOM, _SPAN = attrgetter("top"), attrgetter("bottom"), attrgetter("x0", "x1")
_PART_COUNT = attrgetter("count")
_BASELINE, _TOP_LEFT = attrgetter("bottom", "x0"), attrgetter("top", "x0")
_COUNT = itemgetter(1)


class Part(NamedTuple):
    """A piece of a line: characters set together (no gap between them) in one size and
    style, or a space put between two pieces (`count` 0). A character whose text is
    several letters (pdfminer's "(cid:12)") is a piece of its own."""

    text: str
    x0: float  # left of its first character
    x1: float  # right of its last character
    right: float  # the rightmost right of its characters
    size: float
    bold: bool
    italic: bool
    count: int  # characters


@dataclass(slots=True)
class _Seg:
    parts: list[Part]  # the pieces, with the spaces to print between them
    x0: float
    x1: float
    top: float
    bottom: float
    sizes: Counter[float] = field(default_factory=Counter)
    styles: Counter[tuple[bool, bool]] = field(default_factory=Counter)
    # `size` once worked out; whatever changes `sizes` sets it back to None.
    _size: float | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def size(self) -> float:
        size = self._size
        if size is None:
            # most_common(1) without its heap: the first of the most frequent sizes.
            size = self._size = max(self.sizes.items(), key=_COUNT)[0] if self.sizes else 0.0
        return size

    def count(self) -> None:
        """Tally the sizes and styles of its characters, in the order they come."""
        self.sizes, self.styles, self._size = Counter(), Counter(), None
        for part in self.parts:
            if part.count:
                self.sizes[part.size] += part.count
                self.styles[part.bold, part.italic] += part.count


def _tally[T](values: Iterable[T]) -> Counter[T]:
    """Counter(values), by runs of equal values: a run of text rarely changes font."""
    counts: Counter[T] = Counter()
    for value, same in groupby(values):
        counts[value] += len(list(same))
    return counts


# A gap wider than this many font sizes between characters met one after the
# other in the content stream ends a run: it is a table cell or a column.
_RUN_GAP = 2.5
# Runs met apart in the stream join only when as close as a word space: Word
# writes table cells one after another, and a wider gap is the next cell.
_MERGE_GAP = 1.0
# Gap (in font sizes) from which a space is inserted between two characters.
_SPACE_GAP = 0.1


_new = tuple.__new__  # Part(...) without its Python-level __new__


class TypedSpace(Part):
    """A space put where the PDF prints a space glyph: a word space its author typed,
    never letter spacing (see `_close_letter_spacing`)."""

    __slots__ = ()


def _space(x0: float, x1: float, size: float) -> Part:
    return _new(Part, (" ", x0, x1, x1, size, False, False, 0))


# Whether each code point below U+3001 is white space (str.isspace); none above is.
_WHITESPACE = np.array([chr(cp).isspace() for cp in range(0x3001)])
def _ends(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Per character: whether its text is blank (empty or white space), and the code
    points of its first and last characters; and whether every text is one letter."""
    n = len(texts)
    joined = texts if isinstance(texts, str) else "".join(texts)
    if len(joined) == n:  # one character each: the common case
        codes = np.frombuffer(joined.encode("utf-32-le"), np.uint32)
        blank = _WHITESPACE[np.minimum(codes, 0x3000)] & (codes <= 0x3000)
        return blank, codes, codes, True
    blank = np.fromiter((not t or t.isspace() for t in texts), bool, n)
    first = np.fromiter((ord(t[0]) if t else 0 for t in texts), np.uint32, n)
    last = np.fromiter((ord(t[-1]) if t else 0 for t in texts), np.uint32, n)
    return blank, first, last, False


def _runs(columns: CharColumns) -> list[_Seg]:
    """Cut the character stream where it leaves the line or jumps along it.

    A character continues the run of the one drawn before it when it overlaps the
    run's height by half and the gap between them is at most `_RUN_GAP` font sizes
    (or a little negative); a space goes between them where the stream has one or
    the gap is a tenth of the size or more (none between CJK characters).

    The hot spot of the extractor, so the tests run on whole columns (numpy). Only
    the overlap needs the run's height so far; a character within the height of the
    one before it overlaps the run wholly, so only the others (a new line, a taller
    font, a superscript) are looked at one by one.
    """
    texts, x0, x1, top, bottom, size, bold, italic = columns
    if not texts:
        return []
    blank, first, last, single = _ends(texts)
    # Characters with an empty box are skipped, as if absent.
    shown = ~blank & ~((bottom <= top) | (x1 < x0))
    at = np.flatnonzero(shown)
    count = len(at)
    if not count:
        return []
    # A ligature's text mapping can add a space inside its glyph: the MOST
    # newsletter's "fi" comes out as "f", "i" and a space, all in one box
    # ("artifi cial"). Only there does the gap decide instead; an italic space
    # leaning into the letter before it is a real space.
    spaces = np.flatnonzero(blank)
    after = np.searchsorted(at, spaces)  # the shown character that follows each space
    prev = at[np.maximum(after - 1, 0)]
    piece = at[np.maximum(after - 2, 0)]
    inside = ((after >= 2) & (x0[piece] == x0[prev]) & (x1[piece] == x1[prev])
              & (x0[spaces] < x1[prev]))
    spaced = np.zeros(count + 1, bool)
    spaced[after[~inside]] = True
    # A space with a box is a glyph the PDF prints (pdfium's own spaces have none).
    typed = np.zeros(count + 1, bool)
    typed[after[~inside & (bottom[spaces] > top[spaces])]] = True

    X0, X1, TOP, BOTTOM, SIZE = x0[at], x1[at], top[at], bottom[at], size[at]
    gap = X0[1:] - X1[:-1]
    limit = np.maximum(SIZE[1:], SIZE[:-1])
    near = (gap >= -0.5 * limit) & (gap <= _RUN_GAP * limit)
    # Within the height of the character before it, which is in the run.
    level = (TOP[1:] >= TOP[:-1]) & (BOTTOM[1:] <= BOTTOM[:-1])
    # Where each run starts, and its height; a character within the height of the one
    # before it and near it continues the run and leaves its height as it is.
    starts = [0]
    heights: list[tuple[float, float]] = []
    tops, bottoms, nears, levels = TOP.tolist(), BOTTOM.tolist(), near.tolist(), level.tolist()
    run_top, run_bottom = tops[0], bottoms[0]
    for k in (np.flatnonzero(~(level & near)) + 1).tolist():
        t, b = tops[k], bottoms[k]
        if nears[k - 1] and not levels[k - 1]:
            # min() and max() written out: this loop meets every line.
            height = b - t if b - t < run_bottom - run_top else run_bottom - run_top
            overlap = (b if b < run_bottom else run_bottom) - (t if t > run_top else run_top)
            if overlap >= 0.5 * height:
                if t < run_top:
                    run_top = t
                if b > run_bottom:
                    run_bottom = b
                continue
        starts.append(k)
        heights.append((run_top, run_bottom))
        run_top, run_bottom = t, b
    heights.append((run_top, run_bottom))

    # The spaces put between the characters of a run.
    cjk = cjk_mask(first[at[1:]]) | cjk_mask(last[at[:-1]])
    put = spaced[:count].copy()
    put[1:] |= (gap > _SPACE_GAP * np.minimum(SIZE[1:], SIZE[:-1])) & ~cjk
    put[starts] = False
    # Pieces: characters set together in one size and style, each after a space or not.
    BOLD, ITALIC = bold[at], italic[at]
    restyled = np.zeros(count, bool)
    restyled[1:] = (SIZE[1:] != SIZE[:-1]) | (BOLD[1:] != BOLD[:-1]) | (ITALIC[1:] != ITALIC[:-1])
    cut = put | restyled
    cut[starts] = True
    if not single:  # a character of several letters is a piece of its own
        several = np.fromiter((len(texts[i]) != 1 for i in at.tolist()), bool, count)
        cut |= several
        cut[1:] |= several[:-1]
    piece_at = np.flatnonzero(cut)
    piece_end = np.append(piece_at[1:], count)
    shown_codes = first[at]
    if single and shown_codes.all():  # NUL between the pieces, then split there
        marked = np.insert(shown_codes, piece_at[1:], 0)
        piece_texts = marked.tobytes().decode("utf-32-le").split("\x00")
    else:  # a NUL in the text, or characters of several letters: piece by piece
        bounds = zip(piece_at.tolist(), piece_end.tolist(), strict=True)
        shown_texts = [texts[i] for i in at.tolist()]
        piece_texts = ["".join(shown_texts[a:b]) for a, b in bounds]
    pieces = list(map(_new, repeat(Part), zip(
        piece_texts, X0[piece_at].tolist(), X1[piece_end - 1].tolist(),
        np.maximum.reduceat(X1, piece_at).tolist(), SIZE[piece_at].tolist(),
        BOLD[piece_at].tolist(), ITALIC[piece_at].tolist(), (piece_end - piece_at).tolist(),
        strict=True)))
    spaced_piece = put[piece_at]
    put_at = piece_at[spaced_piece]
    kinds = (Part, TypedSpace)
    ends_at = X0[put_at].tolist()  # a space's right end is its rightmost
    new_spaces = list(map(_new, map(kinds.__getitem__, typed[put_at].tolist()), zip(
        repeat(" "), X1[put_at - 1].tolist(), ends_at, ends_at,
        SIZE[put_at].tolist(), repeat(False), repeat(False), repeat(0))))
    # Pieces and spaces in stream order, in one array to slice the runs from.
    position = np.arange(len(piece_at)) + np.cumsum(spaced_piece)
    stream = np.empty(len(piece_at) + len(put_at), object)
    stream[position] = np.fromiter(pieces, object, len(pieces))
    stream[position[spaced_piece] - 1] = np.fromiter(new_spaces, object, len(new_spaces))

    # A run's sizes and styles, tallied at once where they do not change along it.
    changes = np.cumsum(restyled)
    ends = np.array([*starts[1:], count])
    mixed = (changes[ends - 1] != changes[starts]).tolist()
    right = np.maximum.reduceat(X1, starts).tolist()
    left = X0[starts].tolist()
    sizes, bolds, italics = SIZE.tolist(), BOLD.tolist(), ITALIC.tolist()
    first_piece = np.searchsorted(piece_at, starts)
    last_piece = np.append(first_piece[1:], len(piece_at)) - 1
    runs: list[_Seg] = []
    for s, e, p0, p1, (run_top, run_bottom), x0_, x1_, mixed_ in zip(
            starts, ends.tolist(), position[first_piece].tolist(), position[last_piece].tolist(),
            heights, left, right, mixed, strict=True):
        if mixed_:
            size_tally = _tally(sizes[s:e])
            style_tally = _tally(zip(bolds[s:e], italics[s:e], strict=True))
        else:
            size_tally, style_tally = Counter(), Counter()
            size_tally[sizes[s]] = style_tally[bolds[s], italics[s]] = e - s
        runs.append(_Seg(stream[p0:p1 + 1].tolist(), x0_, x1_, run_top, run_bottom,
                         size_tally, style_tally))
    return runs


def _merge_runs(runs: list[_Seg]) -> list[_Seg]:
    """Join runs that sit side by side on one baseline (the stream split them)."""
    segs: list[_Seg] = []
    for run in sorted(runs, key=_TOP_LEFT):
        size = run.size
        top, bottom = run.top, run.bottom
        for seg in reversed(segs[-12:]):
            # The overlap of the two heights, min() and max() written out (a hot loop).
            height = bottom - top if bottom - top < seg.bottom - seg.top else seg.bottom - seg.top
            overlap = ((bottom if bottom < seg.bottom else seg.bottom)
                       - (top if top > seg.top else seg.top))
            if overlap < 0.5 * height:
                continue
            limit = _MERGE_GAP * max(size, seg.size)
            if 0 <= run.x0 - seg.x1 + 0.5 <= limit + 0.5:
                if run.x0 - seg.x1 > _SPACE_GAP * size:
                    seg.parts.append(_space(seg.x1, run.x0, size))
                seg.parts.extend(run.parts)
            elif 0 <= seg.x0 - run.x1 + 0.5 <= limit + 0.5:
                if seg.x0 - run.x1 > _SPACE_GAP * size:
                    run.parts.append(_space(run.x1, seg.x0, size))
                seg.parts[:0] = run.parts
            else:
                continue
            seg.x0, seg.x1 = min(seg.x0, run.x0), max(seg.x1, run.x1)
            seg.top, seg.bottom = min(seg.top, run.top), max(seg.bottom, run.bottom)
            seg.sizes.update(run.sizes)
            seg.styles.update(run.styles)
            seg._size = None
            break
        else:
            segs.append(run)
    return segs


# A gap inside a segment at least this wide (font sizes) may be a narrow gutter.
_NARROW_GUTTER = 0.5
# How far up and down (font sizes) a column's left edge is looked for around a line.
_EDGE_REACH = 5.0


def _split_at_column_edges(segs: list[_Seg]) -> list[_Seg]:
    """Cut segments that run across a narrow gutter between table columns.

    A table printed with a narrow gap between columns has lines whose last word
    of one column and first word of the next are no farther apart than a wide
    word space, so they read as one segment ("... will update thereafter").
    A gap counts as a gutter only where the gutter runs down the block: other
    lines above and below start exactly where the gap ends.
    """
    starts: dict[int, list[float]] = {}
    for seg in segs:
        starts.setdefault(round(seg.x0), []).append(seg.top)
    edges = {x: tops for x, tops in starts.items() if len(tops) >= 2}
    if not edges:
        return segs
    out: list[_Seg] = []
    for seg in segs:
        pieces = _cut_at_edges(seg, edges) if seg.x1 - seg.x0 > 40 else None
        out.extend(pieces or [seg])
    return out


def _cut_at_edges(seg: _Seg, edges: dict[int, list[float]]) -> list[_Seg] | None:
    size = seg.size or 1.0
    reach = _EDGE_REACH * size
    parts = seg.parts
    cuts: list[int] = []
    spaces = map(" ".__eq__, map(_TEXT, parts[1:-1]))
    for i in compress(range(1, len(parts) - 1), spaces):
        before, after = parts[i - 1], parts[i + 1]
        if after.x0 - before.x1 < _NARROW_GUTTER * size:
            continue
        for x in (round(after.x0), round(after.x0) - 1, round(after.x0) + 1):
            tops = edges.get(x)
            if tops and sum(1 for t in tops if abs(t - seg.top) <= reach and t != seg.top) >= 2:
                cuts.append(i)
                break
    if not cuts:
        return None
    pieces: list[_Seg] = []
    start = 0
    for cut in [*cuts, len(parts)]:
        chunk = [c for c in parts[start:cut] if c.text != " " or c is not parts[start]]
        while chunk and chunk[0].text == " ":
            chunk.pop(0)
        if chunk:
            visible = [c for c in chunk if c.text != " "]
            piece = _Seg(chunk, visible[0].x0, max(c.right for c in visible), seg.top, seg.bottom)
            piece.count()
            pieces.append(piece)
        start = cut + 1
    return pieces


# A gutter must be this wide (points) and leave this much text on each side.
_MIN_GUTTER = 5.0
_MIN_COLUMN = 60.0


# A group of segments read together, and whether it is one cell of a table.
_Group = tuple[list[_Seg], bool]


def _xy_cut(segs: list[_Seg]) -> list[_Group]:
    """Order segments: a vertical cut at a gutter first, else the widest horizontal gap.

    Where the columns either side of a gutter are cut into rows by gaps that
    run across them all, the region is a table: it is read row by row, one
    group per cell, instead of column by column.
    """
    if len(segs) <= 1:
        return [(segs, False)]
    # The narrowest gutter a label's cell needs; with none, there is no column either.
    narrow = _vertical_cut(segs, min_segments=1, min_column=12.0)
    cut = None if narrow is None else _vertical_cut(segs)
    if cut is not None:
        rows = _table_rows(segs, cut)
        if rows:
            return [(cell, True) for row in rows for cell in _cells(row)]
        left = [s for s in segs if s.x1 <= cut]
        right = [s for s in segs if s.x1 > cut]
        return _xy_cut(left) + _xy_cut(right)
    side = None if narrow is None else _side_label(segs, narrow)
    if side is not None:
        # A box of two cells: the label, then what it labels.
        label, text = side
        return [(label, True), (text, True)]
    by_top = sorted(segs, key=_TOP)
    gaps: list[tuple[float, int]] = []
    reach = by_top[0].bottom
    for i, seg in enumerate(by_top[1:], 1):
        gap = seg.top - reach
        if gap > 0:
            gaps.append((gap, i))
        if seg.bottom > reach:  # max() written out, here and below: called at every level
            reach = seg.bottom
    if not gaps:
        return [(segs, False)]
    gaps.sort(key=lambda g: -g[0])
    # The widest gap, unless it would part headings set side by side from the columns
    # they head (the headings would be read as one line).
    at = next((i for _, i in gaps if not _heads_columns(by_top[:i], by_top[i:])), gaps[0][1])
    return _xy_cut(by_top[:at]) + _xy_cut(by_top[at:])


def _side_label(segs: list[_Seg], cut: float) -> tuple[list[_Seg], list[_Seg]] | None:
    """A label in a cell of its own beside a paragraph ("Description" left of a box's
    text, level with its middle), and the paragraph: each is a cell, or the label
    is read into the middle of the line it is level with. `cut` is the narrowest
    gutter between them (`_vertical_cut` with `min_column=12`)."""
    left = [s for s in segs if s.x1 <= cut]
    right = [s for s in segs if s.x1 > cut]
    for label, text in ((left, right), (right, left)):
        if len(label) != 1 or len(text) < 3:
            continue
        (seg,) = label
        words = _plain(seg)
        lines = sorted(text, key=lambda s: s.top)
        aligned = max(s.x0 for s in lines) - min(s.x0 for s in lines) <= 2
        # Beside the paragraph, below the level of its first line.
        inside = lines[0].top + 0.5 * seg.size < seg.top and seg.bottom <= lines[-1].bottom + 1
        if aligned and inside and sum(c.isalpha() for c in words) >= 2 and len(words) <= 40:
            return label, text
    return None


def _heads_columns(upper: list[_Seg], lower: list[_Seg]) -> bool:
    """Whether the last row above a gap is headings side by side over the columns they
    head: one bold or larger line each side of a gutter, over lines of running text
    (not a grid's marks) that split at the same gutter."""
    bottom = max(map(_BOTTOM, upper))
    row = [s for s in upper if s.bottom >= bottom - 0.25 * max(s.size, 1.0)]
    cut = _vertical_cut(row, min_segments=1) if len(row) == 2 else None
    if cut is None:
        return False
    sizes = sorted(s.size for s in lower)
    first_band = _bands(lower, 0.8 * sizes[len(sizes) // 2])[0]
    if _vertical_cut(row + first_band) is None:
        return False
    text_size = max(s.size for s in first_band)
    if not all(s.styles.most_common(1)[0][0][0] or s.size > text_size + 0.5 for s in row):
        return False
    sides = ([s for s in first_band if s.x1 <= cut], [s for s in first_band if s.x0 >= cut])
    return all(any(s.x1 - s.x0 >= _MIN_COLUMN for s in side) for side in sides)


def _bands(segs: list[_Seg], min_gap: float) -> list[list[_Seg]]:
    """Split at every horizontal gap of at least `min_gap` that crosses all segments."""
    by_top = sorted(segs, key=lambda s: s.top)
    bands = [[by_top[0]]]
    reach = by_top[0].bottom
    for seg in by_top[1:]:
        if seg.top - reach >= min_gap:
            bands.append([])
        bands[-1].append(seg)
        if seg.bottom > reach:
            reach = seg.bottom
    return bands


def _table_rows(segs: list[_Seg], cut: float) -> list[list[_Seg]] | None:
    """The rows of a table, or None when the two sides of the gutter are columns of text.

    A table's rows are set apart by gaps wider than the leading that cross
    every column, and at least two rows fill both sides of the gutter with
    cells whose first lines start level (or one row fills three cells); two
    columns of running text rarely break a paragraph at the same height twice.
    """
    grid = _grid_rows(segs, cut)
    if grid is not None:
        return grid
    sizes = sorted(s.size for s in segs)
    rows = _bands(segs, 0.8 * sizes[len(sizes) // 2])
    both = 0
    wide = False
    for row in rows:
        left = [s.top for s in row if s.x1 <= cut]
        right = [s.top for s in row if s.x1 > cut]
        if left and right and abs(min(left) - min(right)) <= 2.0:
            both += 1
            # Three cells side by side: no prose page is set in three columns
            # this close, so one such row is enough (a table's last row on a page).
            wide = wide or len(_cells(row)) >= 3
    if both == 2 and not wide and _headed_columns(rows, cut):
        return None
    if both < 2 and not wide or _list_columns(rows, cut):
        return None
    return _continued_rows(rows)


def _continued_rows(rows: list[list[_Seg]]) -> list[list[_Seg]]:
    """Join to the row above each band that leaves the table's first column empty: the
    rest of a cell taller than its row's others, whose lines are set apart (bullets under
    "including by:" in the UK response's Recommendation 50), not a row of its own."""
    left = min(s.x0 for row in rows for s in row)
    out = [rows[0]]
    for row in rows[1:]:
        size = max(s.size for s in row)
        if min(s.x0 for s in row) > left + size:
            out[-1] = out[-1] + row
        else:
            out.append(row)
    return out


def _list_columns(rows: list[list[_Seg]], cut: float) -> bool:
    """Two columns of list items whose items happen to line up, not a table: every row
    that holds text on both sides of the gutter opens with a list marker of one kind on
    each side ("•" and "•"), as a list's items do and a table's cells rarely do both."""
    full = 0
    for row in rows:
        sides = [[s for s in row if (s.x1 <= cut) == left] for left in (True, False)]
        if not all(sides):
            continue
        kinds = {find_marker(_first_line(side))[0] for side in sides}
        if len(kinds) != 1 or "" in kinds:
            return False
        full += 1
    return full >= 2


def _first_line(segs: list[_Seg]) -> str:
    """The text of the topmost line of these segments (a bullet and its text may be two)."""
    top = min(segs, key=attrgetter("top"))
    line = [s for s in segs if abs(s.bottom - top.bottom) <= 0.25 * max(top.size, 1.0)]
    return " ".join("".join(map(_TEXT, s.parts)) for s in sorted(line, key=attrgetter("x0")))


def _headed_columns(rows: list[list[_Seg]], cut: float) -> bool:
    """Two columns of running text under a heading each, not a table of two rows: the
    first row holds one line on each side of the gutter, in bold or larger than the
    lines of the row under it, which are several on each side."""
    if len(rows) != 2:
        return False
    heads, text = rows
    sides = [[s for s in row if (s.x1 <= cut) == left] for row in rows for left in (True, False)]
    if [len(side) for side in sides[:2]] != [1, 1] or min(len(side) for side in sides[2:]) < 2:
        return False
    size = max(s.size for s in text)
    return all(s.styles.most_common(1)[0][0][0] or s.size > size + 0.5 for s in heads)


# A tick-box column holds marks this short ("x", "Q2", "✓").
_MARK_CHARS = 3


def _grid_rows(segs: list[_Seg], cut: float) -> list[list[_Seg]] | None:
    """The rows of a timeline or tick-box grid: text on the left of the gutter, and on
    its right only short marks set level with the text's lines ("x x Q2"). Its rows
    touch, so every line is a row of its own."""
    right = [s for s in segs if s.x1 > cut]
    marks = [s for s in right if len(_plain(s)) <= _MARK_CHARS]
    if len(marks) < 4 or len(marks) < 0.8 * len(right):
        return None
    rows = _bands(segs, 0.0)
    return rows if len(rows) >= 2 else None


def _plain(seg: _Seg) -> str:
    return "".join(c.text for c in seg.parts if c.text != " ")


def _cells(row: list[_Seg]) -> list[list[_Seg]]:
    cut = _vertical_cut(row, min_segments=1, min_column=12.0)
    if cut is None:
        return [row]
    return (_cells([s for s in row if s.x1 <= cut])
            + _cells([s for s in row if s.x1 > cut]))


def _vertical_cut(segs: list[_Seg], *, min_segments: int = 2, min_column: float = _MIN_COLUMN
                  ) -> float | None:
    if len(segs) < 2 * min_segments:
        return None
    spans = sorted(map(_SPAN, segs))
    left_edge = spans[0][0]
    right_edge = max(map(_X1, segs))
    reach = spans[0][1]
    best: tuple[float, float] | None = None
    for x0, x1 in spans[1:]:
        gap = x0 - reach
        if (gap >= _MIN_GUTTER and reach - left_edge >= min_column
                and right_edge - x0 >= min_column and (best is None or gap > best[0])):
            best = (gap, reach + gap / 2)
        if x1 > reach:
            reach = x1
    if best is None:
        return None
    # Both sides must hold more than one line, or a lone label beside a
    # paragraph ("Recommendation 5", a side note) would count as a column.
    cut = best[1]
    left = sum(1 for s in segs if s.x1 <= cut)
    return cut if left >= min_segments and len(segs) - left >= min_segments else None


def _seg_text(parts: list[Part], size: float, text: str) -> tuple[str, str]:
    """The segment's text, footnote references removed, and its leading footnote mark.

    A footnote reference is printed small after a word ("policymaking35"); it
    is not part of the sentence, so it is dropped from the text. Small digits
    at the very start of a line are a footnote's own number: returned apart. `text` is
    the parts' texts joined.
    """
    small = 0.8 * size
    if min(map(_SIZE, parts)) >= small or not any(
            map(_holds_sign, compress(map(_TEXT, parts), map(small.__gt__, map(_SIZE, parts))))):
        return normalize_text(text), ""
    # (text, size), small pieces character by character: only those can be marks.
    chars: list[tuple[str, float]] = []
    for part in parts:
        if part.count > 1 and part.size < small:
            chars.extend(zip(part.text, repeat(part.size)))
        else:
            chars.append((part.text, part.size))
    out: list[str] = []
    lead: list[str] = []
    at_start = True
    for i, (text, char_size) in enumerate(chars):
        if char_size < small and _footnote_sign(text):
            if at_start:
                lead.append(text)
                continue
            before = chars[i - 1][0] if i else ""
            if before and (before[-1].isalnum() or before[-1] in ".,;:)”’\"'" or
                           chars[i - 1][1] < small):
                continue
        if text == " " and at_start and lead:
            continue
        at_start = False
        out.append(text)
    return normalize_text("".join(out)), "".join(lead).strip(",")


def _footnote_sign(text: str) -> bool:
    return (text.isdigit() or text in "*†‡,") and text != " "


def _holds_sign(text: str) -> bool:
    """Whether a piece's text is, or holds a letter that is, a footnote sign."""
    return _footnote_sign(text) or any(map(_footnote_sign, text))


# Letter-spaced text ("f i r s t  M a r s"): at least this many letters in a row, each
# set apart by a gap under this many font sizes, read as words.
_SPACED_LETTERS = 4
_LETTER_SPACING = 0.35
# Wider letter spacing ("P H A S E  1") is read as words only where the gaps fall in two
# kinds: the letters' even gaps, and word gaps at least this many times as wide. A grid's
# tick marks ("x  x  x") are evenly spaced, or one mark repeated.
_WORD_GAP_RATIO = 1.5
_WIDEST_LETTER_SPACING = 1.5


def _close_letter_spacing(parts: list[Part], text: str) -> list[Part]:
    """Drop the spaces that letter spacing put between the letters of a word.

    A space the layout inserted records the gap it fills (x0 to x1). Where four or more
    single letters follow one another with inserted spaces, the narrowest of those gaps
    is the letter spacing; gaps no wider than it (plus a tenth of the size) are not word
    spaces. Spacing of a third of an em or more is closed only where the gaps read as
    letter spacing (see `_spaced_words`); wide, even gaps (tick marks in a table,
    "x x x") are left alone. A space the PDF prints as a glyph is typed, so never
    letter spacing ("labelled A B C D"), and a letter that touches a word is that
    word's ("d" of "labelled"). `text` is the parts' texts joined; the parts are returned
    as they are when nothing is closed.
    """
    chain = "[^ ]" + " [^ ]" * (_SPACED_LETTERS - 1)  # the least a chain needs (re caches it)
    if not re.search(chain, text):
        # The search finds every chain if each piece's text has a letter per character
        # (no piece has fewer, and a space one): then there is none.
        counts = list(map(_PART_COUNT, parts))
        if len(text) == sum(counts) + counts.count(0):
            return parts
    out: list[Part] = []
    i, n = 0, len(parts)
    while i < n:
        j = i
        # parts[i], parts[i+2], ... single letters; parts[i+1], ... inserted spaces.
        while (j + 2 < n and parts[j].count == 1 and parts[j + 1].text == " "
               and parts[j + 1].x1 > parts[j + 1].x0 and parts[j + 2].count == 1):
            j += 2
        first = i + 2 if i > 0 and parts[i - 1].text != " " else i
        last = j - 2 if j + 1 < n and parts[j + 1].text != " " else j
        if last - first < 2 * (_SPACED_LETTERS - 1) or sum(
                1 for k in range(first, last + 1, 2) if parts[k].text.isalpha()) < _SPACED_LETTERS:
            # No chain can start inside this one and run past its end: skip it whole.
            out.extend(parts[i:j + 1])
            i = j + 1
            continue
        out.extend(parts[i:first])
        size = parts[first].size or 1.0
        spaces = parts[first + 1:last:2]
        gaps = [c.x1 - c.x0 for c in spaces]
        typed = [type(c) is TypedSpace for c in spaces]
        spacing = min((g for g, t in zip(gaps, typed, strict=True) if not t), default=None)
        if spacing is None or (spacing >= _LETTER_SPACING * size and not _spaced_words(
                parts[first:last + 1:2], gaps, typed, spacing, size)):
            out.extend(parts[first:last + 1])
        else:
            out.append(parts[first])
            for space, gap, is_typed, letter in zip(spaces, gaps, typed, parts[first + 2:last + 1:2],
                                                    strict=True):
                if is_typed or gap > spacing + 0.1 * size:
                    out.append(space)
                out.append(letter)
        out.extend(parts[last + 1:j + 1])
        i = j + 1
    return out


def _spaced_words(letters: list[Part], gaps: list[float], typed: list[bool], spacing: float,
                  size: float) -> bool:
    """Whether widely spaced letters are words ("F R E N C H   C O M P A N I E S"): the
    narrowest gaps (`spacing`) are even (within a tenth of the size), the letters are not
    one mark repeated, and every other gap is a word gap clearly wider than them or,
    where there is none, the letters are a word set an even distance apart, not marks
    set at an even pitch as a table's columns are ("C O N C L U S I O N S" alone on its
    line, but not the column heads "A  B  C  D")."""
    if spacing > _WIDEST_LETTER_SPACING * size or len({c.text for c in letters}) < 3:
        return False
    words = [g for g, t in zip(gaps, typed, strict=True) if t or g > spacing + 0.1 * size]
    if words:
        return min(words) >= _WORD_GAP_RATIO * spacing
    return _evenly_apart(letters, gaps)


def _evenly_apart(letters: list[Part], gaps: list[float]) -> bool:
    """Whether the gaps between the letters are more even than their positions: letter
    spacing adds the same space after letters of different widths, while a table puts
    its columns' marks at an even pitch, left, centred or right."""
    def spread(values: list[float]) -> float:
        return max(values) - min(values)

    pairs = list(zip(letters, letters[1:], strict=False))
    pitches = (
        [b.x0 - a.x0 for a, b in pairs],
        [b.x1 - a.x1 for a, b in pairs],
        [(b.x0 + b.x1 - a.x0 - a.x1) / 2 for a, b in pairs],
    )
    return spread(gaps) < min(spread(p) for p in pitches)


def page_lines(page: PageChars) -> list[Line]:
    """The page's lines in reading order."""
    segs = _split_at_column_edges(_merge_runs(_runs(page.char_columns())))
    lines: list[Line] = []
    cells = 0
    for group, in_table in _xy_cut(segs):
        if in_table:
            cells += 1
        group.sort(key=_BASELINE)
        rows: list[list[_Seg]] = []
        for seg in group:
            # Segments of one row share a baseline (bottom); a raised superscript
            # alone in a segment does not, and stays on its own row.
            if rows and abs(rows[-1][0].bottom - seg.bottom) <= 0.25 * max(seg.size, 1.0):
                rows[-1].append(seg)
            else:
                rows.append([seg])
        rows.sort(key=lambda row: min(s.top for s in row))
        for row in rows:
            if len(row) == 1:  # most lines: the segment's own parts and tallies
                (seg,) = row
                parts, sizes, styles = seg.parts, seg.sizes, seg.styles
            else:
                row.sort(key=_X0)
                parts = []
                sizes = Counter()
                styles = Counter()
                for seg in row:
                    if parts:
                        parts.append(_space(parts[-1].x1, seg.x0, seg.size))
                    parts.extend(seg.parts)
                    sizes.update(seg.sizes)
                    styles.update(seg.styles)
            # max() is most_common(1) without its heap: the first of the most frequent.
            size = max(sizes.items(), key=_COUNT)[0]
            text = "".join(map(_TEXT, parts))
            closed = _close_letter_spacing(parts, text)
            if closed is not parts:
                text = "".join(map(_TEXT, closed))
            text, lead = _seg_text(closed, size, text)
            text = collapse_spaces(text)
            if not text and not lead:
                continue
            bold, italic = max(styles.items(), key=_COUNT)[0]
            lines.append(Line(
                text=text, x0=min(s.x0 for s in row), x1=max(s.x1 for s in row),
                top=min(s.top for s in row), bottom=max(s.bottom for s in row),
                size=size, bold=bold, italic=italic, page=page.number, lead_mark=lead,
                max_size=max(sizes), cell=cells if in_table else 0,
            ))
    _mark_below_rule(lines, page.rules)
    return lines


def _mark_below_rule(lines: list[Line], rules: list[tuple[float, float, float]]) -> None:
    """Mark the lines under the lowest short rule that has body text above it and
    lines starting at its left end below it (a footnote separator)."""
    for x0, _x1, y in sorted(rules, key=lambda rule: -rule[2]):
        below = [ln for ln in lines if ln.top >= y - 1]
        if (below and any(ln.bottom <= y for ln in lines)
                and any(abs(ln.x0 - x0) <= 12 for ln in below)):
            for ln in below:
                ln.below_rule = True
            return
