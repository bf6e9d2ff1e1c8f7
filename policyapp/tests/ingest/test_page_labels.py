"""Printed page numbers: what analysts cite, next to the physical page that links work with."""

import pytest

from policyapp.ingest import extract_file
from policyapp.ingest.base import ExtractedDocument
from policyapp.ingest.page_labels import pdf_page_labels


@pytest.mark.corpus
def test_the_us_plan_prints_roman_front_matter_then_arabic_numbers(corpus_dir):
    labels = pdf_page_labels((corpus_dir / "us-ai-action-plan-2025/en.pdf").read_bytes())
    assert labels[:5] == ["a", "i", "ii", "1", "2"]
    assert (len(labels), labels[6], labels[-1]) == (28, "4", "25")


@pytest.mark.corpus
def test_a_pdf_without_labels_gives_none_and_pages_fall_back_to_their_number(corpus_dir):
    data = (corpus_dir / "eu-coordinated-plan-ai-2021/en.pdf").read_bytes()
    assert pdf_page_labels(data) == []
    document = extract_file(data, filename="en.pdf", max_bytes=10**8)
    assert document.page_labels == []
    assert document.page_label(12) == "12"


@pytest.mark.corpus
def test_extract_file_carries_the_labels_of_a_pdf(corpus_dir):
    data = (corpus_dir / "us-ai-action-plan-2025/en.pdf").read_bytes()
    document = extract_file(data, filename="en.pdf", max_bytes=10**8)
    assert document.page_label(7) == "4"


def test_page_label_falls_back_for_pages_without_one_and_is_empty_without_a_page():
    document = ExtractedDocument(title="", lang="en", pages=3, blocks=[], page_labels=["", "ii", ""])
    assert [document.page_label(p) for p in (1, 2, 3, 4, None)] == ["1", "ii", "3", "4", ""]
