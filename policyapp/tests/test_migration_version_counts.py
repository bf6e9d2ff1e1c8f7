"""Migration 0004 fills the stored clause count and text size of versions ingested before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("policyapp", "0007_version_progress_at")]
AFTER = [("policyapp", "0008_version_clause_count_text_size")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_versions_get_their_clause_count_and_size():
    old = migrate(BEFORE)
    try:
        Document = old.get_model("policyapp", "Document")
        Version = old.get_model("policyapp", "Version")
        Clause = old.get_model("policyapp", "Clause")
        texts = {"en": "Encourage open-source AI. Control exports.", "zh": "鼓励开源。 加强出口管制。"}
        ids = {}
        for lang, text in texts.items():
            doc = Document.objects.create(title=lang, short_name=f"plan-{lang}", jurisdiction="XX")
            version = Version.objects.create(
                document=doc, number=1, sha256=lang * 32, file="x", text=text, language=lang
            )
            Clause.objects.create(
                version=version, ordinal=1, label="1", text=text[:4], start=0, end=4, language=lang
            )
            Clause.objects.create(
                version=version, ordinal=2, label="2", text=text[5:7], start=5, end=7, language=lang
            )
            ids[lang] = version.pk

        new = migrate(AFTER)
        Version = new.get_model("policyapp", "Version")
        sizes = {lang: Version.objects.get(pk=pk) for lang, pk in ids.items()}
        # Five words in English; twelve characters other than spaces in Chinese.
        assert (sizes["en"].clause_count, sizes["en"].text_size) == (2, 5)
        assert (sizes["zh"].clause_count, sizes["zh"].text_size) == (2, 12)
    finally:
        MigrationExecutor(connection).loader.build_graph()
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
