"""The history: every change to decisions, notes, documents and versions is recorded here.

Call `record` inside the transaction that makes the change, so the entry and the change
stand or fall together.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from policyapp.models import AuditEntry, Document


def record(
    *,
    user: AbstractBaseUser | None,
    action: str,
    target: Any,
    document: Document | None = None,
    before: dict | None = None,
    after: dict | None = None,
    summary: str = "",
) -> AuditEntry:
    """Store one history entry. `target` is the changed object (its model name and pk are
    kept); `before` and `after` are JSON-ready dicts of the fields that matter."""
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        target_type=target._meta.model_name,
        target_id=target.pk,
        document=document,
        document_name=document.short_name if document is not None else "",
        summary=summary[:300],
        before=before,
        after=after,
    )
