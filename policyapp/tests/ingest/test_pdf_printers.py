"""Layouts from other printers (issue 11), each rebuilt in a small PDF: the clause text
and the page it cites are asserted exactly, on both character readers."""

from __future__ import annotations

import pytest

from policyapp.ingest.base import ExtractedDocument
from policyapp.ingest.pdf import PdfExtractor
from policyapp.segment import segment
from policyapp.tests.ingest.printed import new_pdf, output, paragraph

ENGINES = ["pdfium", "pdfplumber"]


def extract(data: bytes, engine: str) -> ExtractedDocument:
    return PdfExtractor(engine, parallel=False).extract(data)  # type: ignore[arg-type]


def clauses(data: bytes, engine: str) -> list[tuple[str, int | None]]:
    result = segment(extract(data, engine))
    return [(c.text, c.page) for c in result.clauses]


# --- ligatures ------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_ligature_glyphs_give_whole_words(engine):
    """fi / ffi / fl / ff glyphs (one glyph, several letters) read as the letters, in place."""
    pdf = new_pdf(shaping=True)
    pdf.add_page()
    sentence = ("Artificial intelligence is the first specific and effective office flow "
                "for affine figures of financing.")
    paragraph(pdf, sentence)
    data = output(pdf)
    assert clauses(data, engine) == [(sentence, 1)]
