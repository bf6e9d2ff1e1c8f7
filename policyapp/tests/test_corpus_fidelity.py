"""Every PDF of the corpus against poppler's pdftotext on the same file (issue 11).

pdftotext reads these files correctly word by word, so it is the yardstick for what a
clause may say and where: no word it prints whole is split in a clause, a clause's text
is found on the page the clause cites, a clause's words run in the source's order (lines
of other places are not interleaved), and the words of the body are in the clauses.
Each PDF is extracted and segmented once for all the measures.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from policyapp.ingest.base import ExtractedDocument
from policyapp.ingest.pdf import PdfExtractor
from policyapp.segment import Segmentation, segment

pytestmark = pytest.mark.corpus

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[^\W\d_{_HAN}]+|[{_HAN}]")
# Characters of a clause looked for on its page: enough to be specific, short enough
# to stay within one line of a table cell.
_PROBE = 16


# pdftotext joins a word hyphenated at a line end without its hyphen, and the clauses
# keep a compound's hyphen: compare words with their hyphens left out.
_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011]\s*(?=\w)")


def _normal(text: str) -> str:
    return _HYPHEN.sub("", unicodedata.normalize("NFKC", text).casefold())


def _letters(text: str) -> str:
    # Letters only: footnote numbers and page numbers sit between the words of a
    # sentence in pdftotext's text, and are left out of the clauses.
    return "".join(ch for ch in _normal(text) if ch.isalpha())


_URL = re.compile(r"(?:https?://|www\.)\S+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_normal(text))


@dataclass
class Reading:
    name: str
    document: ExtractedDocument
    segmentation: Segmentation
    # pdftotext's text of each page, index 0 for page 1.
    pages: list[str]


def _pdftotext(path: Path) -> list[str]:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                            check=True, capture_output=True)
    return result.stdout.decode("utf-8").split("\f")


def _pdfs(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*/*.pdf"))


@pytest.fixture(scope="module")
def readings(corpus_dir: Path) -> list[Reading]:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    out = []
    for path in _pdfs(corpus_dir):
        document = PdfExtractor().extract(path.read_bytes())
        out.append(Reading(f"{path.parent.name}/{path.name}", document, segment(document),
                           _pdftotext(path)))
    assert out, "no PDF in the corpus"
    return out


def split_words(reading: Reading) -> list[str]:
    """Pairs of neighbouring clause words that pdftotext prints as one word only."""
    words: set[str] = set()
    for page in reading.pages:
        words.update(_tokens(page))
    found = []
    for clause in reading.segmentation.clauses:
        tokens = re.findall(r"[^\W\d_]+", _normal(clause.text))
        for a, b in zip(tokens, tokens[1:], strict=False):
            if a + b in words and (a not in words or b not in words):
                found.append(f"{a} {b}")
    return found


def _starts_on(probe: str, pages: list[str], page: int) -> bool:
    """Whether `probe` starts on `page` (it may run on to the next one)."""
    text = pages[page - 1]
    joined = text + (pages[page] if page < len(pages) else "")
    at = joined.find(probe)
    return 0 <= at < len(text)


def misplaced(reading: Reading) -> list[str]:
    """Clauses whose first characters are not on the page they cite."""
    pages = [_letters(page) for page in reading.pages]
    found = []
    words = [set(_tokens(page)) for page in reading.pages]
    for clause in reading.segmentation.clauses:
        page = clause.page or 0
        if not 0 < page <= len(pages):
            found.append(f"p.{clause.page}: {clause.text[:80]}")
        elif clause.kind == "table_cell":
            # pdftotext may read a table across its columns: the cell's first words.
            if not set(_tokens(clause.text)[:3]) <= words[page - 1]:
                found.append(f"p.{clause.page}: {clause.text[:80]}")
        elif (probe := _letters(clause.text)[:_PROBE]) and not _starts_on(probe, pages, page):
            found.append(f"p.{clause.page}: {clause.text[:80]}")
    return found


def out_of_order(reading: Reading) -> list[str]:
    """Clauses (table cells aside) with two or more pairs of neighbouring words that are
    never neighbours in the source: lines from elsewhere run into them. One such pair is
    allowed, where a page break (and the page's furniture) falls inside a sentence."""
    pairs: set[tuple[str, str]] = set()
    for page in reading.pages:
        tokens = _tokens(page)
        pairs.update(zip(tokens, tokens[1:], strict=False))
    found = []
    for clause in reading.segmentation.clauses:
        if clause.kind == "table_cell":
            continue
        tokens = _tokens(clause.text)
        strangers = [p for p in zip(tokens, tokens[1:], strict=False) if p not in pairs]
        if len(strangers) >= 2:
            found.append(f"p.{clause.page}: {strangers[:3]} in {clause.text[:80]}")
    return found


def missing_words(reading: Reading) -> tuple[float, list[str]]:
    """Share of pdftotext's words (types) found in the clauses and footnotes, and the
    words missing. Contents pages and page furniture are not body text: words found on
    them only are not counted."""
    # Pages the extractor leaves out whole are not body text by design (contents pages;
    # cover, imprint and signature pages before the contents), nor are the web
    # addresses a browser prints in a page's margin.
    kept_pages = {block.page for block in reading.document.blocks}
    source: set[str] = set()
    for number, page in enumerate(reading.pages, start=1):
        if number in kept_pages:
            source.update(_tokens(_URL.sub(" ", page)))
    ours: set[str] = set()
    for clause in reading.segmentation.clauses:
        ours.update(_tokens(clause.text))
    for block in reading.document.blocks:
        ours.update(_tokens(block.text))
        ours.update(_tokens(block.marker))
    missing = sorted(source - ours)
    return 1 - len(missing) / max(len(source), 1), missing


def test_no_word_is_split_that_pdftotext_reads_whole(readings):
    split = {r.name: split_words(r)[:10] for r in readings}
    assert {name: found for name, found in split.items() if found} == {}


def test_clauses_cite_the_page_their_text_is_on(readings):
    for reading in readings:
        wrong = misplaced(reading)
        total = len(reading.segmentation.clauses)
        assert len(wrong) <= 0.01 * total, (reading.name, len(wrong), total, wrong[:10])


def test_clauses_run_in_the_source_order(readings):
    for reading in readings:
        wrong = out_of_order(reading)
        total = sum(1 for c in reading.segmentation.clauses if c.kind != "table_cell")
        assert len(wrong) <= 0.01 * total, (reading.name, len(wrong), total, wrong[:10])


def test_the_words_of_the_body_are_in_the_clauses(readings):
    for reading in readings:
        share, missing = missing_words(reading)
        assert share >= 0.99, (reading.name, round(share, 4), missing[:40])
