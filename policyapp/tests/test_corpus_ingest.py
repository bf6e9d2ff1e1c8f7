"""Every plan of the reference corpus ingests end to end: stored, offsets exact, tagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyapp.models import Tag
from policyapp.services.ingest import DocumentFields, version_upload

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("themes"),
]

SUFFIXES = {".pdf", ".html", ".md", ".txt"}


def corpus_files() -> list[Path]:
    from conftest import SHARED_DIR

    return sorted(p for p in (SHARED_DIR / "corpus").glob("*/*") if p.suffix in SUFFIXES)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_ingests_to_a_ready_tagged_version(path, corpus_dir):
    outcome = version_upload(
        data=path.read_bytes(),
        filename=path.name,
        new_document=DocumentFields(title=path.parent.name, jurisdiction=path.parent.name[:2]),
    )
    version = outcome.version
    version.refresh_from_db()

    assert version.status == "ready", version.error_message
    clauses = list(version.clauses.all())
    assert len(clauses) >= 20
    assert all(version.text[c.start : c.end] == c.text for c in clauses)
    assert version.language == ("zh" if path.name.startswith("zh") else "en")
    if path.suffix == ".pdf":
        assert all(c.page and c.bbox and c.page_label for c in clauses)
        assert version.pages_done == version.page_count > 0
    # The rules ran over every clause (a short order may commit to no openness theme at all).
    assert version.ruleset_version
    assert all(c.rule_modality for c in clauses)
    tags = Tag.objects.for_version(version)
    assert all(tag.evidence and tag.ruleset_version == version.ruleset_version for tag in tags)
