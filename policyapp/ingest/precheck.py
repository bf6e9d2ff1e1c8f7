"""Cheap checks run while the uploader waits, before anything is stored.

Everything an uploader can fix (empty, too large, wrong type, encrypted, damaged,
scanned) is found here in well under a second, so a bad file is refused with its
message and leaves nothing behind; the slow extraction runs later in a task.
"""

from __future__ import annotations

from policyapp.ingest.detect import Format, detect_format
from policyapp.ingest.errors import NoTextLayer, TooManyPages
from policyapp.ingest.limits import check_bytes


def precheck(data: bytes, *, filename: str, max_bytes: int, max_pages: int = 2000) -> Format:
    """The file's format, or an IngestError saying what is wrong and what to do."""
    check_bytes(data, max_bytes=max_bytes)
    fmt = detect_format(data, filename)
    if fmt == "pdf":
        _precheck_pdf(data, max_pages=max_pages)
    elif len(data) <= TEXT_PRECHECK_MAX_BYTES:
        # Web pages and text read in a fraction of a second: read them now, so a page
        # without readable text is refused on the form instead of failing in the worker.
        from policyapp.ingest import extractor_for

        extractor_for(fmt).extract(data)
    return fmt


# Larger text files are read by the worker only; their failure shows on the version's page.
TEXT_PRECHECK_MAX_BYTES = 5 * 1024 * 1024


def _precheck_pdf(data: bytes, *, max_pages: int) -> None:
    from policyapp.ingest.pdf import NO_TEXT_MESSAGE, check_pdf_bytes
    from policyapp.ingest.pdf_chars import read_pdfium

    check_pdf_bytes(data)
    # Opening finds encryption and damage; the first page with text proves a text layer.
    count, pages = read_pdfium(data)
    if count > max_pages:
        pages.close()
        raise TooManyPages(
            f"This PDF has {count:,} pages; policyapp reads plans of up to {max_pages:,}. "
            "Upload the plan without its annexes, or in parts."
        )
    for page in pages:
        if any(text.strip() for text in page.texts()):
            pages.close()
            return
    raise NoTextLayer(NO_TEXT_MESSAGE)
