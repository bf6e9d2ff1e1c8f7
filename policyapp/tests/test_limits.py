"""Limits on what one plan may hold: pages, characters, characters per clause. Each is a
setting, and each refusal says what to do; a long run of text is cut, never a crash."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest

from policyapp import tagging
from policyapp.ingest.base import Block, ExtractedDocument
from policyapp.ingest.errors import TooManyPages
from policyapp.ingest.precheck import precheck
from policyapp.models import Version, VersionStatus
from policyapp.segment import bounded_spans, segment
from policyapp.services.ingest import DocumentFields, version_upload


def test_a_long_span_is_cut_at_spaces_into_pieces_within_the_limit():
    text = "word " * 30
    spans = bounded_spans(text, [(0, len(text) - 1)], 23)
    assert all(b - a <= 23 for a, b in spans)
    assert " ".join(text[a:b] for a, b in spans) == text.strip()
    assert bounded_spans("short one", [(0, 9)], 23) == [(0, 9)]


def test_text_without_spaces_is_cut_anyway():
    text = "字" * 50
    spans = bounded_spans(text, [(0, 50)], 20)
    assert [b - a for a, b in spans] == [20, 20, 10]


def test_a_million_character_paragraph_becomes_clauses_that_tag():
    paragraph = "Agencies shall share open data with researchers and the public " * 20_000
    document = ExtractedDocument(title="", lang="en", pages=0,
                                 blocks=[Block(text=paragraph.strip(), kind="paragraph")])  # fmt: skip
    result = segment(document, max_clause_chars=5_000)
    assert len(paragraph) > 1_000_000
    assert all(len(clause.text) <= 5_000 for clause in result.clauses)
    assert all(result.text[c.start : c.end] == c.text for c in result.clauses)
    tagged = tagging.tag_texts([c.text for c in result.clauses[:50]], "en")
    assert any(t.themes for t in tagged)


def _pdf(pages: int) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        page = document.new_page(200, 200)
        page.close()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_pdf_over_the_page_limit_is_refused_with_what_to_do():
    with pytest.raises(TooManyPages, match="3 pages; policyapp reads plans of up to 2. Upload"):
        precheck(_pdf(3), filename="plan.pdf", max_bytes=10**8, max_pages=2)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("themes")
def test_a_document_over_the_character_limit_fails_with_what_to_do(settings):
    settings.POLICYAPP_MAX_DOCUMENT_CHARS = 200
    text = "# Long plan\n\n" + "We will publish open data sets for research. " * 10
    outcome = version_upload(
        data=text.encode(), filename="plan.txt",
        new_document=DocumentFields(title="Long plan", jurisdiction="GB"),
    )  # fmt: skip
    version = Version.objects.get(pk=outcome.version.pk)
    assert version.status == VersionStatus.FAILED
    assert "more than the 200 policyapp reads in one plan" in version.error_message
    assert not version.clauses.exists()


@pytest.mark.corpus
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("themes")
def test_a_file_that_takes_too_long_to_read_fails_with_what_to_do(settings, corpus_dir):
    settings.POLICYAPP_MAX_EXTRACT_SECONDS = 0
    outcome = version_upload(
        data=(corpus_dir / "us-ai-action-plan-2025/en.pdf").read_bytes(), filename="plan.pdf",
        new_document=DocumentFields(title="US plan", jurisdiction="US"),
    )  # fmt: skip
    version = Version.objects.get(pk=outcome.version.pk)
    assert version.status == VersionStatus.FAILED
    assert "took longer than 0 seconds" in version.error_message
    assert not version.clauses.exists()
