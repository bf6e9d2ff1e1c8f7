"""Cheap checks run while the uploader waits, before anything is stored.

Everything an uploader can fix (empty, too large, wrong type, encrypted, damaged,
scanned) is found here in well under a second, so a bad file is refused with its
message and leaves nothing behind; the slow extraction runs later in a task.
"""

from __future__ import annotations

from policyapp.ingest.detect import Format, detect_format
from policyapp.ingest.errors import NoTextLayer
from policyapp.ingest.limits import check_bytes


def precheck(data: bytes, *, filename: str, max_bytes: int) -> Format:
    """The file's format, or an IngestError saying what is wrong and what to do."""
    check_bytes(data, max_bytes=max_bytes)
    fmt = detect_format(data, filename)
    if fmt == "pdf":
        _precheck_pdf(data)
    return fmt


def _precheck_pdf(data: bytes) -> None:
    from policyapp.ingest.pdf import NO_TEXT_MESSAGE, check_pdf_bytes
    from policyapp.ingest.pdf_chars import read_pdfium

    check_pdf_bytes(data)
    # Opening finds encryption and damage; the first page with text proves a text layer.
    _, pages = read_pdfium(data)
    for page in pages:
        if any(char.text.strip() for char in page.chars):
            pages.close()
            return
    raise NoTextLayer(NO_TEXT_MESSAGE)
