"""Characters and their fonts from a PDF, by pypdfium2 (fast) or pdfplumber (reference).

Both readers yield the same `PageChars` so that one layout code
(`pdf_layout`, `pdf_blocks`) serves both; a corpus test checks that they agree.
"""

from __future__ import annotations

import ctypes
import dataclasses
import logging
import math
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import itemgetter
from typing import Any, NamedTuple

from policyapp.ingest.errors import CorruptFile, EncryptedPdf


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool


class CharColumns(NamedTuple):
    """A page's characters as columns: their texts (a string when each is one letter),
    and their numbers as arrays (numpy), for the layout's per-character arithmetic."""

    text: Sequence[str]
    x0: Any
    x1: Any
    top: Any
    bottom: Any
    size: Any
    bold: Any
    italic: Any


def char_columns(chars: Sequence[Char]) -> CharColumns:
    """The columns of characters that came without them (pdfplumber, ligature pages)."""
    import numpy as np

    n = len(chars)
    floats = (np.fromiter(map(itemgetter(i), chars), np.float64, n) for i in range(1, 6))
    flags = (np.fromiter(map(itemgetter(i), chars), bool, n) for i in (6, 7))
    return CharColumns(list(map(itemgetter(0), chars)), *floats, *flags)


class _CharsOfColumns(Sequence[Char]):
    """A page's characters made from its columns only when asked for: the layout reads
    the columns, so the fast reader spends nothing on one object per character."""

    def __init__(self, columns: CharColumns) -> None:
        self.columns = columns
        self._chars: list[Char] | None = None

    def _list(self) -> list[Char]:
        if self._chars is None:
            c = self.columns
            self._chars = list(map(tuple.__new__, repeat(Char), zip(
                c.text, *(column.tolist() for column in c[1:]), strict=True)))
        return self._chars

    def __len__(self) -> int:
        return len(self.columns.text)

    def __getitem__(self, index: Any) -> Any:
        return self._list()[index]

    def __iter__(self) -> Iterator[Char]:
        return iter(self._list())


@dataclass(frozen=True)
class PageChars:
    number: int
    width: float
    height: float
    # In content-stream order, which is reading order within a run of text.
    chars: Sequence[Char]
    # Short horizontal rules (x0, x1, y from the top) that may separate footnotes.
    rules: list[tuple[float, float, float]] = dataclasses.field(default_factory=list)
    # The same characters as columns, when the reader has them at hand.
    columns: CharColumns | None = None

    @classmethod
    def of_columns(cls, number: int, width: float, height: float, columns: CharColumns,
                   rules: list[tuple[float, float, float]]) -> PageChars:
        return cls(number, width, height, _CharsOfColumns(columns), rules, columns)

    def texts(self) -> Sequence[str]:
        """Each character's text."""
        if self.columns is not None:
            return self.columns.text
        return list(map(itemgetter(0), self.chars))

    def char_columns(self) -> CharColumns:
        return self.columns if self.columns is not None else char_columns(self.chars)


def short_rule(x0: float, x1: float, top: float, bottom: float, width: float, height: float
               ) -> tuple[float, float, float] | None:
    """A thin horizontal line in the lower part of the page, shorter than the text is
    wide (a footnote separator), as (x0, x1, y); None for anything else."""
    if bottom - top <= 2.0 and 30.0 <= x1 - x0 <= 0.6 * width and top > 0.4 * height:
        return (x0, x1, (top + bottom) / 2)
    return None


_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)


def font_style(fontname: str) -> tuple[bool, bool]:
    """(bold, italic) from a font's name: the one signal both libraries report alike."""
    name = _SUBSET_PREFIX.sub("", fontname)
    return bool(_BOLD.search(name)), bool(_ITALIC.search(name))


_SPACE = Char(" ", 0.0, 0.0, 0.0, 0.0, 0.0, False, False)

ENCRYPTED_MESSAGE = (
    "This PDF is protected by a password, so its text cannot be read. "
    "Remove the password (open it and save or print it as a new PDF) and upload that copy."
)
CORRUPT_MESSAGE = (
    "This PDF is damaged or incomplete and cannot be read. "
    "Download or export it again and upload the new copy."
)


def _typed(function: object, restype: type, *argtypes: type) -> Callable[..., Any]:
    """A pdfium function taking plain addresses (ints) where pypdfium2 wants its typed
    pointers, which cost more to convert than the call itself."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def _untyped(function: object, restype: type) -> Callable[..., Any]:
    """A pdfium function that takes its arguments as given: pointers as c_void_p
    instances, integers as C ints. Converting each argument to declared types
    costs more than the calls made once per character themselves."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype)(address)


# A glyph box taller than this many font sizes comes from a font's stray metrics.
_TALL = 1.6


def _baseline_box(baseline: float, size: float) -> tuple[float, float]:
    """(top, bottom) of an ordinary glyph of this size standing on this baseline."""
    return baseline - 0.8 * size, baseline + 0.2 * size


def _share_ligature_box(chars: list[Char], right: float) -> float:
    """Narrow the ligature's earlier letters to their share of its box; return the new
    letter's left edge. `chars[-k:]` are the letters already given the whole box."""
    last = chars[-1]
    k = 1
    while (k < len(chars) and chars[-k - 1].x0 == last.x0 and chars[-k - 1].x1 == last.x1
           and chars[-k - 1].top == last.top):
        k += 1
    share = (right - last.x0) / (k + 1)
    for j in range(k):
        c = chars[-k + j]
        x0 = last.x0 + j * share
        chars[-k + j] = c._replace(x0=x0, x1=x0 + share)
    return last.x0 + k * share


def read_pdfium(data: bytes, indexes: Iterable[int] | None = None
                ) -> tuple[int, Iterator[PageChars]]:
    """Open with pypdfium2; returns the page count and a lazy iterator over the
    pages, all in order or those of `indexes` (0-based) in its order. Each index
    is taken from `indexes` only when its page is about to be read."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise EncryptedPdf(ENCRYPTED_MESSAGE) from error
        raise CorruptFile(CORRUPT_MESSAGE) from error

    def pages() -> Iterator[PageChars]:
        reader = _PdfiumText(raw)
        try:
            for index in range(len(document)) if indexes is None else indexes:
                page = document[index]
                height = page.get_height()
                textpage = page.get_textpage()
                chars, columns = reader.chars(textpage, height)
                textpage.close()
                width = page.get_width()
                rules = []
                for left, bottom, right, top in reader.path_bounds(page.raw):
                    rule = short_rule(left, right, height - top, height - bottom, width, height)
                    if rule:
                        rules.append(rule)
                if columns is None:
                    yield PageChars(index + 1, width, height, chars or [], rules)
                else:
                    yield PageChars.of_columns(index + 1, width, height, columns, rules)
                page.close()
        finally:
            document.close()

    return len(document), pages()


class _PdfiumText:
    """A page's characters from a pdfium text page, in few Python steps per character.

    pdfium has no call that returns many character boxes at once, so the two
    calls made per character (its text object, its box) are mapped over all
    indexes, each box written straight into one array, and the arithmetic runs
    on whole columns (numpy). Fonts are looked up once per text object. Only
    the rare characters that need a decision of their own (a glyph from a
    maths font, the letters of a ligature) are handled one at a time.
    """

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.get_object = _untyped(raw.FPDFText_GetTextObject, ctypes.c_size_t)
        self.get_box = _untyped(raw.FPDFText_GetLooseCharBox, ctypes.c_int)
        self.get_matrix = _untyped(raw.FPDFText_GetMatrix, ctypes.c_int)
        self.get_font_size = _untyped(raw.FPDFText_GetFontSize, ctypes.c_double)
        self.get_font = _untyped(raw.FPDFTextObj_GetFont, ctypes.c_void_p)
        # Its length is a size_t, which an untyped call would pass as a C int.
        self.get_font_name = _typed(raw.FPDFFont_GetBaseFontName, ctypes.c_size_t,
                                    ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t)
        self.boxes = (ctypes.c_float * 0)()
        self.box_pointers: list[ctypes.c_void_p] = []
        self.name_buffer = ctypes.create_string_buffer(256)
        self.get_page_object = _untyped(raw.FPDFPage_GetObject, ctypes.c_void_p)
        self.get_object_type = _typed(raw.FPDFPageObj_GetType, ctypes.c_int, ctypes.c_void_p)
        self.get_bounds = _typed(raw.FPDFPageObj_GetBounds, ctypes.c_int, *[ctypes.c_void_p] * 5)
        self.bounds = [ctypes.c_float() for _ in range(4)]
        self.bound_pointers = [ctypes.c_void_p(ctypes.addressof(b)) for b in self.bounds]
        self.matrix = raw.FS_MATRIX()
        self.matrix_pointer = ctypes.c_void_p(ctypes.addressof(self.matrix))
        self.origin_x, self.origin_y = ctypes.c_double(), ctypes.c_double()

    def _box_buffer(self, count: int) -> None:
        """Room for `count` boxes (FS_RECTF: left, top, right, bottom as four floats),
        and a pointer to each, made once and kept for the following pages."""
        if count > len(self.box_pointers):
            size = max(count, 2 * len(self.box_pointers))
            self.boxes = (ctypes.c_float * (4 * size))()
            start = ctypes.addressof(self.boxes)
            self.box_pointers = [ctypes.c_void_p(start + 16 * i) for i in range(size)]

    def chars(self, textpage: Any, height: float
              ) -> tuple[list[Char], None] | tuple[None, CharColumns]:
        """The page's characters as columns, or one by one (pages with ligatures)."""
        import numpy as np

        handle = textpage.raw
        count = textpage.count_chars()
        if count <= 0:
            return [], None
        text = textpage.get_text_range(0, count)
        if len(text) != count:
            # Characters outside the BMP come back as surrogate pairs; fall back
            # to one lookup per character to keep indexes aligned.
            text = "".join(chr(self.raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
        pointer = ctypes.cast(handle, ctypes.c_void_p)
        objects = np.fromiter(map(self.get_object, repeat(pointer, count), range(count)),
                              np.uint64, count)
        self._box_buffer(count)
        deque(map(self.get_box, repeat(pointer, count), range(count), self.box_pointers),
              maxlen=0)
        box = np.frombuffer(self.boxes, np.float32, 4 * count).reshape(count, 4)
        lefts, rights = box[:, 0].astype(np.float64), box[:, 2].astype(np.float64)
        tops, bottoms = height - box[:, 1].astype(np.float64), height - box[:, 3].astype(np.float64)

        # Each text object's font, read at the object's first character.
        unique, first, inverse = np.unique(objects, return_index=True, return_inverse=True)
        styles: dict[int, tuple[bool, bool]] = {}
        fonts = {obj: self._font(pointer, handle, obj, i, styles) if obj else (0.0, False, False)
                 for obj, i in zip(unique.tolist(), first.tolist(), strict=True)}
        sizes, bolds, italics = (np.array(column)[inverse]
                                 for column in zip(*fonts.values(), strict=True))
        real = objects != 0

        # A maths or fallback font (Cambria Math) declares an ascent and descent of
        # several lines: its box would reach the lines above and below and reorder
        # the page. Such a glyph is set on its baseline.
        for i in np.flatnonzero(real & (bottoms - tops > _TALL * sizes)).tolist():
            self.raw.FPDFText_GetCharOrigin(handle, i, self.origin_x, self.origin_y)
            tops[i], bottoms[i] = _baseline_box(height - self.origin_y.value, float(sizes[i]))

        # pdfium generates characters of its own (no text object): keep its word
        # spaces (the PDF positions words apart without a space glyph, and pdfminer
        # reports that glyph), skip its line breaks.
        codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
        kept = real | (codes == ord(" "))
        at = np.flatnonzero(kept)
        left, right, drawn = lefts[at], rights[at], real[at]
        if np.any((left[1:] == left[:-1]) & (right[1:] == right[:-1]) & (right[1:] > left[1:])
                  & drawn[1:] & drawn[:-1]):
            return _chars_with_ligatures(text, objects.tolist(), lefts.tolist(), rights.tolist(),
                                         tops.tolist(), bottoms.tolist(), fonts), None
        top, bottom, size, bold, italic = tops[at], bottoms[at], sizes[at], bolds[at], italics[at]
        generated = np.flatnonzero(~drawn)
        for column in (left, right, top, bottom, size, bold, italic):
            column[generated] = 0  # as _SPACE has them
        kept_text = codes[at].tobytes().decode("utf-32-le")  # a letter per character
        return None, CharColumns(kept_text, left, right, top, bottom, size, bold, italic)

    def path_bounds(self, page: Any) -> Iterator[tuple[float, float, float, float]]:
        """(left, bottom, right, top) of each path drawn on the page itself (not
        inside a form XObject), in PDF coordinates."""
        raw = self.raw
        count = raw.FPDFPage_CountObjects(page)
        if count < 0:
            raise CorruptFile(CORRUPT_MESSAGE)
        pointer = ctypes.cast(page, ctypes.c_void_p)
        objects = list(map(self.get_page_object, repeat(pointer, count), range(count)))
        if not all(objects):
            raise CorruptFile(CORRUPT_MESSAGE)
        paths = compress(objects, map(raw.FPDF_PAGEOBJ_PATH.__eq__,
                                      map(self.get_object_type, objects)))
        for obj in paths:
            if not self.get_bounds(obj, *self.bound_pointers):
                raise CorruptFile(CORRUPT_MESSAGE)
            yield tuple(bound.value for bound in self.bounds)

    def _font(self, pointer: ctypes.c_void_p, handle: Any, obj: int, i: int,
              styles: dict[int, tuple[bool, bool]]) -> tuple[float, bool, bool]:
        """(size, bold, italic) of the text object `obj`, whose first character is `i`;
        `styles` keeps each font's style for the page (fonts can be freed between pages)."""
        self.get_matrix(pointer, i, self.matrix_pointer)
        size = self.get_font_size(pointer, i) * math.hypot(self.matrix.c, self.matrix.d)
        font = self.get_font(ctypes.c_void_p(obj))
        style = styles.get(font)
        if style is None:
            self.get_font_name(font, self.name_buffer, 256)
            bold, italic = font_style(self.name_buffer.value.decode("latin-1"))
            if not bold and self.raw.FPDFText_GetFontWeight(handle, i) >= 600:
                bold = True
            style = styles[font] = (bold, italic)
        return round(size, 2), *style


def _chars_with_ligatures(text: str, objects: list[int], lefts: list[float],
                          rights: list[float], tops: list[float], bottoms: list[float],
                          fonts: dict[int, tuple[float, bool, bool]]) -> list[Char]:
    """The page's characters one at a time, for pages with ligature glyphs."""
    ligature_right: float | None = None
    chars: list[Char] = []
    append = chars.append
    for i, obj in enumerate(objects):
        if not obj:
            if text[i] == " ":
                append(_SPACE)
            continue
        left, right = lefts[i], rights[i]
        if ligature_right is not None:
            if text[i].isspace() and left < ligature_right:
                # The ligature's text mapping ends in a space drawn inside its
                # glyph (the MOST newsletter's "fi "): not a word space.
                continue
            ligature_right = None
        if chars and chars[-1].x0 == left and chars[-1].x1 == right and right > left:
            ligature_right = right
            # A ligature glyph ("fi", "ffi") maps to several letters that pdfium
            # gives the glyph's whole box each: share it out, one box per letter,
            # or the layout reads the overlap as a new run and splits the word
            # ("Artif icial").
            left = _share_ligature_box(chars, right)
        append(Char(text[i], left, right, tops[i], bottoms[i], *fonts[obj]))
    return chars


def read_pdfplumber(data: bytes) -> tuple[int, Iterator[PageChars]]:
    """Open with pdfplumber, the reference reader; each page is closed after use."""
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfminer logs a warning per glyph for fonts without a FontBBox (zh.pdf).
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(pdf.pages)
    except Exception as error:
        # pdfplumber wraps pdfminer's errors (PdfminerException(PDFPasswordIncorrect())).
        causes = [error, *error.args, error.__cause__]
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
            raise EncryptedPdf(ENCRYPTED_MESSAGE) from error
        raise CorruptFile(CORRUPT_MESSAGE) from error

    def pages() -> Iterator[PageChars]:
        styles: dict[str, tuple[bool, bool]] = {}
        try:
            for page in pdf.pages:
                chars = []
                for c in page.chars:
                    fontname = c["fontname"]
                    style = styles.get(fontname)
                    if style is None:
                        style = styles[fontname] = font_style(fontname)
                    top, bottom, size = c["top"], c["bottom"], c["size"]
                    baseline = page.height - c["matrix"][5]
                    if c.get("upright", True) and not (
                            top - 0.1 * size <= baseline <= bottom + 0.1 * size):
                        # pdfminer hangs the box from the font's descent: a stray
                        # descent (Cambria Math) moves it off its line. Use the baseline.
                        top, bottom = _baseline_box(float(baseline), size)
                    chars.append(
                        Char(c["text"], c["x0"], c["x1"], top, bottom, round(size, 2), *style)
                    )
                width, height = float(page.width), float(page.height)
                rules = [rule for shape in (*page.lines, *page.rects)
                         if (rule := short_rule(float(shape["x0"]), float(shape["x1"]),
                                                float(shape["top"]), float(shape["bottom"]),
                                                width, height))]
                yield PageChars(page.page_number, width, height, chars, rules)
                page.close()
        finally:
            pdf.close()

    return count, pages()
