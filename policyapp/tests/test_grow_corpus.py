"""`manage.py grow_corpus`: many plans copied from real ones, for scale measurements."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from policyapp.models import Clause, Document, Section, Tag, Theme
from policyapp.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    text = "Encourage open-source AI. Control exports of chips."
    version = factories.version(factories.document(short_name="us-plan"), text=text)
    top = Section.objects.create(version=version, ordinal=1, heading="I", level=1, label="I")
    child = Section.objects.create(
        version=version, ordinal=2, heading="Open", level=2, label="I › Open", parent=top
    )
    first = factories.clause(version, start=0, end=25, section=child)
    factories.clause(version, start=26, end=len(text), section=child)
    Tag.objects.create(
        clause=first, theme=Theme.objects.get(code="OPEN_SOURCE"), stance="PROMOTES",
        modality="DIRECTIVE",
    )  # fmt: skip
    return version


def test_copies_keep_the_section_tree_clauses_and_suggestions(source):
    out = StringIO()
    call_command("grow_corpus", "--plans", "3", stdout=out)
    assert "Added 3 plans: 6 clauses, 3 tags." in out.getvalue()
    copy = Document.objects.get(short_name="scale-00002")
    version = copy.versions.get()
    assert version.text == source.text and version.status == "ready"
    child = version.sections.get(ordinal=2)
    assert child.parent.version_id == version.pk and child.parent.heading == "I"
    clauses = list(Clause.objects.for_version(version))
    assert [c.text for c in clauses] == ["Encourage open-source AI.", "Control exports of chips."]
    assert all(c.section_id == child.pk for c in clauses)
    assert Tag.objects.filter(clause__version=version).get().theme_id == "OPEN_SOURCE"

    call_command("grow_corpus", "--plans", "1", stdout=StringIO())
    assert Document.objects.filter(short_name="scale-00004").exists()
    call_command("grow_corpus", "--remove", stdout=StringIO())
    assert list(Document.objects.values_list("short_name", flat=True)) == ["us-plan"]


def test_nothing_to_copy_is_a_clear_error():
    with pytest.raises(CommandError, match="ingest some plans first"):
        call_command("grow_corpus", "--plans", "2", stdout=StringIO())
