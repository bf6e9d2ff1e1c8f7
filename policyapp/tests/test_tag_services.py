"""Tagging a version, analysts' decisions, and retagging that keeps those decisions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from policyapp import tagging
from policyapp.models import Clause, Tag, TagSource, TagStatus, Theme
from policyapp.retag import Kind
from policyapp.roles import ANALYSTS
from policyapp.services.decisions import tag_add, tag_confirm, tag_edit, tag_reject
from policyapp.services.tags import version_retag, version_tag
from policyapp.tests import factories
from policyapp.tests.rulesets import ruleset_copy  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

OPEN_SOURCE = "Encourage open-source AI development across the research community."
EXPORT = "Led by the Department of Commerce, strengthen export controls on advanced chips."
OPEN_DATA = "Publish high-quality open datasets for AI research."
TRANSPARENCY = "Agencies will improve the transparency of AI systems they procure."
PLAIN = "The committee met twice last year."
ZH_OPEN_SOURCE = "支持开源社区建设，推动开源大模型发展。"


def make_version(*texts: str, lang: str = "en", **fields):
    """A version whose text is the clauses joined by spaces, one clause per text."""
    doc = factories.document(language=lang, **fields)
    text = " ".join(texts)
    ver = factories.version(doc, text=text)
    offset = 0
    for n, part in enumerate(texts, start=1):
        factories.clause(ver, start=offset, end=offset + len(part), label=f"§{n}", language=lang)
        offset += len(part) + 1
    return ver


def tags_of(ver) -> dict[tuple[int, str], Tag]:
    return {(t.clause.ordinal, t.theme_id): t for t in Tag.objects.for_version(ver)}


def snapshot(tags) -> dict[int, dict]:
    """Every field of every tag, keyed by id."""
    return {tag.pk: model_to_dict(tag) | {"created_at": tag.created_at} for tag in tags}


# version_tag


def test_version_tag_stores_exactly_what_the_rules_say_with_evidence_into_the_clause():
    ver = make_version(OPEN_SOURCE, EXPORT, PLAIN)
    expected = tagging.tag_texts([OPEN_SOURCE, EXPORT, PLAIN], "en")

    summary = version_tag(version=ver)

    stored = tags_of(ver)
    wanted = {
        (n, theme): stance
        for n, result in enumerate(expected, start=1)
        for theme, stance in result.themes.items()
    }
    assert {key: tag.stance for key, tag in stored.items()} == wanted
    assert ("OPEN_SOURCE" in expected[0].themes, "EXPORT_CONTROLS" in expected[1].themes) == (
        True,
        True,
    ), "the sentences were chosen to fire the rules"
    assert stored[(1, "OPEN_SOURCE")].stance == "PROMOTES"
    assert stored[(2, "EXPORT_CONTROLS")].stance == "RESTRICTS"
    assert not any(n == 3 for n, _ in stored)

    tag = stored[(2, "EXPORT_CONTROLS")]
    assert (tag.source, tag.status, tag.edited) == (TagSource.RULE, TagStatus.SUGGESTED, False)
    assert (tag.modality, tag.actor) == (expected[1].modality, expected[1].actor)
    assert tag.modality == "DIRECTIVE"
    assert tag.ruleset_version == tagging.ruleset_version() == ver.ruleset_version
    spans = [e for e in expected[1].evidence if e.theme == "EXPORT_CONTROLS"]
    assert tag.evidence == [
        {"rule": e.rule, "start": e.start, "end": e.end}
        for e in sorted(spans, key=lambda e: (e.start, e.end, e.rule))
    ]
    assert tag.rule_ids == list(dict.fromkeys(item["rule"] for item in tag.evidence))
    assert "export control" in " ".join(EXPORT[e["start"] : e["end"]] for e in tag.evidence).lower()

    clauses = {c.ordinal: c for c in Clause.objects.for_version(ver)}
    assert (clauses[2].rule_modality, clauses[2].rule_actor) == (
        expected[1].modality,
        expected[1].actor,
    )
    assert clauses[3].rule_modality == expected[2].modality

    ver.refresh_from_db()
    assert ver.ruleset_version == tagging.ruleset_version()
    assert summary.clauses == 3
    assert summary.suggestions == len(stored)
    assert summary.per_theme["EXPORT_CONTROLS"] == 1


def test_version_tag_tags_each_clause_in_its_own_language():
    ver = make_version(ZH_OPEN_SOURCE, lang="zh")
    version_tag(version=ver)
    stored = tags_of(ver)
    assert stored[(1, "OPEN_SOURCE")].stance == "PROMOTES"
    assert stored[(1, "OPEN_SOURCE")].evidence == [
        {"rule": e.rule, "start": e.start, "end": e.end}
        for e in sorted(
            (e for e in tagging.tag_texts([ZH_OPEN_SOURCE], "zh")[0].evidence
             if e.theme == "OPEN_SOURCE"),
            key=lambda e: (e.start, e.end, e.rule),
        )
    ]  # fmt: skip


def test_version_tag_makes_the_same_number_of_queries_for_3_or_30_clauses():
    def queries_for(n: int) -> int:
        ver = make_version(*([OPEN_SOURCE, EXPORT, OPEN_DATA] * (n // 3)))
        tagging.tag_texts([OPEN_SOURCE], "en")  # build the pipeline outside the count
        with CaptureQueriesContext(connection) as captured:
            version_tag(version=ver)
        assert Tag.objects.for_version(ver).count() >= n
        return len(captured)

    assert queries_for(3) == queries_for(30)


def test_version_tag_twice_changes_nothing():
    ver = make_version(OPEN_SOURCE, EXPORT)
    version_tag(version=ver)
    before = snapshot(Tag.objects.for_version(ver))
    version_tag(version=ver)
    assert snapshot(Tag.objects.for_version(ver)) == before


# Analysts' decisions


@pytest.fixture
def analyst():
    return factories.user_with_role(ANALYSTS)


@pytest.fixture
def suggestion():
    ver = make_version(EXPORT)
    version_tag(version=ver)
    return Tag.objects.for_version(ver).get(theme="EXPORT_CONTROLS")


def test_confirm_records_who_and_when(suggestion, analyst):
    tag = tag_confirm(tag=suggestion, user=analyst)
    tag.refresh_from_db()
    assert (tag.status, tag.decided_by, tag.edited) == (TagStatus.CONFIRMED, analyst, False)
    assert tag.decided_at is not None


def test_reject_keeps_the_tag_as_rejected(suggestion, analyst):
    tag_reject(tag=suggestion, user=analyst)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (TagStatus.REJECTED, analyst)


def test_edit_changes_only_the_given_fields_and_marks_the_tag_edited(suggestion, analyst):
    modality = suggestion.modality
    tag_edit(tag=suggestion, user=analyst, stance="NEUTRAL", actor="BIS")
    suggestion.refresh_from_db()
    assert (suggestion.stance, suggestion.actor, suggestion.modality) == (
        "NEUTRAL",
        "BIS",
        modality,
    )
    assert (suggestion.edited, suggestion.status) == (True, TagStatus.CONFIRMED)
    assert suggestion.decided_by == analyst


def test_edit_of_a_rejected_tag_leaves_it_rejected(suggestion, analyst):
    tag_reject(tag=suggestion, user=analyst)
    tag_edit(tag=suggestion, user=analyst, modality="STATEMENT")
    suggestion.refresh_from_db()
    # The analyst's values are kept with their decision; a rejected tag shows what was suggested.
    decision = suggestion.decisions.get(analyst=analyst)
    assert (decision.verdict, decision.modality) == ("rejected", "STATEMENT")
    assert (suggestion.status, suggestion.modality) == (TagStatus.REJECTED, "DIRECTIVE")


def test_edit_refuses_values_outside_the_taxonomy(suggestion, analyst):
    with pytest.raises(ValidationError) as error:
        tag_edit(tag=suggestion, user=analyst, stance="LOVES")
    assert "stance" in error.value.message_dict
    assert Tag.objects.get(pk=suggestion.pk).stance == "RESTRICTS"


def test_edit_needs_something_to_change(suggestion, analyst):
    with pytest.raises(ValueError, match="at least one"):
        tag_edit(tag=suggestion, user=analyst)


def test_add_creates_a_confirmed_analyst_tag(analyst):
    ver = make_version(PLAIN)
    clause = ver.clauses.get()
    tag = tag_add(
        clause=clause,
        theme=Theme.objects.get(code="OPEN_SCIENCE"),
        stance="NEUTRAL",
        modality="STATEMENT",
        actor="the committee",
        user=analyst,
    )
    tag.refresh_from_db()
    assert (tag.source, tag.status, tag.stance, tag.actor, tag.decided_by) == (
        TagSource.ANALYST,
        TagStatus.CONFIRMED,
        "NEUTRAL",
        "the committee",
        analyst,
    )
    assert (tag.rule_ids, tag.evidence, tag.ruleset_version) == ([], [], "")


def test_add_on_a_clause_and_theme_already_tagged_is_refused(suggestion, analyst):
    with pytest.raises(ValidationError):
        tag_add(
            clause=suggestion.clause,
            theme=suggestion.theme,
            stance="PROMOTES",
            modality="DIRECTIVE",
            user=analyst,
        )
    assert Tag.objects.filter(clause=suggestion.clause).count() == 1


# Retag


def test_retag_with_the_same_rules_changes_nothing():
    ver = make_version(OPEN_SOURCE, EXPORT, OPEN_DATA)
    version_tag(version=ver)
    report = version_retag(version=ver)
    assert (report.added, report.dropped, report.changed, report.themes) == (0, 0, 0, [])
    assert report.old_ruleset == report.new_ruleset == tagging.ruleset_version()


def test_retag_puts_back_a_deleted_suggestion_and_removes_a_stray_one():
    ver = make_version(OPEN_SOURCE, PLAIN)
    version_tag(version=ver)
    Tag.objects.for_version(ver).filter(theme="OPEN_SOURCE").delete()
    stray = Tag.objects.create(
        clause=ver.clauses.get(ordinal=2), theme_id="TRANSPARENCY", stance="PROMOTES",
        modality="STATEMENT", rule_ids=["gone-1"], evidence=[{"rule": "gone-1", "start": 4,
        "end": 13}],
    )  # fmt: skip

    dry = version_retag(version=ver, dry_run=True)
    assert not Tag.objects.for_version(ver).filter(theme="OPEN_SOURCE").exists()
    assert Tag.objects.filter(pk=stray.pk).exists()

    report = version_retag(version=ver)

    for r in (dry, report):
        by_theme = {t.theme: (t.added, t.dropped, t.changed) for t in r.themes}
        assert by_theme == {"OPEN_SOURCE": (1, 0, 0), "TRANSPARENCY": (0, 1, 0)}
    assert (dry.dry_run, report.dry_run) == (True, False)
    example = {t.theme: t for t in report.themes}["TRANSPARENCY"].examples[0]
    assert (example.kind, example.label, example.text) == (Kind.DROPPED, "§2", PLAIN)
    assert not Tag.objects.filter(pk=stray.pk).exists()
    assert Tag.objects.for_version(ver).filter(theme="OPEN_SOURCE").count() == 1


def test_retag_after_a_pattern_change_keeps_every_analyst_decision(ruleset_copy, analyst):  # noqa: F811
    """The acceptance test of issue 4: real pattern files edited, real tagger, real database."""
    texts = [OPEN_SOURCE, OPEN_SOURCE + " " + OPEN_DATA, OPEN_SOURCE, EXPORT, TRANSPARENCY, PLAIN]
    ver = make_version(*texts)
    version_tag(version=ver)
    before_tags = tags_of(ver)
    assert {n for n, theme in before_tags if theme == "OPEN_SOURCE"} == {1, 2, 3}

    # Analysts decide on a mix of tags, including OPEN_SOURCE ones the change will hit.
    confirmed = tag_confirm(tag=before_tags[(1, "OPEN_SOURCE")], user=analyst)
    rejected = tag_reject(tag=before_tags[(2, "OPEN_SOURCE")], user=analyst)
    edited = tag_edit(tag=before_tags[(4, "EXPORT_CONTROLS")], user=analyst, stance="NEUTRAL")
    plain_clause = Clause.objects.get(version=ver, ordinal=6)
    added = tag_add(
        clause=plain_clause, theme=Theme.objects.get(code="OPEN_SCIENCE"), stance="PROMOTES",
        modality="STATEMENT", user=analyst,
    )  # fmt: skip
    decided_ids = [confirmed.pk, rejected.pk, edited.pk, added.pk]
    before = snapshot(Tag.objects.filter(pk__in=decided_ids))
    everything_before = snapshot(Tag.objects.for_version(ver))
    old_ruleset = ver.ruleset_version

    # The change: drop the pattern files behind the OPEN_SOURCE and EXPORT_CONTROLS tags
    # (so the rules no longer back the confirmed, rejected and edited tags) and add a file
    # with new rules that fire on "committee" (the clause the analyst tagged by hand) and
    # "procure" (clause 5).
    ruleset_copy.remove(ruleset_copy.file_defining(before_tags[(3, "OPEN_SOURCE")].rule_ids[0]))
    ruleset_copy.remove(ruleset_copy.file_defining(edited.rule_ids[0]))
    ruleset_copy.add(
        "en",
        "zz_retag_test.jsonl",
        [
            {"id": "retag-test-committee", "label": "OPEN_SCIENCE", "pattern": "committee"},
            {"id": "retag-test-procure", "label": "OPEN_SCIENCE", "pattern": "procure"},
        ],
    )
    assert tagging.ruleset_version() != old_ruleset
    assert "OPEN_SOURCE" not in tagging.tag_texts([OPEN_SOURCE], "en")[0].themes
    assert "EXPORT_CONTROLS" not in tagging.tag_texts([EXPORT], "en")[0].themes

    dry = version_retag(version=ver, dry_run=True)
    assert snapshot(Tag.objects.for_version(ver)) == everything_before, "a dry run saves nothing"

    report = version_retag(version=ver)

    # Every analyst decision is exactly as it was, field by field.
    assert snapshot(Tag.objects.filter(pk__in=decided_ids)) == before
    # The rules' own suggestions did change: OPEN_SOURCE on clause 3 is gone, the new rule
    # tagged clause 5, and clause 6 (decided by hand) did not get a second OPEN_SCIENCE tag.
    after = tags_of(ver)
    assert (3, "OPEN_SOURCE") not in after
    assert after[(1, "OPEN_SOURCE")].pk == confirmed.pk
    assert after[(2, "OPEN_SOURCE")].pk == rejected.pk
    assert after[(5, "OPEN_SCIENCE")].rule_ids == ["retag-test-procure"]
    assert after[(5, "OPEN_SCIENCE")].ruleset_version == tagging.ruleset_version()
    assert Tag.objects.filter(clause=plain_clause, theme="OPEN_SCIENCE").count() == 1
    assert after[(6, "OPEN_SCIENCE")].pk == added.pk

    themes = {t.theme: (t.added, t.dropped, t.changed) for t in report.themes}
    assert themes["OPEN_SOURCE"] == (0, 1, 0)
    assert "EXPORT_CONTROLS" not in themes, "its only tag is the analyst's"
    assert after[(4, "EXPORT_CONTROLS")].pk == edited.pk
    assert themes["OPEN_SCIENCE"] == (1, 0, 0)
    assert [(t.theme, t.added, t.dropped, t.changed) for t in dry.themes] == [
        (t.theme, t.added, t.dropped, t.changed) for t in report.themes
    ]
    assert report.decided_kept == 4
    assert (report.old_ruleset, report.new_ruleset) == (old_ruleset, tagging.ruleset_version())
    ver.refresh_from_db()
    assert ver.ruleset_version == tagging.ruleset_version()
