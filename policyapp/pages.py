"""Pages of a PDF as images, for showing a clause where it stands in the original."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

# 2x the PDF's 72 dpi: sharp on ordinary screens, about 200 KB a page.
SCALE = 2.0
# The longest side of a rendered page, in pixels. A page's size is the file's to say (a
# 14,400-point poster page at 2x would take gigabytes), so the scale shrinks to fit.
MAX_SIDE_PX = 2400


def page_size(data: bytes, page: int) -> tuple[float, float]:
    """(width, height) in PDF points of 1-based `page`."""
    document = pdfium.PdfDocument(data)
    try:
        return tuple(document[_index(document, page)].get_size())
    finally:
        document.close()


def render_scale(width: float, height: float, *, scale: float, max_side: int) -> float:
    """`scale`, or less so that neither side of the image exceeds `max_side` pixels."""
    longest = max(width, height, 1.0)
    return min(scale, max_side / longest)


def page_png(
    data: bytes, page: int, *, scale: float = SCALE, max_side: int = MAX_SIDE_PX
) -> bytes:
    document = pdfium.PdfDocument(data)
    try:
        pdf_page = document[_index(document, page)]
        width, height = pdf_page.get_size()
        bitmap = pdf_page.render(scale=render_scale(width, height, scale=scale, max_side=max_side))
        buffer = io.BytesIO()
        bitmap.to_pil().save(buffer, format="PNG", optimize=False)
        return buffer.getvalue()
    finally:
        document.close()


def _index(document: pdfium.PdfDocument, page: int) -> int:
    if not 1 <= page <= len(document):
        raise IndexError(f"page {page} is not in this PDF of {len(document)} pages")
    return page - 1
