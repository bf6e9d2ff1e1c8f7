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
