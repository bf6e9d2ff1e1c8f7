"""Fuzzing: damaged versions of real plans, and arbitrary text, through the real pipeline.

Every mutated file either reads or is refused with an IngestError (the sentence an uploader
sees); nothing else may escape. Through the service, a refused or failed file leaves no
partial rows. `make test` runs a small, repeatable budget; `make fuzz` a large random one
(POLICYAPP_FUZZ=long).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyapp import tagging
from policyapp.ingest import extract_file
from policyapp.ingest.base import Block, ExtractedDocument
from policyapp.ingest.errors import IngestError
from policyapp.ingest.precheck import precheck
from policyapp.segment import segment

LONG = os.environ.get("POLICYAPP_FUZZ") == "long"
BUDGET = settings(
    max_examples=400 if LONG else 12,
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MAX_BYTES = 50 * 1024 * 1024

SAMPLES = {
    "pdf": "us-ai-action-plan-2025/en.pdf",
    "html": "uk-ai-opportunities-action-plan-2025/en.html",
    "md": "us-eo-14179-removing-barriers-2025/en.md",
}


def pipeline(data: bytes, filename: str) -> None:
    """What the ingest service runs on an upload, without the database."""
    precheck(data, filename=filename, max_bytes=MAX_BYTES)
    extracted = extract_file(data, filename=filename, max_bytes=MAX_BYTES)
    segmentation = segment(extracted)
    texts = [clause.text for clause in segmentation.clauses]
    assert all(segmentation.text[c.start : c.end] == c.text for c in segmentation.clauses)
    tagging.tag_texts(texts, segmentation.lang or "en")


@st.composite
def mutated(draw, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "duplicate", "delete"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip":
            for offset in range(draw(st.integers(1, 64))):
                if at + offset < len(data):
                    data[at + offset] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "duplicate":
            size = draw(st.integers(1, 4096))
            where = draw(st.integers(0, len(data)))
            data[where:where] = data[at : at + size]
        else:
            del data[at : at + draw(st.integers(1, 4096))]
    return bytes(data)


def survives(data: bytes, filename: str) -> None:
    try:
        pipeline(data, filename)
    except IngestError as error:
        assert str(error).strip(), "an IngestError must say what is wrong"


@pytest.mark.corpus
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_a_damaged_plan_reads_or_is_refused_with_a_message(corpus_dir, kind):
    original = (corpus_dir / SAMPLES[kind]).read_bytes()
    filename = f"plan.{kind}"

    @BUDGET
    @given(mutated(original))
    def check(data: bytes) -> None:
        survives(data, filename)

    check()


@BUDGET
@given(st.text(min_size=0, max_size=3000))
def test_segmentation_and_tagging_take_any_unicode(text):
    blocks = [Block(text=part, kind="paragraph") for part in text.split("\n\n") if part.strip()]
    document = ExtractedDocument(blocks=blocks, title="", pages=0, lang="en")
    segmentation = segment(document)
    for clause in segmentation.clauses:
        assert segmentation.text[clause.start : clause.end] == clause.text
    for lang in ("en", "zh"):
        results = tagging.tag_texts([c.text for c in segmentation.clauses] + [text], lang)
        assert len(results) == len(segmentation.clauses) + 1


@BUDGET
@given(st.binary(max_size=4096), st.sampled_from(["a.pdf", "a.html", "a.md", "a.txt", "a"]))
def test_arbitrary_bytes_under_any_name_are_read_or_refused(data, filename):
    survives(data, filename)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("themes")
@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>" + b"<div>" * 200_000 + b"text" + b"</div>" * 200_000 + b"</body></html>",
        b"<html><body><script>var plan = 'not text';</script></body></html>",
        b"\x00\x01\x02 binary junk" * 100,
    ],
    ids=["200000-nested-elements", "script-only", "binary"],
)
def test_a_bad_page_uploaded_through_the_service_leaves_nothing(data):
    from policyapp.models import Clause, Document, Version
    from policyapp.services.ingest import DocumentFields, version_upload

    with pytest.raises(IngestError) as refused:
        version_upload(
            data=data,
            filename="plan.html",
            new_document=DocumentFields(title="Bad page", jurisdiction="GB"),
        )
    assert str(refused.value).strip()
    assert (Document.objects.count(), Version.objects.count(), Clause.objects.count()) == (0, 0, 0)
