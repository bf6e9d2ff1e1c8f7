"""Small PDFs laid out the way other governments' printers lay out plans, built with fpdf2.

Each builder reproduces one trigger of a layout defect (issue 11) so that a test can
assert the clause text and page exactly. Fonts come from Debian's fonts-dejavu-core
(DejaVu has real fi / fl ligature glyphs that fpdf2's text shaping emits).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def new_pdf(*, shaping: bool = False) -> FPDF:
    """A4 in points, DejaVu Serif regular and bold as "Serif", DejaVu Sans as "Sans"."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(72, 72, 72)
    pdf.add_font("Serif", "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("Sans", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("Math", "", str(FONT_DIR / "DejaVuMathTeXGyre.ttf"))
    if shaping:
        pdf.set_text_shaping(True)
    return pdf


def output(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def paragraph(pdf: FPDF, text: str, *, size: float = 11, style: str = "", family: str = "Serif",
              width: float = 0, gap: float = 8) -> None:
    """A justified paragraph at the current position, then `gap` points of space."""
    pdf.set_font(family, style, size)
    pdf.multi_cell(width, size * 1.3, text, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def with_font_metrics(data: bytes, font: str, *, ascent: int, descent: int) -> bytes:
    """The PDF with `font`'s declared ascent and descent changed (thousandths of an em),
    as Cambria Math declares several lines' worth for its tall operators."""
    import io

    import pypdf
    from pypdf.generic import NameObject, NumberObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            obj = ref.get_object()
            if font not in obj["/BaseFont"]:
                continue
            descriptor = obj["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            descriptor[NameObject("/Ascent")] = NumberObject(ascent)
            descriptor[NameObject("/Descent")] = NumberObject(descent)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def runs(pdf: FPDF, x: float, y: float, pieces: list[tuple[str, str]], *, size: float = 11) -> None:
    """One line of text at (x, y) set in several fonts: (family, text) pieces side by side."""
    pdf.set_xy(x, y)
    for family, text in pieces:
        pdf.set_font(family, "", size)
        pdf.cell(pdf.get_string_width(text), size * 1.3, text)


def narrow_gap_table(rows: list[list[list[str]]], *, gap: float = 7.0, size: float = 11) -> bytes:
    """A table of three columns, one list of lines per cell, its last two columns only
    `gap` points apart: the widest line of the middle column ends `gap` before the next
    column's lines start, level with them."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("Serif", "", size)
    middle = max(pdf.get_string_width(line) for row in rows for line in row[1])
    columns = [72.0, 260.0, 260.0 + middle + gap]
    y = 100.0
    for row in rows:
        for x, lines in zip(columns, row, strict=True):
            for n, line in enumerate(lines):
                runs(pdf, x, y + n * size * 1.3, [("Serif", line)], size=size)
        y += max(len(lines) for lines in row) * size * 1.3 + 2 * size
    return output(pdf)
