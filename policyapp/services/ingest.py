"""Uploading plans and turning a version's file into sections, clauses and tags.

Two steps, so that the uploader never waits for the slow part and a bad file never
leaves anything behind:
- `version_upload` runs while the uploader waits: cheap checks (`precheck`), then the
  document and a pending version in one transaction, then the processing task is queued.
- `version_process` runs in the task: extraction outside any transaction (it reports
  pages done as it goes), then segmentation, clauses and tags in one transaction, so a
  version is either complete or has no clauses at all.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from policyapp.comparison import text_size
from policyapp.ingest import extract_file
from policyapp.ingest.base import ExtractedDocument
from policyapp.ingest.errors import DocumentTooLong, ExtractionTooSlow, IngestError
from policyapp.ingest.precheck import precheck
from policyapp.models import Clause, Document, Section, Version, VersionStatus
from policyapp.segment import Segmentation, segment
from policyapp.services import audit
from policyapp.services.revisions import previous_ready_version, version_carry_over
from policyapp.services.tags import version_tag

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentFields:
    """What an uploader says about a new plan."""

    title: str
    jurisdiction: str
    short_name: str = ""
    issuer: str = ""
    published_on: date | None = None
    language: str = ""
    source_url: str = ""
    reuse_note: str = ""
    translation_of: Document | None = None


@dataclass(frozen=True)
class UploadOutcome:
    version: Version
    created: bool
    message: str


def _unique_short_name(title: str) -> str:
    base = slugify(title)[:70] or "plan"
    candidate, n = base, 1
    while Document.objects.filter(short_name=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def document_create(*, fields: DocumentFields) -> Document:
    """A new plan. Its short name is the uploader's, or made from the title; two plans of the
    same title created at once both succeed, the second taking the next free name."""
    for _ in range(SHORT_NAME_ATTEMPTS):
        document = Document(
            title=fields.title.strip(),
            short_name=fields.short_name or _unique_short_name(fields.title),
            jurisdiction=fields.jurisdiction.strip().upper(),
            issuer=fields.issuer,
            published_on=fields.published_on,
            language=fields.language or "en",
            source_url=fields.source_url,
            reuse_note=fields.reuse_note,
            translation_of=fields.translation_of,
        )
        document.full_clean()
        try:
            # A savepoint: the name may be taken by an upload committed since the check above.
            with transaction.atomic():
                document.save()
        except IntegrityError:
            if fields.short_name:
                raise ValidationError(
                    {"short_name": f"A plan called “{fields.short_name}” already exists."}
                ) from None
            continue
        return document
    raise ValidationError({"short_name": "No free short name was found; give one."})


SHORT_NAME_ATTEMPTS = 5


def version_upload(
    *,
    data: bytes,
    filename: str,
    uploaded_by=None,
    document: Document | None = None,
    new_document: DocumentFields | None = None,
    language: str = "",
) -> UploadOutcome:
    """Store a file as the next version of `document` (or of a new document) and queue it.

    Raises IngestError, storing nothing, when the file cannot be ingested. The same
    file again (same SHA-256, in any document) creates nothing and says where it is.
    """
    if (document is None) == (new_document is None):
        raise ValueError("pass exactly one of document and new_document")
    precheck(
        data,
        filename=filename,
        max_bytes=settings.POLICYAPP_MAX_UPLOAD_BYTES,
        max_pages=settings.POLICYAPP_MAX_PAGES,
    )
    sha256 = hashlib.sha256(data).hexdigest()

    existing = _stored_copy(sha256)
    if existing is not None:
        return _already_uploaded(existing)

    try:
        version = _version_create(
            data=data, filename=filename, sha256=sha256, uploaded_by=uploaded_by,
            document=document, new_document=new_document, language=language,
        )
    except IntegrityError:
        # Another upload of the same file won the race between the check above and the
        # insert: the database's constraint (version_sha256_once) refused this one, and
        # the transaction left nothing behind, a new document included.
        existing = _stored_copy(sha256)
        if existing is None:
            raise
        return _already_uploaded(existing)

    number, title = version.number, version.document.title
    what = "a new plan" if number == 1 else f"version {number} of “{title}”"
    return UploadOutcome(version=version, created=True, message=f"Uploaded {what}; reading it now.")


def _stored_copy(sha256: str) -> Version | None:
    """The version holding this file, unless reading it failed (it may then be sent again)."""
    return (
        Version.objects.select_related("document")
        .filter(sha256=sha256)
        .exclude(status=VersionStatus.FAILED)
        .first()
    )


def _already_uploaded(existing: Version) -> UploadOutcome:
    return UploadOutcome(
        version=existing,
        created=False,
        message=(
            f"This file was already uploaded as version {existing.number} of "
            f"“{existing.document.title}”; nothing new was stored."
        ),
    )


def _version_create(
    *, data: bytes, filename: str, sha256: str, uploaded_by, document: Document | None,
    new_document: DocumentFields | None, language: str,
) -> Version:
    with transaction.atomic():
        if document is None:
            document = document_create(fields=new_document)
        else:
            # Lock the document so two revisions uploaded at once get distinct numbers.
            document = Document.objects.select_for_update().get(pk=document.pk)
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = Version(
            document=document,
            number=number,
            sha256=sha256,
            original_filename=PurePath(filename).name[:255],
            uploaded_by=uploaded_by,
            language=language,
        )
        version.file.save(PurePath(filename).name, ContentFile(data), save=False)
        try:
            # The sha256 constraint is left to the database, which sees concurrent uploads.
            version.full_clean(exclude=["file"], validate_constraints=False)
            version.save()
        except Exception:
            version.file.delete(save=False)
            raise
        audit.record(
            user=uploaded_by,
            action="version.upload",
            target=version,
            document=document,
            after={"number": number, "file": version.original_filename,
                   "sha256": sha256[:16], "new_plan": new_document is not None},
            summary=f"v{number}: {version.original_filename}",
        )  # fmt: skip
        transaction.on_commit(lambda: _enqueue_processing(version.pk))
    return version


def _enqueue_processing(version_id: int) -> None:
    # Imported here: the task module imports this one.
    from policyapp.tasks import process_version

    process_version.using(backend=settings.POLICYAPP_INGEST_BACKEND).enqueue(version_id)


# Seconds between two writes of a version's progress while it is read.
PROGRESS_EVERY = 1.0


def _set_progress(version_id: int, **fields) -> None:
    # Outside the ingest transaction on purpose: the uploader's page polls these.
    Version.objects.filter(pk=version_id).update(progress_at=timezone.now(), **fields)


STUCK_MESSAGE = {
    VersionStatus.PENDING: (
        "No worker started reading this file within {minutes} minutes; nothing was stored. "
        "Check that `manage.py db_worker` is running, then retry."
    ),
    VersionStatus.PROCESSING: (
        "Reading this file stopped (its worker was interrupted, or the file took longer than "
        "{minutes} minutes); nothing was stored. Retry it, and if it stops again, send the "
        "file to the people who run policyapp."
    ),
}


def versions_fail_stuck(*, now=None) -> list[int]:
    """Mark failed, with a message, each version that has shown no progress for
    POLICYAPP_STUCK_MINUTES; returns their ids. Their partial work is already absent:
    clauses are only stored in the final transaction."""
    minutes = settings.POLICYAPP_STUCK_MINUTES
    before = (now or timezone.now()) - timedelta(minutes=minutes)
    failed = []
    for version in Version.objects.stuck(before=before).select_related("document"):
        updated = Version.objects.filter(pk=version.pk, status=version.status).update(
            status=VersionStatus.FAILED,
            error_message=STUCK_MESSAGE[version.status].format(minutes=minutes),
        )
        if updated:
            failed.append(version.pk)
            audit.record(
                user=None,
                action="version.failed",
                target=version,
                document=version.document,
                before={"status": version.status},
                after={"status": VersionStatus.FAILED},
                summary=f"v{version.number}: no progress for {minutes} minutes",
            )
    return failed


def version_retry(*, version: Version, user=None) -> Version:
    """Queue a failed version to be read again from its stored file."""
    with transaction.atomic():
        locked = Version.objects.select_for_update().get(pk=version.pk)
        if locked.status != VersionStatus.FAILED:
            raise ValueError(f"only a failed version can be retried; this one is {locked.status}.")
        copy = _stored_copy(locked.sha256)
        if copy is not None:
            # The same file was uploaded again since and is read there: one copy is enough.
            raise ValueError(
                f"This file is stored again as version {copy.number} of “{copy.document.title}”;"
                " read that one instead."
            )
        locked.status = VersionStatus.PENDING
        locked.error_message = ""
        locked.pages_done = 0
        locked.progress_at = timezone.now()
        locked.save(update_fields=["status", "error_message", "pages_done", "progress_at"])
        audit.record(
            user=user,
            action="version.retry",
            target=locked,
            document=locked.document,
            before={"status": VersionStatus.FAILED},
            after={"status": VersionStatus.PENDING},
            summary=f"v{locked.number}",
        )
        transaction.on_commit(lambda: _enqueue_processing(locked.pk))
    locked.refresh_from_db()
    return locked


def version_process(*, version_id: int) -> Version:
    """Extract, segment and tag a pending version; on failure it ends `failed` with a message."""
    version = Version.objects.select_related("document").get(pk=version_id)
    if version.status == VersionStatus.READY:
        return version
    _set_progress(version_id, status=VersionStatus.PROCESSING, pages_done=0, error_message="")

    started = time.monotonic()
    reported = {"at": started, "total": None}

    def progress(done: int, total: int) -> None:
        # Written at most every PROGRESS_EVERY seconds, and at the end: the status page
        # polls once a second. The page count is written only when it changes: it shows
        # on the plan's page, so writing it moves the library's revision (migration 0019).
        now = time.monotonic()
        if done >= total or now - reported["at"] >= PROGRESS_EVERY:
            reported["at"] = now
            fields = {"pages_done": min(done, total)}
            if total != reported["total"]:
                reported["total"] = fields["page_count"] = total
            _set_progress(version_id, **fields)
        _check_extraction_time(started)

    try:
        with version.file.open("rb") as handle:
            data = handle.read()
        extracted = extract_file(
            data,
            filename=version.original_filename,
            lang=version.language or None,
            max_bytes=settings.POLICYAPP_MAX_UPLOAD_BYTES,
            progress=progress,
        )
        _check_extraction_time(started)
        _check_document_size(extracted)
        segmentation = segment(extracted, max_clause_chars=settings.POLICYAPP_MAX_CLAUSE_CHARS)
        with transaction.atomic():
            version = Version.objects.select_for_update().get(pk=version_id)
            _store_segmentation(version, extracted, segmentation)
            version.page_count = extracted.pages or None
            version.pages_done = extracted.pages or 0
            version.language = segmentation.lang
            version.text = segmentation.text
            version.clause_count = len(segmentation.clauses)
            version.text_size = text_size(segmentation.text, segmentation.lang)
            version.status = VersionStatus.READY
            version.save()
            tagged = version_tag(version=version)
            _carry_over(version)
            audit.record(
                user=None,
                action="version.ready",
                target=version,
                document=version.document,
                before={"status": VersionStatus.PROCESSING},
                after={"status": VersionStatus.READY, "pages": version.page_count,
                       "clauses": len(segmentation.clauses),
                       "suggestions": tagged.suggestions, "ruleset": tagged.ruleset_version},
                summary=f"v{version.number}: {len(segmentation.clauses)} clauses, "
                f"{tagged.suggestions} suggestions",
            )  # fmt: skip
            if (
                version.number == 1
                and not version.document.versions.exclude(pk=version.pk).exists()
            ):
                Document.objects.filter(pk=version.document_id).update(language=segmentation.lang)
    except IngestError as error:
        _fail(version, str(error))
    except Exception:
        logger.exception("processing version %s failed", version_id)
        _fail(
            version,
            "Reading this file failed unexpectedly; nothing was stored. Try the upload "
            "again, and if it fails again, send the file to the people who run policyapp.",
        )
    version.refresh_from_db()
    return version


def _fail(version: Version, message: str) -> None:
    with transaction.atomic():
        _set_progress(version.pk, status=VersionStatus.FAILED, error_message=message)
        audit.record(
            user=None,
            action="version.failed",
            target=version,
            document=version.document,
            before={"status": VersionStatus.PROCESSING},
            after={"status": VersionStatus.FAILED, "error": message},
            summary=f"v{version.number}: {message}",
        )


def _check_extraction_time(started: float) -> None:
    """Stop reading a file after POLICYAPP_MAX_EXTRACT_SECONDS: a worker busy for hours on
    one pathological file holds up every upload behind it."""
    limit = settings.POLICYAPP_MAX_EXTRACT_SECONDS
    if time.monotonic() - started > limit:
        raise ExtractionTooSlow(
            f"Reading this file took longer than {limit:,} seconds, the limit for one plan; "
            "nothing was stored. Upload the plan without its annexes, or in parts, or ask an "
            "administrator to raise POLICYAPP_MAX_EXTRACT_SECONDS."
        )


def _check_document_size(extracted: ExtractedDocument) -> None:
    """Refuse a document longer than POLICYAPP_MAX_DOCUMENT_CHARS: every clause, tag and page
    of it would be stored and shown, and no plan is that long."""
    limit = settings.POLICYAPP_MAX_DOCUMENT_CHARS
    size = sum(len(block.text) for block in extracted.blocks)
    if size > limit:
        raise DocumentTooLong(
            f"This file holds {size:,} characters of text, more than the {limit:,} policyapp "
            "reads in one plan. Upload the plan without its annexes, or in parts."
        )


def _store_segmentation(
    version: Version, extracted: ExtractedDocument, segmentation: Segmentation
) -> None:
    sections = Section.objects.bulk_create(
        Section(
            version=version,
            ordinal=index + 1,
            number=node.number[:40],
            heading=node.heading,
            level=node.level,
            label=node.label,
            page=node.page,
        )
        for index, node in enumerate(segmentation.sections)
    )
    with_parents = []
    for section, node in zip(sections, segmentation.sections, strict=True):
        if node.parent is not None:
            section.parent_id = sections[node.parent].pk
            with_parents.append(section)
    Section.objects.bulk_update(with_parents, ["parent"], batch_size=500)
    Clause.objects.bulk_create(
        (
            Clause(
                version=version,
                section_id=sections[unit.section].pk if unit.section is not None else None,
                ordinal=unit.ordinal,
                label=unit.label,
                sentence=unit.sentence,
                kind=unit.kind,
                text=unit.text,
                page=unit.page,
                page_label=extracted.page_label(unit.page)[:20],
                bbox=list(unit.bbox) if unit.bbox else None,
                start=unit.start,
                end=unit.end,
                language=unit.lang,
            )
            for unit in segmentation.clauses
        ),
        batch_size=1000,
    )


def _carry_over(version: Version) -> None:
    previous = previous_ready_version(version)
    if previous is not None:
        version_carry_over(old=previous, new=version)


def demo_plans_ensure() -> list[UploadOutcome]:
    """Ingest each demo plan once; a plan that already has a version is left alone."""
    from policyapp.demo import demo_plans

    outcomes = []
    for plan in demo_plans():
        fields = DocumentFields(**plan.document)
        document = Document.objects.filter(short_name=fields.short_name).first()
        if document is not None and document.versions.exists():
            continue
        outcomes.append(
            version_upload(
                data=plan.path.read_bytes(),
                filename=plan.path.name,
                document=document,
                new_document=None if document else fields,
                language=fields.language,
            )
        )
    return outcomes
