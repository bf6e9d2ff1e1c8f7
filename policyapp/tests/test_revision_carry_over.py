"""A revised corpus plan: every decision and note moves to its clause or becomes an orphan."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from policyapp.models import Annotation, AuditEntry, Orphan, Tag, Theme
from policyapp.revision import CLOSEST, MOVED, SAME_TEXT, place_clauses, reanchor_quote
from policyapp.roles import ANALYSTS, VIEWERS
from policyapp.services.decisions import tag_add, tag_confirm, tag_edit, tag_settle
from policyapp.services.orphans import orphan_dismiss, orphan_reattach
from policyapp.tests import factories
from policyapp.tests.test_exports import ingest, note

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themes")]

UK = "uk-ai-opportunities-action-plan-2025/en.txt"
# Recommendations of the plan, as clauses (their list numbers are labels, not text).
KEPT = "Develop and publish guidelines and best practices for releasing open government datasets"
EDITED = "Couple compute allocation with access to proprietary data sets"
EDITED_TO = (
    "Couple compute allocation with access to valuable proprietary datasets as part of an "
    "attractive offer to researchers and start-ups choosing to build their companies in the UK "
    "and to unlock innovation."
)
MOVED_LINE = "Mandating infrastructure interoperability, code reusability and open sourcing."
DELETED = "Publish best-practice guidance, results, case-studies and open-source solutions"
ADDED = "Publish the models the public sector builds as open source wherever it can."


def _line(text: str, start: str) -> str:
    (line,) = [line for line in text.splitlines() if line.split(". ", 1)[-1].startswith(start)]
    return line


def revise(text: str) -> str:
    """Edit one recommendation, move another, delete a third and add a new one."""
    edited, moved, deleted = _line(text, EDITED), _line(text, MOVED_LINE), _line(text, DELETED)
    text = text.replace(edited, "10. " + EDITED_TO)
    text = text.replace(moved + "\n", "")
    kept = _line(text, KEPT)
    text = text.replace(kept, f"{kept}\n\n{moved}")
    return text.replace(deleted, "45. " + ADDED)


def decide(clause, theme: str, user, **edit):
    tag = clause.tags.filter(theme=theme).first()
    if tag is None:
        return tag_add(clause=clause, theme=Theme.objects.get(code=theme), stance="PROMOTES",
                       modality="DIRECTIVE", user=user)  # fmt: skip
    if edit:
        return tag_edit(tag=tag, user=user, **edit)
    return tag_confirm(tag=tag, user=user)


@pytest.fixture
def revised(corpus_dir, django_capture_on_commit_callbacks):
    text = (corpus_dir / UK).read_text(encoding="utf-8")
    v1 = ingest(django_capture_on_commit_callbacks, text, filename="uk.txt", short_name="uk-plan")
    ana = factories.user_with_role(ANALYSTS, username="ana")
    ben = factories.user_with_role(ANALYSTS, username="ben")
    admin = factories.user_with_role("Administrators", username="boss")
    kept = v1.clauses.get(text__startswith=KEPT)
    edited = v1.clauses.get(text__startswith=EDITED)
    moved = v1.clauses.get(text=MOVED_LINE)
    deleted = v1.clauses.get(text__startswith=DELETED)

    decide(kept, "OPEN_DATA", ana)
    decide(kept, "OPEN_DATA", ben)
    decide(edited, "OPEN_DATA", ana, stance="NEUTRAL")
    tag_settle(tag=edited.tags.get(theme="OPEN_DATA"), user=admin, verdict="confirmed",
               stance="NEUTRAL")  # fmt: skip
    decide(moved, "OPEN_SOURCE", ben)
    decide(moved, "STANDARDS_INTEROP", ana)
    decide(deleted, "OPEN_SOURCE", ana)

    root = note(kept, ana, "The NDL is the vehicle for this.")
    note(kept, ben, "Agreed; see recommendation 7.", parent=root, minutes=3)
    note(edited, ana, "Which offer?", quote="attractive offer", minutes=4)
    note(edited, ben, "Proprietary: whose?", quote="proprietary data sets", minutes=5)
    note(edited, ana, "Only for incomers?", quote="establish themselves", minutes=6)
    note(moved, ben, "Open sourcing by default.", minutes=7)
    note(deleted, ana, "The Knowledge Hub never launched.", minutes=8)

    v2 = ingest(
        django_capture_on_commit_callbacks, revise(text), filename="uk-v2.txt", document=v1.document
    )
    assert v2.number == 2 and v2.status == "ready"
    return v1, v2


def test_every_decision_and_note_moves_to_its_clause_or_is_an_orphan(revised):
    v1, v2 = revised
    new_text = {  # where each worked-on clause of v1 should be found in v2
        v1.clauses.get(text__startswith=KEPT).pk: v2.clauses.get(text__startswith=KEPT),
        v1.clauses.get(text__startswith=EDITED).pk: v2.clauses.get(text=EDITED_TO),
        v1.clauses.get(text=MOVED_LINE).pk: v2.clauses.get(text=MOVED_LINE),
    }
    deleted = v1.clauses.get(text__startswith=DELETED)
    assert not v2.clauses.filter(text__startswith=DELETED[:30]).exists()

    orphans = Orphan.objects.filter(version=v2)
    for tag in Tag.objects.for_version(v1).decided():
        orphaned = orphans.filter(tag=tag).exists()
        if tag.clause_id == deleted.pk:
            assert orphaned, tag
            continue
        assert not orphaned
        moved = new_text[tag.clause_id].tags.get(theme=tag.theme_id)
        assert (moved.status, moved.stance, moved.settled_verdict) == (
            tag.status, tag.stance, tag.settled_verdict,
        )  # fmt: skip
        assert sorted(moved.decisions.values_list("analyst__username", "verdict")) == sorted(
            tag.decisions.values_list("analyst__username", "verdict")
        )
    for root in Annotation.objects.filter(clause__version=v1, parent__isnull=True):
        orphaned = orphans.filter(annotation=root).exists()
        if root.clause_id == deleted.pk or root.quote_exact == "establish themselves":
            assert orphaned, root.body
            continue
        assert not orphaned, root.body
        copy = new_text[root.clause_id].annotations.get(body=root.body)
        assert copy.created_at == root.created_at and copy.author_id == root.author_id
        assert copy.replies.count() == root.replies.count()
        if root.quote_exact:
            assert copy.clause.text[copy.quote_start : copy.quote_end] == copy.quote_exact

    fuzzy = Annotation.objects.get(clause__version=v2, body="Proprietary: whose?")
    assert fuzzy.quote_exact == "proprietary datasets"
    entry = AuditEntry.objects.get(action="version.carry_over", target_id=v2.pk)
    assert len(entry.after["orphans"]) == orphans.count() == 3
    assert len(entry.after["moved"]) == 4 + 4  # decided tags and notes, orphans aside
    assert {m["match"].split(" (")[0] for m in entry.after["moved"]} == {SAME_TEXT, MOVED, CLOSEST}
    assert "3 orphans" in entry.summary
    # The old version keeps its own work.
    assert Tag.objects.for_version(v1).decided().count() == 5


def test_orphans_are_reattached_or_dismissed_and_each_is_in_the_history(revised, client):
    v1, v2 = revised
    analyst = factories.user_with_role(ANALYSTS)
    tag_orphan = Orphan.objects.get(version=v2, tag__isnull=False)
    note_orphan = Orphan.objects.get(version=v2, annotation__body__startswith="The Knowledge Hub")
    quote_orphan = Orphan.objects.get(version=v2, annotation__quote_exact="establish themselves")
    added = v2.clauses.get(text=ADDED)
    assert tag_orphan.candidate == added  # the closest clause is offered first

    orphan_reattach(orphan=tag_orphan, clause=added, user=analyst)
    placed = added.tags.get(theme="OPEN_SOURCE")
    assert placed.decisions.get().analyst.username == "ana"
    with pytest.raises(ValidationError, match="already"):
        orphan_reattach(orphan=tag_orphan, clause=added, user=analyst)
    orphan_reattach(orphan=note_orphan, clause=added, user=analyst)
    assert added.annotations.get().body == "The Knowledge Hub never launched."
    with pytest.raises(ValidationError, match="latest version"):
        orphan_reattach(orphan=quote_orphan, clause=v1.clauses.first(), user=analyst)
    orphan_dismiss(orphan=quote_orphan, user=analyst)

    assert not Orphan.objects.open().exists()
    actions = list(AuditEntry.objects.filter(user=analyst).values_list("action", flat=True))
    assert sorted(actions) == ["orphan.dismiss", "orphan.reattach", "orphan.reattach"]


def test_the_orphans_page_lists_them_and_only_analysts_act(revised, client):
    v1, v2 = revised
    document = v2.document
    orphan = Orphan.objects.filter(version=v2, tag__isnull=False).get()
    client.force_login(factories.user_with_role(VIEWERS))
    page = client.get(reverse("orphans", args=[document.short_name]))
    assert page.status_code == 200 and len(page.context["open_rows"]) == 3
    assert "3 decisions or notes to re-attach" in client.get(
        document.get_absolute_url()
    ).content.decode()
    assert client.post(reverse("orphan_dismiss", args=[orphan.pk])).status_code == 403

    client.force_login(factories.user_with_role(ANALYSTS))
    added = v2.clauses.get(text=ADDED)
    response = client.post(
        reverse("orphan_reattach", args=[orphan.pk]),
        {"clause": added.ordinal},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.context["row"].orphan.status == "reattached"
    assert f"to clause {added.ordinal}" in response.content.decode()
    refused = client.post(reverse("orphan_reattach", args=[orphan.pk]), {"ordinal": "999999"})
    assert refused.status_code == 302
    other = Orphan.objects.open().first()
    client.post(reverse("orphan_dismiss", args=[other.pk]))
    other.refresh_from_db()
    assert other.status == "dismissed"


def test_place_clauses_same_moved_closest_and_unplaced():
    old = ["Intro.", "We will publish open data sets.", "Keep me.", "Gone entirely now.", "Moved."]
    new = ["Intro.", "Moved.", "We will publish all open data sets.", "Keep me.", "Brand new."]
    placed, unplaced = place_clauses(old, new)
    assert {i: (p.new, p.how) for i, p in placed.items()} == {
        0: (0, SAME_TEXT), 1: (2, CLOSEST), 2: (3, SAME_TEXT), 4: (1, MOVED),
    }  # fmt: skip
    assert list(unplaced) == [3] and unplaced[3].score < 80


def test_reanchor_quote_exact_then_closest_words():
    text = "Share data. Share data widely, and share open data sets."
    assert reanchor_quote("Share data", "", " widely", text).start == 12
    found = reanchor_quote("open datasets", "share ", ".", text)
    assert (found.exact, found.how) == ("open data sets", CLOSEST)
    assert text[found.start : found.end] == found.exact
    assert reanchor_quote("closed models", "", "", text) is None


WORDS = st.lists(
    st.sampled_from(["open", "data", "sets", "开放", "数据", "share", "the", "models", "."]),
    min_size=1,
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(words=WORDS, edit=WORDS, cut=st.tuples(st.integers(0, 40), st.integers(1, 20)))
def test_a_reanchored_quote_is_always_the_text_at_its_offsets(words, edit, cut):
    """Whatever the edit, a quote found again is exactly the words at its new offsets."""
    old = " ".join(words)
    start = min(cut[0], len(old) - 1)
    exact = old[start : start + cut[1]].strip() or old.strip()
    new = " ".join(edit) + " " + old.replace("data", "datasets", 1)
    found = reanchor_quote(exact, old[max(0, start - 8) : start], "", new, near=start)
    if exact in new:
        assert found is not None and found.how == SAME_TEXT
    if found is not None:
        assert new[found.start : found.end] == found.exact
        assert new[: found.start].endswith(found.prefix)
        assert new[found.end :].startswith(found.suffix)
