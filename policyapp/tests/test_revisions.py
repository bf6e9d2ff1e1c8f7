"""A revised file takes over the analysts' decisions and notes on the clauses it keeps."""

from __future__ import annotations

import pytest

from policyapp.models import Annotation, Tag, Theme
from policyapp.revision import comparable, match_clauses
from policyapp.roles import ANALYSTS
from policyapp.services.decisions import tag_add, tag_confirm, tag_edit, tag_reject
from policyapp.services.ingest import DocumentFields, version_upload
from policyapp.tests import factories


def test_comparable_folds_width_case_and_spacing_only():
    assert comparable("  Open   SOURCE\nAI ") == comparable("open source ai")
    assert comparable("（一）开源") == comparable("(一)开源")
    assert comparable("open-source") != comparable("open source")


def test_match_clauses_keeps_order_and_pairs_repeated_sentences_with_their_own():
    old = [
        "Intro.",
        "Recommended Policy Actions",
        "Share data.",
        "Recommended Policy Actions",
        "Fund compute.",
    ]
    new = [
        "Intro.",
        "Recommended Policy Actions",
        "Share all data.",
        "Recommended Policy Actions",
        "Fund compute.",
    ]
    assert match_clauses(old, new) == {0: 0, 1: 1, 3: 3, 4: 4}


def test_match_clauses_follows_an_inserted_sentence():
    assert match_clauses(["a.", "b.", "c."], ["a.", "new.", "b.", "c."]) == {0: 0, 1: 2, 2: 3}


PLAN = """# Plan

## 1. Openness

We will support open-source AI communities.

We will publish open data sets.

NIST will develop evaluation standards.
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("themes")
def test_a_revision_takes_over_decisions_and_notes_on_unchanged_and_edited_clauses():
    analyst = factories.user_with_role(ANALYSTS)
    v1 = version_upload(
        data=PLAN.encode(),
        filename="plan.md",
        new_document=DocumentFields(title="Plan", jurisdiction="US"),
    ).version
    kept = v1.clauses.get(text="We will support open-source AI communities.")
    changed = v1.clauses.get(text="We will publish open data sets.")
    tag_confirm(tag=kept.tags.get(theme="OPEN_SOURCE"), user=analyst)
    tag_edit(tag=changed.tags.get(theme="OPEN_DATA"), user=analyst, stance="NEUTRAL")
    standards = v1.clauses.get(text="NIST will develop evaluation standards.")
    tag_reject(tag=standards.tags.get(theme="STANDARDS_INTEROP"), user=analyst)
    tag_add(
        clause=kept,
        theme=Theme.objects.get(code="INTL_COOPERATION"),
        stance="PROMOTES",
        modality="DIRECTIVE",
        user=analyst,
    )
    Annotation.objects.create(clause=kept, author=analyst, body="Compare with the EU plan.")

    revised = PLAN.replace("We will publish open data sets.", "We will publish all open data sets.")
    v2 = version_upload(data=revised.encode(), filename="plan-v2.md", document=v1.document).version

    new_kept = v2.clauses.get(text=kept.text)
    assert new_kept.tags.get(theme="OPEN_SOURCE").status == "confirmed"
    added = new_kept.tags.get(theme="INTL_COOPERATION")
    assert (added.source, added.decided_by) == ("analyst", analyst)
    assert new_kept.annotations.get().body == "Compare with the EU plan."
    assert new_kept.annotations.get().created_at == kept.annotations.get().created_at
    new_standards = v2.clauses.get(text=standards.text)
    assert new_standards.tags.get(theme="STANDARDS_INTEROP").status == "rejected"
    # Edited words: the decision follows to the closest clause, over the rules' fresh
    # suggestion, whose evidence (offsets in the new words) it keeps.
    new_changed = v2.clauses.get(text="We will publish all open data sets.")
    moved = new_changed.tags.get(theme="OPEN_DATA")
    assert (moved.status, moved.edited, moved.stance) == ("confirmed", True, "NEUTRAL")
    assert moved.decisions.get().analyst == analyst
    for item in moved.evidence:
        assert new_changed.text[item["start"] : item["end"]]
    # The old version keeps its own decisions.
    assert Tag.objects.for_version(v1).decided().count() == 4
