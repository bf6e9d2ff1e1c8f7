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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

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


@dataclass(frozen=True)
class PageChars:
    number: int
    width: float
    height: float
    # In content-stream order, which is reading order within a run of text.
    chars: list[Char]
    # Short horizontal rules (x0, x1, y from the top) that may separate footnotes.
    rules: list[tuple[float, float, float]] = dataclasses.field(default_factory=list)


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


def _by_address(function: object, restype: type, *argtypes: type) -> Callable[..., int]:
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, ctypes.c_void_p, *argtypes)(address)


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


def read_pdfium(data: bytes, pages_from: int = 0, pages_to: int | None = None
                ) -> tuple[int, Iterator[PageChars]]:
    """Open with pypdfium2; returns the page count and a lazy iterator over the
    pages from index `pages_from` up to (not including) `pages_to`.

    Fonts are looked up once per text object (a run sharing one font and size)
    instead of once per character: this is most of the speed of this path.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise EncryptedPdf(ENCRYPTED_MESSAGE) from error
        raise CorruptFile(CORRUPT_MESSAGE) from error

    def pages() -> Iterator[PageChars]:
        name_buffer = ctypes.create_string_buffer(256)
        rect = raw.FS_RECTF()
        matrix = raw.FS_MATRIX()
        # The two calls made per character go through prototypes taking and
        # returning plain addresses: pypdfium2's typed pointers cost more to
        # convert than the calls themselves.
        get_object = _by_address(raw.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_int)
        get_box = _by_address(raw.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_int,
                              ctypes.c_void_p)
        rect_address = ctypes.addressof(rect)
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        try:
            stop = len(document) if pages_to is None else min(pages_to, len(document))
            for index in range(pages_from, stop):
                page = document[index]
                textpage = page.get_textpage()
                handle = textpage.raw
                address = ctypes.cast(handle, ctypes.c_void_p).value
                height = page.get_height()
                count = textpage.count_chars()
                text = textpage.get_text_range(0, count) if count else ""
                if len(text) != count:
                    # Characters outside the BMP come back as surrogate pairs;
                    # fall back to one lookup per character to keep indexes aligned.
                    text = "".join(chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
                fonts: dict[int, tuple[float, bool, bool]] = {}
                ligature_right: float | None = None
                chars: list[Char] = []
                append = chars.append
                for i in range(count):
                    obj = get_object(address, i)
                    if not obj:
                        # pdfium generated this character itself: keep its word
                        # spaces (the PDF positions words apart without a space
                        # glyph, and pdfminer reports that glyph), skip line breaks.
                        if text[i] == " ":
                            append(_SPACE)
                        continue
                    font = fonts.get(obj)
                    if font is None:
                        raw.FPDFText_GetMatrix(handle, i, matrix)
                        size = raw.FPDFText_GetFontSize(handle, i) * math.hypot(matrix.c, matrix.d)
                        font_handle = raw.FPDFText_GetTextObject(handle, i)
                        raw.FPDFFont_GetBaseFontName(
                            raw.FPDFTextObj_GetFont(font_handle), name_buffer, 256)
                        name = name_buffer.value.decode("latin-1")
                        bold, italic = font_style(name)
                        if not bold and raw.FPDFText_GetFontWeight(handle, i) >= 600:
                            bold = True
                        font = fonts[obj] = (round(size, 2), bold, italic)
                    get_box(address, i, rect_address)
                    left, right = rect.left, rect.right
                    if ligature_right is not None:
                        if text[i].isspace() and left < ligature_right:
                            # The ligature's text mapping ends in a space drawn inside
                            # its glyph (the MOST newsletter's "fi "): not a word space.
                            continue
                        ligature_right = None
                    if chars and chars[-1].x0 == left and chars[-1].x1 == right and right > left:
                        ligature_right = right
                        # A ligature glyph ("fi", "ffi") maps to several letters that
                        # pdfium gives the glyph's whole box each: share it out, one
                        # box per letter, or the layout reads the overlap as a new
                        # run and splits the word ("Artif icial").
                        left = _share_ligature_box(chars, right)
                    top, bottom = height - rect.top, height - rect.bottom
                    if bottom - top > _TALL * font[0]:
                        # A maths or fallback font (Cambria Math) declares an ascent
                        # and descent of several lines: its box would reach the lines
                        # above and below and reorder the page. Set it on its baseline.
                        raw.FPDFText_GetCharOrigin(handle, i, origin_x, origin_y)
                        top, bottom = _baseline_box(height - origin_y.value, font[0])
                    append(Char(text[i], left, right, top, bottom, *font))
                textpage.close()
                width = page.get_width()
                rules = []
                for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=1):
                    left, bottom, right, top = obj.get_bounds()
                    rule = short_rule(left, right, height - top, height - bottom, width, height)
                    if rule:
                        rules.append(rule)
                yield PageChars(index + 1, width, height, chars, rules)
                page.close()
        finally:
            document.close()

    return len(document), pages()


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
