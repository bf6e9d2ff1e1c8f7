"""Which extractor a file needs, from its content first and its name second.

An upload's name can lie (a Word file renamed .pdf, an HTML page saved as .pdf by a
download manager), so the bytes decide; the name only has to agree with them.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Literal

from policyapp.ingest.errors import UnsupportedFormat

Format = Literal["pdf", "html", "markdown", "text"]

_EXTENSIONS: dict[str, Format] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
_SUPPORTED = "PDF, HTML, Markdown (.md) or plain text (.txt, UTF-8)"

# Formats we can name in a message even though we do not read them.
_OTHER_MAGIC: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "a Word, OpenDocument or ZIP file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
]
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")


def sniff(data: bytes) -> Format | None:
    """The format the bytes show, or None when they are nothing we read."""
    head = data[:1024]
    # A PDF may have a few bytes of junk before its header; readers accept 1 KB of it.
    if b"%PDF-" in head:
        return "pdf"
    if any(head.startswith(magic) for magic, _ in _OTHER_MAGIC):
        return None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        marker in lowered for marker in _HTML_MARKERS
    ):
        return "html"
    return "text"


def describe(data: bytes) -> str:
    head = data[:16]
    for magic, name in _OTHER_MAGIC:
        if head.startswith(magic):
            return name
    return "binary data"


def detect_format(data: bytes, filename: str = "") -> Format:
    """The format to extract `data` as; UnsupportedFormat when the bytes are not one we
    read or do not match what the file name says."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    claimed = _EXTENSIONS.get(suffix)
    if suffix and claimed is None:
        raise UnsupportedFormat(
            f"Files of type {suffix} cannot be read. Upload the plan as {_SUPPORTED}."
        )
    found = sniff(data)
    name = PurePath(filename).name or "The file"
    if found is None:
        raise UnsupportedFormat(
            f"{name} looks like {describe(data)}, which cannot be read. "
            f"Upload the plan as {_SUPPORTED}."
        )
    if claimed is None:
        return found
    if claimed == "pdf" and found != "pdf":
        raise UnsupportedFormat(
            f"{name} is named as a PDF but its content is not a PDF (it looks like "
            f"{'an HTML page' if found == 'html' else 'text'}). Upload the original PDF, "
            "or rename the file to match its content."
        )
    if claimed != "pdf" and found == "pdf":
        raise UnsupportedFormat(
            f"{name} is named {suffix} but its content is a PDF. "
            "Rename it to .pdf and upload it again."
        )
    if claimed == "html" and found != "html":
        raise UnsupportedFormat(
            f"{name} is named as an HTML page but contains no HTML. Upload it as .txt "
            "or save the page again from the browser."
        )
    # Markdown and text may quote HTML; their names decide how they are read.
    return claimed
