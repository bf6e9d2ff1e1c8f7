"""The page numbers a PDF prints, from its /PageLabels (cover "a", front matter "i", "ii")."""

from __future__ import annotations


def pdf_page_labels(data: bytes) -> list[str]:
    """One label per page, "" where the PDF defines none; [] when it defines none at all."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        labels = [document.get_page_label(index) for index in range(len(document))]
    finally:
        document.close()
    return labels if any(labels) else []
