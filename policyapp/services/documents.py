"""Edits and deletions of plans and versions made by hand (the Django admin), in the history.

Uploads and processing are recorded by `services.ingest`, retags by `services.tags`.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from policyapp.models import Document, Version
from policyapp.services import audit

DOCUMENT_FIELDS = [
    "title",
    "short_name",
    "jurisdiction",
    "issuer",
    "published_on",
    "language",
    "source_url",
    "reuse_note",
    "translation_of",
]


def document_snapshot(document: Document, fields: list[str] | None = None) -> dict:
    """The plan's descriptive fields as JSON-ready values (dates as ISO text, links as ids)."""
    values = {}
    for name in fields or DOCUMENT_FIELDS:
        field = Document._meta.get_field(name)
        value = getattr(document, field.attname)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


@transaction.atomic
def document_save(
    *, document: Document, user: AbstractBaseUser, before: Document | None = None
) -> Document:
    """Save a plan edited by hand; the history keeps the fields that changed."""
    document.full_clean()
    document.save()
    if before is None:
        audit.record(user=user, action="document.create", target=document, document=document,
                     after=document_snapshot(document), summary=document.title)  # fmt: skip
        return document
    old, new = document_snapshot(before), document_snapshot(document)
    changed = [name for name in DOCUMENT_FIELDS if old[name] != new[name]]
    if changed:
        audit.record(user=user, action="document.change", target=document, document=document,
                     before={n: old[n] for n in changed}, after={n: new[n] for n in changed},
                     summary=f"{document.title}: {', '.join(changed)}")  # fmt: skip
    return document


@transaction.atomic
def document_delete(*, document: Document, user: AbstractBaseUser) -> None:
    """Delete a plan with its versions, clauses, tags and notes; the entry keeps its name."""
    snapshot = document_snapshot(document) | {
        "versions": document.versions.count(),
    }
    audit.record(user=user, action="document.delete", target=document, document=document,
                 before=snapshot, summary=document.title)  # fmt: skip
    document.delete()


@transaction.atomic
def version_delete(*, version: Version, user: AbstractBaseUser) -> None:
    document = version.document
    audit.record(user=user, action="version.delete", target=version, document=document,
                 before={"number": version.number, "file": version.original_filename,
                         "status": version.status},
                 summary=f"v{version.number}: {version.original_filename}")  # fmt: skip
    version.delete()
