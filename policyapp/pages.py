"""Pages of a PDF as images, for showing a clause where it stands in the original."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

# 2x the PDF's 72 dpi: sharp on ordinary screens, about 200 KB a page.
SCALE = 2.0


def page_size(data: bytes, page: int) -> tuple[float, float]:
    """(width, height) in PDF points of 1-based `page`."""
    document = pdfium.PdfDocument(data)
    try:
        return tuple(document[_index(document, page)].get_size())
    finally:
        document.close()


def page_png(data: bytes, page: int, *, scale: float = SCALE) -> bytes:
    document = pdfium.PdfDocument(data)
    try:
        bitmap = document[_index(document, page)].render(scale=scale)
        buffer = io.BytesIO()
        bitmap.to_pil().save(buffer, format="PNG", optimize=False)
        return buffer.getvalue()
    finally:
        document.close()


def _index(document: pdfium.PdfDocument, page: int) -> int:
    if not 1 <= page <= len(document):
        raise IndexError(f"page {page} is not in this PDF of {len(document)} pages")
    return page - 1
