"""Errors an uploader can act on: each message says what happened and what to do."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be ingested. `str(error)` is shown to the uploader as is."""


class EmptyFile(IngestError):
    pass


class FileTooLarge(IngestError):
    pass


class UnsupportedFormat(IngestError):
    pass


class CorruptFile(IngestError):
    pass


class EncryptedPdf(IngestError):
    pass


class NoTextLayer(IngestError):
    pass


class DocumentTooLong(IngestError):
    pass


class TooManyPages(IngestError):
    pass


class ExtractionTooSlow(IngestError):
    pass
