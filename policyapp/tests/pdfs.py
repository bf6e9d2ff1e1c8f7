"""Bad PDFs made from real ones, for the tests of what an uploader gets wrong."""

from __future__ import annotations

import io

import pypdf
import pypdfium2 as pdfium


def encrypted(data: bytes, *, password: str = "s3cret") -> bytes:
    """The same PDF behind a user password (AES-128), as a ministry might send it."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scanned(data: bytes, *, pages: int = 2) -> bytes:
    """The first pages of a PDF as pictures only, like a scan without OCR: no text layer."""
    source = pdfium.PdfDocument(data)
    target = pdfium.PdfDocument.new()
    try:
        for index in range(min(pages, len(source))):
            width, height = source[index].get_size()
            bitmap = source[index].render(scale=0.5)
            page = target.new_page(width, height)
            image = pdfium.PdfImage.new(target)
            image.set_bitmap(bitmap)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(image)
            page.gen_content()
        buffer = io.BytesIO()
        target.save(buffer)
        return buffer.getvalue()
    finally:
        source.close()
        target.close()


def truncated(data: bytes) -> bytes:
    """A download cut short: the first half of the file."""
    return data[: len(data) // 2]
