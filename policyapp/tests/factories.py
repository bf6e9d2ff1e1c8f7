"""Small builders for test data: explicit arguments, sensible defaults."""

from __future__ import annotations

import hashlib
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import F

from policyapp.comparison import text_size
from policyapp.models import Clause, Document, Version, VersionStatus
from policyapp.services.accounts import roles_ensure

_seq = count(1)


def user_with_role(role: str, *, username: str | None = None, password: str = "pw-for-tests-123"):
    groups = roles_ensure()
    user = get_user_model().objects.create_user(
        username=username or f"{role.lower()}-{next(_seq)}", password=password
    )
    user.groups.add(groups[role] if role in groups else Group.objects.get(name=role))
    return user


def document(**fields) -> Document:
    n = next(_seq)
    defaults = {
        "title": f"Plan {n}",
        "short_name": f"plan-{n}",
        "jurisdiction": "US",
        "language": "en",
    }
    return Document.objects.create(**(defaults | fields))


def version(doc: Document, **fields) -> Version:
    n = next(_seq)
    defaults = {
        "number": doc.versions.count() + 1,
        "sha256": hashlib.sha256(f"file-{n}".encode()).hexdigest(),
        "file": f"documents/{doc.short_name}/plan-{n}.txt",
        "status": VersionStatus.READY,
        "text": "Encourage open-source AI. Control exports.",
        "language": doc.language,
    }
    fields = defaults | fields
    # What ingest stores; clause() adds to clause_count as it builds clauses.
    fields.setdefault("text_size", text_size(fields["text"], fields["language"]))
    return Version.objects.create(document=doc, **fields)


def clause(ver: Version, *, start: int = 0, end: int | None = None, **fields) -> Clause:
    end = len(ver.text) if end is None else end
    defaults = {
        "ordinal": ver.clauses.count() + 1,
        "label": "1",
        "text": ver.text[start:end],
        "language": ver.language or "en",
    }
    made = Clause.objects.create(version=ver, start=start, end=end, **(defaults | fields))
    Version.objects.filter(pk=ver.pk).update(clause_count=F("clause_count") + 1)
    ver.clause_count += 1
    return made
