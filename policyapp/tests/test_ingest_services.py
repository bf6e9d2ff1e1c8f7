"""Uploading and processing plans: complete versions, duplicates, revisions, bad files."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from policyapp.ingest.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedPdf,
    FileTooLarge,
    NoTextLayer,
    UnsupportedFormat,
)
from policyapp.models import Clause, Document, Section, Tag, Version, VersionStatus
from policyapp.services.ingest import DocumentFields, version_upload
from policyapp.tests import pdfs

# Real commits, so the processing task queued on commit runs as it does in production.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("themes")]

PLAN_MD = """# A Small Plan for Open AI

## 1. Open Source

We will support open-source AI communities. Agencies shall publish open data sets.

- Establish a national compute resource for researchers.
- Strengthen export controls on advanced chips.

## 2. Standards

NIST will develop evaluation standards with allies and partners.
"""


def new_plan(title: str = "A Small Plan", jurisdiction: str = "US") -> DocumentFields:
    return DocumentFields(title=title, jurisdiction=jurisdiction)


def upload_md(text: str = PLAN_MD, **kwargs):
    if "document" not in kwargs:
        kwargs.setdefault("new_document", new_plan())
    return version_upload(data=text.encode(), filename="plan.md", **kwargs)


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Document, Version, Section, Clause, Tag))


def test_a_markdown_plan_becomes_a_ready_version_with_sections_clauses_and_tags():
    outcome = upload_md()
    version = outcome.version
    version.refresh_from_db()

    assert outcome.created and outcome.message == "Uploaded a new plan; reading it now."
    assert version.status == "ready", version.error_message
    assert (version.number, version.language, version.document.jurisdiction) == (1, "en", "US")
    assert version.sha256 == hashlib.sha256(PLAN_MD.encode()).hexdigest()
    # The single top heading is the plan's title; the numbered headings are its sections.
    assert list(version.sections.values_list("number", "heading", "level", "parent")) == [
        ("1", "Open Source", 1, None),
        ("2", "Standards", 1, None),
    ]
    clauses = list(version.clauses.order_by("ordinal"))
    assert [c.text for c in clauses if c.kind == "list_item"] == [
        "Establish a national compute resource for researchers.",
        "Strengthen export controls on advanced chips.",
    ]
    assert all(version.text[c.start : c.end] == c.text for c in clauses)
    assert "We will support open-source AI communities." in [c.text for c in clauses]
    themes = set(Tag.objects.filter(clause__version=version).values_list("theme", flat=True))
    assert {"OPEN_SOURCE", "EXPORT_CONTROLS"} <= themes
    assert version.ruleset_version


def test_the_same_file_again_creates_nothing_and_says_where_it_is():
    first = upload_md().version
    before = counts()

    again = upload_md(new_document=new_plan(title="Another title"))

    assert not again.created
    assert again.version == first
    assert again.message.startswith("This file was already uploaded as version 1 of “A Small Plan”")
    assert counts() == before


def test_two_uploads_of_one_file_racing_store_it_once(monkeypatch):
    """The second upload passed the "already uploaded?" check before the first committed:
    the database's constraint refuses its insert, and it reports the first one's version."""
    first = upload_md().version
    before = counts()
    from policyapp.services import ingest

    looked_up = ingest._stored_copy
    calls = []

    def not_yet_committed(sha256):
        calls.append(sha256)
        return None if len(calls) == 1 else looked_up(sha256)

    monkeypatch.setattr(ingest, "_stored_copy", not_yet_committed)
    again = upload_md(new_document=new_plan(title="Another title"))

    assert len(calls) == 2
    assert not again.created and again.version == first
    assert counts() == before  # the new document was rolled back with the version


def test_a_file_whose_reading_failed_may_be_uploaded_again():
    failed = upload_md().version
    Version.objects.filter(pk=failed.pk).update(status=VersionStatus.FAILED)

    again = upload_md(document=failed.document)

    assert again.created and again.version.number == 2
    again.version.refresh_from_db()
    assert again.version.status == VersionStatus.READY


def test_a_revised_file_becomes_the_next_version_and_the_old_one_stays():
    first = upload_md().version
    old_clauses = first.clauses.count()

    revision = upload_md(PLAN_MD + "\nWe will publish the benchmarks.\n", document=first.document)

    assert revision.created and revision.version.number == 2
    assert "version 2 of “A Small Plan”" in revision.message
    assert first.clauses.count() == old_clauses
    assert revision.version.clauses.count() == old_clauses + 1
    assert list(first.document.versions.values_list("number", flat=True)) == [2, 1]


def test_a_translation_is_linked_to_its_original():
    original = upload_md().version.document
    translation = upload_md(
        PLAN_MD.replace("Small", "Little"),
        new_document=DocumentFields(
            title="Translation", jurisdiction="US", translation_of=original
        ),
    ).version.document
    assert list(original.translations.all()) == [translation]


def test_language_override_is_kept():
    version = upload_md(language="zh").version
    version.refresh_from_db()
    assert version.language == "zh"
    assert set(version.clauses.values_list("language", flat=True)) == {"zh"}


US_PLAN = "us-ai-action-plan-2025/en.pdf"


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("make_bad", "error", "message"),
    [
        (lambda pdf: b"", EmptyFile, "The file is empty."),
        (lambda pdf: b"  \n\t ", EmptyFile, "The file is empty."),
        (pdfs.truncated, CorruptFile, "This PDF is damaged or incomplete"),
        (pdfs.encrypted, EncryptedPdf, "password"),
        (pdfs.scanned, NoTextLayer, "no text layer"),
        (
            lambda pdf: b"PK\x03\x04" + b"\x00" * 200,
            UnsupportedFormat,
            "plan.pdf looks like a Word, OpenDocument or ZIP file",
        ),
    ],
    ids=["empty", "whitespace", "truncated", "encrypted", "scanned", "zip-named-pdf"],
)
def test_bad_pdfs_are_refused_with_a_message_and_nothing_is_stored(
    corpus_dir, make_bad, error, message
):
    data = make_bad((corpus_dir / US_PLAN).read_bytes())
    before = counts()
    with pytest.raises(error) as raised:
        version_upload(data=data, filename="plan.pdf", new_document=new_plan())
    assert message in str(raised.value)
    assert str(raised.value).endswith(".")  # a sentence, not an exception dump
    assert counts() == before


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(settings):
    settings.POLICYAPP_MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(
        FileTooLarge, match=r"^The file is 2.1 MB, over the upload limit of 1 MB\. "
    ):
        upload_md("# Plan\n\n" + "We will share data. " * 110_000)
    assert counts() == (0, 0, 0, 0, 0)


def test_a_failure_while_processing_marks_the_version_failed_and_stores_nothing_of_it():
    with transaction.atomic():
        version = upload_md().version
        # Before the commit queues processing, the stored file turns into bytes no
        # extractor can read, as a disk or a storage bucket might hand them back.
        with version.file.open("wb") as handle:
            handle.write(b"\x00\x01binary junk")

    version.refresh_from_db()
    assert version.status == "failed"
    assert (
        version.error_message.startswith("Files of type")
        or "cannot be read" in version.error_message
    )
    assert (version.sections.count(), version.clauses.count(), version.text) == (0, 0, "")


@pytest.mark.corpus
def test_ingest_command_reads_the_us_plan_pdf_with_pages_and_boxes(corpus_dir):
    out = io.StringIO()
    call_command(
        "ingest",
        str(corpus_dir / US_PLAN),
        "--title",
        "America's AI Action Plan",
        "--jurisdiction",
        "US",
        "--short-name",
        "us-aap",
        stdout=out,
    )
    assert "us-aap v1: ready, 28 pages" in out.getvalue()
    version = Version.objects.get(document__short_name="us-aap")
    assert version.page_count == 28 and version.pages_done == 28
    heading = version.clauses.get(text="Encourage Open-Source and Open-Weight AI")
    # Page 7 of the PDF file; the plan prints "4" on it, and that is what analysts cite.
    assert (heading.page, heading.page_label, len(heading.bbox)) == (7, "4", 4)
    assert version.clauses.order_by("ordinal").first().page_label != ""
    assert Tag.objects.filter(clause=heading, theme="OPEN_WEIGHTS").exists()


def test_ingest_command_refuses_a_bad_file_with_its_message(tmp_path):
    empty = tmp_path / "plan.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("ingest", str(empty), "--jurisdiction", "US")
    assert Document.objects.count() == 0


def test_ingest_command_uploads_a_revision(tmp_path):
    first = tmp_path / "plan.md"
    first.write_text(PLAN_MD, encoding="utf-8")
    call_command(
        "ingest", str(first), "--jurisdiction", "US", "--short-name", "small", stdout=io.StringIO()
    )
    first.write_text(PLAN_MD + "\nWe will fund open science.\n", encoding="utf-8")
    call_command("ingest", str(first), "--revision-of", "small", stdout=io.StringIO())
    assert list(Version.objects.values_list("number", flat=True).order_by("number")) == [1, 2]


def _pdf_of_pages(count: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for number in range(1, count + 1):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Page {number}. Agencies shall publish open data sets.")
    return bytes(pdf.output())


@pytest.mark.parametrize(("every", "written"), [(0.0, 12), (3600.0, 1)])
def test_progress_is_written_at_most_every_so_often_and_at_the_end(monkeypatch, every, written):
    """The status page polls once a second: progress is written once per PROGRESS_EVERY
    seconds and when the last page is read, and the page count (which moves the library's
    revision) only the first time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from policyapp.services import ingest

    monkeypatch.setattr(ingest, "PROGRESS_EVERY", every)
    with CaptureQueriesContext(connection) as queries:
        outcome = version_upload(data=_pdf_of_pages(12), filename="plan.pdf", new_document=new_plan())
    progress = [
        q["sql"] for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "policyapp_version" SET "progress_at"')
        and '"pages_done"' in q["sql"] and '"status"' not in q["sql"]
    ]  # fmt: skip
    outcome.version.refresh_from_db()
    assert outcome.version.status == VersionStatus.READY
    assert len(progress) == written
    assert ['"page_count"' in sql for sql in progress] == [True] + [False] * (written - 1)
    assert outcome.version.pages_done == 12
