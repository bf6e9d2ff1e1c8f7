"""Ingest entry point: bytes of an upload in, an `ExtractedDocument` out (no ORM).

`extract_file` refuses what cannot be read with an `IngestError` whose message is shown
to the uploader as is, picks the extractor from the file's content, and sets the
language from the script unless the uploader chose one.
"""

from __future__ import annotations

import dataclasses

from policyapp.ingest.base import ExtractedDocument, Extractor, Progress
from policyapp.ingest.boilerplate import is_boilerplate
from policyapp.ingest.detect import Format, detect_format
from policyapp.ingest.lang import detect_lang, normalise_lang
from policyapp.ingest.limits import check_bytes

__all__ = ["extract_file", "extractor_for"]


def extractor_for(fmt: Format) -> Extractor:
    if fmt == "pdf":
        # Imported here: pdfplumber is heavy and only PDFs need it.
        from policyapp.ingest.pdf import PdfExtractor

        return PdfExtractor()
    if fmt == "html":
        from policyapp.ingest.html import HtmlExtractor

        return HtmlExtractor()
    from policyapp.ingest.text import TextExtractor

    return TextExtractor(markdown=fmt == "markdown")


def extract_file(
    data: bytes,
    *,
    filename: str = "",
    lang: str | None = None,
    max_bytes: int,
    progress: Progress | None = None,
) -> ExtractedDocument:
    """Extract an uploaded file; raises IngestError subclasses the uploader can act on."""
    check_bytes(data, max_bytes=max_bytes)
    chosen = normalise_lang(lang) if lang else None
    fmt = detect_format(data, filename)
    document = extractor_for(fmt).extract(data, progress=progress)
    if fmt == "pdf":
        from policyapp.ingest.page_labels import pdf_page_labels

        document = dataclasses.replace(document, page_labels=pdf_page_labels(data))
    document = dataclasses.replace(
        document, blocks=[block for block in document.blocks if not is_boilerplate(block.text)]
    )
    if chosen is None:
        sample = "\n".join(block.text for block in document.blocks[:400])
        chosen = detect_lang(f"{document.title}\n{sample}")
    return dataclasses.replace(document, lang=chosen)
