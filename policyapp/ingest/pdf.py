"""PDF extractor: bytes in, blocks in reading order out.

Two character readers feed one layout code (`pdf_layout`, then `pdf_blocks`):
pypdfium2, the fast path used by default (8 to 13 times faster than pdfplumber
on the EU plan; it reads long files in two processes), and pdfplumber, the
reference. A corpus test checks that both give the same blocks.

What the blocks hold (segmentation relies on it):
- `heading`: level from font size, then numbering ("Pillar I:" / "一、" above
  "1." above "（一）"), then bold before italic; headings numbered alike share a
  level. The numbering is in `marker` ("Pillar II:", "I.", "1.2.", "（一）").
- `list_item`: a paragraph that opens with a bullet or a number; `marker` as
  printed ("•", "–", "1.", "a)", "（七）"), `level` from the marker's indent.
- `paragraph`: everything else of the body, one block per paragraph, lines
  joined, line-end hyphens resolved (`normalize.join_hyphenated`).
- `table_cell`: one block per cell of a table, row by row.
- `footnote`: each footnote, `marker` its number, placed after the body of its
  page; the references in the body ("policymaking35") are removed from the text.
- Not among the blocks: running headers and footers, page numbers, browser
  print lines, table-of-contents pages (listed in `toc_pages`) and front matter
  before the contents (cover, cover quotation, signatures: pages of fewer than
  25 lines before the first TOC page).
- `page` is the physical page (1-based), `bbox` the block's box on that page.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Generator, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any, Literal

from policyapp.ingest.base import ExtractedDocument, Progress
from policyapp.ingest.errors import (
    CorruptFile,
    EmptyFile,
    IngestError,
    NoTextLayer,
    UnsupportedFormat,
)
from policyapp.ingest.pdf_blocks import build_document
from policyapp.ingest.pdf_chars import (
    CORRUPT_MESSAGE,
    PageChars,
    read_pdfium,
    read_pdfplumber,
)
from policyapp.ingest.pdf_layout import Line, page_lines
from policyapp.ingest.script import detect_lang

Engine = Literal["pdfium", "pdfplumber"]

EMPTY_MESSAGE = "The file is empty. Check that you chose the right file and upload it again."
NOT_PDF_MESSAGE = (
    "This file is not a PDF, although its name says so. "
    "Upload the document as a real PDF, or as HTML or text with the matching file name."
)
NO_TEXT_MESSAGE = (
    "This PDF has no text layer (it looks like a scan), so there is no text to read. "
    "Run it through OCR (for example “Recognize text” in a PDF editor) and upload the result."
)


def _metadata_title(data: bytes, engine: Engine) -> str:
    if engine == "pdfium":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
        try:
            return document.get_metadata_dict().get("Title", "") or ""
        finally:
            document.close()
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        title = pdf.metadata.get("Title", "")
    return title if isinstance(title, str) else ""


def check_pdf_bytes(data: bytes) -> None:
    """Reject what is plainly not a whole PDF before any library sees it."""
    if not data.strip():
        raise EmptyFile(EMPTY_MESSAGE)
    # The header may follow a little junk; readers accept it within the first 1 KiB.
    if b"%PDF-" not in data[:1024]:
        raise UnsupportedFormat(NOT_PDF_MESSAGE)
    # A download cut short loses the end, where the cross-reference table and
    # "%%EOF" live; pdfium would repair it silently and return half the pages.
    if b"%%EOF" not in data[-2048:]:
        raise CorruptFile(CORRUPT_MESSAGE)


# (page number, page height, visible characters, lines in reading order)
PageResult = tuple[int, float, int, list[Line]]

# Below this many pages a second process costs more than it saves.
PARALLEL_FROM_PAGES = 24


def _read(data: bytes, engine: Engine, indexes: Iterable[int] | None = None
          ) -> tuple[int, Generator[PageResult, None, None]]:
    """Pages read and laid out one by one (all, or those `indexes` hands out); the
    library's errors become IngestErrors."""
    if engine == "pdfium":
        count, pages = read_pdfium(data, indexes)
    else:
        count, pages = read_pdfplumber(data)

    def results() -> Generator[PageResult, None, None]:
        while True:
            # Only the library's reading is guarded: an error in our own layout
            # code is a bug to see, not a damaged file to report.
            try:
                page = next(pages, None)
            except IngestError:
                raise
            except Exception as error:  # a page the library cannot parse
                raise CorruptFile(CORRUPT_MESSAGE) from error
            if page is None:
                return
            yield page.number, page.height, _visible(page), page_lines(page)

    return count, results()


class _PageShares:
    """The pages of a document handed out one at a time to two readers: the caller
    takes them from the front, the second process from the back, until they meet.
    A reader that gets less of the machine (the other core is busy) reads fewer
    pages instead of keeping the other waiting, as fixed halves would."""

    def __init__(self, count: int, context: Any) -> None:
        self.bounds = context.RawArray("i", [0, count - 1])  # next from the front, the back
        self.lock = context.Lock()

    def front(self) -> Iterator[int]:
        return self._take(0, 1)

    def back(self) -> Iterator[int]:
        return self._take(1, -1)

    def _take(self, end: int, step: int) -> Iterator[int]:
        bounds = self.bounds
        while True:
            # A reader killed while it held the lock (out of memory) must not hang the other.
            if not self.lock.acquire(timeout=WAIT_REPORT_SECONDS):
                raise RuntimeError("the other PDF reader process stopped while taking a page")
            try:
                index = bounds[end]
                if bounds[0] > bounds[1]:
                    return
                bounds[end] = index + step
            finally:
                self.lock.release()
            yield index


class _SecondReader:
    """A forked process that reads the pages `indexes` hands it and sends each page's
    result through a pipe as soon as it has it, while the caller reads others: both
    cores work, with one fork per document, and neither the file nor the caller's
    pages cross a pipe.

    fork, and only while the caller runs no other thread: a fork copies one
    thread, and a lock another thread held at that moment (logging, a
    database driver) would stay locked in the child. fork rather than spawn
    or forkserver, which re-run the caller's main script in the child and
    break any script that does not guard it with `if __name__ == "__main__"`.
    """

    def __init__(self, data: bytes, indexes: Iterable[int], context: Any) -> None:
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_read_into, args=(data, indexes, sender),
                                       daemon=True)
        self.process.start()
        sender.close()  # only the child holds the sending end now: its death reads as EOF

    def ready(self, timeout: float = 0.0) -> bool:
        return self.receiver.poll(timeout)

    def receive(self) -> PageResult | None:
        """The next page's result; None once all are sent."""
        try:
            message = self.receiver.recv()
        except EOFError:
            raise RuntimeError("the second PDF reader process stopped without a result") from None
        if isinstance(message, BaseException):
            raise message
        return message

    def stop(self) -> None:
        self.receiver.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def _read_into(data: bytes, indexes: Iterable[int], sender: Connection) -> None:
    """The second process: its pages' results, then None (or the error that stopped it)."""
    try:
        for result in _read(data, "pdfium", indexes)[1]:
            sender.send(result)
    except BaseException as error:  # raised again by the caller, as if its own
        try:
            sender.send(error)
        except Exception:  # an error that does not pickle
            sender.send(RuntimeError(f"the second PDF reader failed: {error!r}"))
    else:
        sender.send(None)
    finally:
        sender.close()


def _can_fork() -> bool:
    # A daemonic process (a multiprocessing worker) may not start children.
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


# While the caller waits this long on the second process, it reports the same
# progress again: the caller's time limit is checked even if a page hangs.
WAIT_REPORT_SECONDS = 5.0


class PdfExtractor:
    """Extract blocks from a PDF; `engine="pdfplumber"` runs the reference reader.

    The fast path reads long documents in two processes, one half each, when
    the machine has two cores or more and the caller runs a single thread
    (`parallel=False` turns that off).
    """

    def __init__(self, engine: Engine = "pdfium", *, parallel: bool = True) -> None:
        self.engine = engine
        self.parallel = parallel

    def extract(self, data: bytes, *, progress: Progress | None = None) -> ExtractedDocument:
        """`progress` is called with (pages read, pages in all) as each page is read."""
        check_pdf_bytes(data)
        count, results = _read(data, self.engine)
        if (self.engine == "pdfium" and self.parallel and count >= PARALLEL_FROM_PAGES
                and (os.cpu_count() or 1) >= 2 and _can_fork()):
            results.close()  # each process opens its own copy
            results = _in_parallel(data, count)
        lines: list[list[Line]] = [[] for _ in range(count)]
        heights = [0.0] * count
        chars_seen = done = 0
        try:
            for result in results:
                if result is not None:
                    number, height, visible, page_lines_ = result
                    chars_seen += visible
                    lines[number - 1], heights[number - 1] = page_lines_, height
                    done += 1
                if progress is not None:
                    progress(done, count)
        finally:
            results.close()  # stops the second process now if progress raised (time limit)
        if chars_seen == 0:
            raise NoTextLayer(NO_TEXT_MESSAGE)
        layout = build_document(lines, heights, _metadata_title(data, self.engine))
        return ExtractedDocument(
            title=layout.title,
            lang=detect_lang("".join(b.text for b in layout.blocks[:200])),
            pages=count,
            blocks=layout.blocks,
            toc_pages=layout.toc_pages,
        )


def _in_parallel(data: bytes, count: int) -> Generator[PageResult | None, None, None]:
    """Page results as either process finishes them, not in page order; None each
    WAIT_REPORT_SECONDS that the caller has finished its pages and waits."""
    context = multiprocessing.get_context("fork")
    shares = _PageShares(count, context)
    second = _SecondReader(data, shares.back(), context)
    second_done = False
    try:
        for result in _read(data, "pdfium", shares.front())[1]:
            yield result
            while not second_done and second.ready():
                received = second.receive()
                if received is None:
                    second_done = True
                else:
                    yield received
        while not second_done:
            if not second.ready(WAIT_REPORT_SECONDS):
                yield None
            elif (received := second.receive()) is None:
                second_done = True
            else:
                yield received
    finally:
        second.stop()


def _visible(page: PageChars) -> int:
    """How many of the page's letters are not white space (what tells a text layer)."""
    return len("".join("".join(page.texts()).split()))
