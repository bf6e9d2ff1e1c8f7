"""The database refuses data that breaks the model's invariants."""

import pytest
from django.db import IntegrityError, transaction

from policyapp.models import Clause, Theme, VersionStatus
from policyapp.tests import factories

pytestmark = pytest.mark.django_db


def test_clause_with_end_before_start_is_refused():
    version = factories.version(factories.document())
    with pytest.raises(IntegrityError), transaction.atomic():
        Clause.objects.create(
            version=version, ordinal=1, label="1", text="x", start=10, end=4, language="en"
        )
    assert not Clause.objects.exists()


def test_empty_clause_span_is_refused():
    version = factories.version(factories.document())
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.clause(version, start=5, end=5)


def test_clause_ordinals_are_unique_within_a_version():
    version = factories.version(factories.document())
    factories.clause(version, ordinal=1, start=0, end=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.clause(version, ordinal=1, start=6, end=9)
    other = factories.version(version.document)
    factories.clause(other, ordinal=1, start=0, end=5)


def test_the_same_file_is_stored_once_in_any_document_unless_reading_it_failed():
    first = factories.version(factories.document(), sha256="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.version(first.document, sha256="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.version(factories.document(), sha256="a" * 64)
    # A failed version keeps its row and error, and does not hold its file's place.
    failed = factories.version(factories.document(), sha256="b" * 64, status=VersionStatus.FAILED)
    again = factories.version(failed.document, sha256="b" * 64, status=VersionStatus.PENDING)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.version(factories.document(), sha256="b" * 64, status=VersionStatus.PENDING)
    assert again.number == failed.number + 1


def test_version_numbers_are_unique_per_document():
    first = factories.version(factories.document())
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.version(first.document, number=first.number)


def test_one_tag_per_theme_on_a_clause():
    clause = factories.clause(factories.version(factories.document()))
    theme = Theme.objects.get(code="OPEN_SOURCE")
    clause.tags.create(theme=theme, stance="PROMOTES", modality="DIRECTIVE")
    with pytest.raises(IntegrityError), transaction.atomic():
        clause.tags.create(theme=theme, stance="RESTRICTS", modality="DIRECTIVE")


def test_a_decided_tag_needs_a_decision_time():
    clause = factories.clause(factories.version(factories.document()))
    with pytest.raises(IntegrityError), transaction.atomic():
        clause.tags.create(
            theme_id="OPEN_DATA", stance="PROMOTES", modality="DIRECTIVE", status="confirmed"
        )


def test_the_taxonomy_themes_are_loaded_in_order():
    assert list(Theme.objects.values_list("code", flat=True)) == [
        "OPEN_SOURCE",
        "OPEN_WEIGHTS",
        "OPEN_DATA",
        "OPEN_SCIENCE",
        "COMPUTE_ACCESS",
        "STANDARDS_INTEROP",
        "INTL_COOPERATION",
        "TRANSPARENCY",
        "EXPORT_CONTROLS",
        "SECURITY_RESTRICTIONS",
    ]


def test_latest_version_annotation_counts_clauses_of_the_newest_version():
    document = factories.document()
    old = factories.version(document)
    factories.clause(old, start=0, end=5)
    factories.clause(old, start=6, end=9)
    new = factories.version(document, status="processing")
    factories.clause(new, start=0, end=5)
    row = type(document).objects.with_latest_version().get(pk=document.pk)
    assert (row.latest_number, row.latest_status, row.clause_count) == (2, "processing", 1)


def test_the_tagger_and_the_database_know_the_same_themes_in_the_same_order():
    from policyapp.tagging.taxonomy import THEMES
    from policyapp.taxonomy import theme_rows

    assert tuple(row["code"] for row in theme_rows()) == THEMES
