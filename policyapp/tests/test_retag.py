"""The pure diff of a retag: what a new ruleset adds, drops and changes (no database)."""

from __future__ import annotations

import pytest

from policyapp.retag import (
    ClauseRef,
    Kind,
    Span,
    Suggestion,
    retag_plan,
    suggestion_from_fields,
    suggestions_from_tagging,
    theme_reports,
)
from policyapp.tagging.types import ClauseTagging, Evidence


def s(stance="PROMOTES", modality="DIRECTIVE", actor="", *spans: tuple[int, int, str]):
    return Suggestion(stance, modality, actor, tuple(Span(*span) for span in spans))


def test_a_tagging_becomes_one_suggestion_per_theme_with_its_own_evidence():
    tagging = ClauseTagging(
        themes={"OPEN_SOURCE": "PROMOTES", "OPEN_WEIGHTS": "PROMOTES"},
        modality="ENCOURAGEMENT",
        actor="NIST",
        evidence=[
            Evidence("OPEN_WEIGHTS", "en-ow-1", 26, 37),
            Evidence("OPEN_SOURCE", "en-os-2", 10, 21),
            Evidence("OPEN_SOURCE", "en-os-1", 10, 21),
            Evidence("OPEN_SOURCE", "en-os-1", 40, 51),
        ],
    )
    result = suggestions_from_tagging(tagging)
    assert result == {
        "OPEN_SOURCE": Suggestion(
            "PROMOTES",
            "ENCOURAGEMENT",
            "NIST",
            (Span(10, 21, "en-os-1"), Span(10, 21, "en-os-2"), Span(40, 51, "en-os-1")),
        ),
        "OPEN_WEIGHTS": Suggestion("PROMOTES", "ENCOURAGEMENT", "NIST", (Span(26, 37, "en-ow-1"),)),
    }
    assert result["OPEN_SOURCE"].rule_ids == ["en-os-1", "en-os-2"]
    assert result["OPEN_SOURCE"].evidence_json()[0] == {"rule": "en-os-1", "start": 10, "end": 21}


def test_an_overlong_actor_is_cut_to_the_column_width():
    tagging = ClauseTagging(themes={"OPEN_DATA": "PROMOTES"}, modality="DIRECTIVE", actor="x" * 250)
    assert len(suggestions_from_tagging(tagging)["OPEN_DATA"].actor) == 200


def test_stored_evidence_reads_back_equal_to_the_suggestion_it_came_from():
    original = s("NEUTRAL", "STATEMENT", "we", (3, 9, "b"), (0, 4, "a"))
    stored = suggestion_from_fields(
        stance="NEUTRAL", modality="STATEMENT", actor="we", evidence=original.evidence_json()
    )
    assert stored == Suggestion("NEUTRAL", "STATEMENT", "we", (Span(0, 4, "a"), Span(3, 9, "b"))), (
        "evidence order must not make two equal suggestions differ"
    )


def test_plan_adds_drops_changes_and_keeps():
    current = {
        (1, "OPEN_DATA"): s("PROMOTES", "DIRECTIVE", "", (0, 9, "d1")),
        (1, "OPEN_SOURCE"): s("PROMOTES", "DIRECTIVE", "", (12, 23, "o1")),
        (2, "TRANSPARENCY"): s("PROMOTES", "DIRECTIVE", "", (5, 17, "t1")),
    }
    fresh = {
        (1, "OPEN_DATA"): s("PROMOTES", "DIRECTIVE", "", (0, 9, "d1")),
        (1, "OPEN_SOURCE"): s("NEUTRAL", "DIRECTIVE", "", (12, 23, "o1")),
        (3, "EXPORT_CONTROLS"): s("RESTRICTS", "DIRECTIVE", "BIS", (0, 15, "x1")),
    }
    plan = retag_plan(current=current, decided=[], fresh=fresh)
    assert plan.added == {(3, "EXPORT_CONTROLS"): fresh[(3, "EXPORT_CONTROLS")]}
    assert plan.dropped == [(2, "TRANSPARENCY")]
    assert plan.changed == {(1, "OPEN_SOURCE"): fresh[(1, "OPEN_SOURCE")]}
    assert plan.unchanged == [(1, "OPEN_DATA")]
    assert [(c.kind, c.clause_id, c.theme) for c in plan.changes] == [
        (Kind.CHANGED, 1, "OPEN_SOURCE"),
        (Kind.DROPPED, 2, "TRANSPARENCY"),
        (Kind.ADDED, 3, "EXPORT_CONTROLS"),
    ]
    assert plan.changes[0].fields == ["stance"]


def test_decided_keys_are_never_added_again_nor_counted():
    fresh = {
        (1, "OPEN_DATA"): s("PROMOTES"),
        (2, "OPEN_DATA"): s("RESTRICTS"),
    }
    plan = retag_plan(current={}, decided=[(1, "OPEN_DATA"), (5, "OPEN_SCIENCE")], fresh=fresh)
    assert plan.added == {(2, "OPEN_DATA"): s("RESTRICTS")}
    assert plan.dropped == [] and plan.changed == {}
    assert plan.decided == 2


def test_a_key_both_decided_and_suggested_is_refused():
    with pytest.raises(ValueError, match="both decided and suggested"):
        retag_plan(current={(1, "OPEN_DATA"): s()}, decided=[(1, "OPEN_DATA")], fresh={})


def test_changes_follow_reading_order_not_ids():
    fresh = {(10, "OPEN_DATA"): s(), (20, "OPEN_DATA"): s()}
    plan = retag_plan(current={}, decided=[], fresh=fresh, order={10: 2, 20: 1})
    assert [c.clause_id for c in plan.changes] == [20, 10]


def test_every_changed_field_is_named():
    old = s("PROMOTES", "DIRECTIVE", "NIST", (0, 3, "a"))
    new = s("NEUTRAL", "STATEMENT", "", (0, 3, "b"))
    assert old.differences(new) == ["stance", "modality", "actor", "evidence"]
    assert old.differences(old) == []


def test_theme_reports_count_per_theme_in_taxonomy_order_with_mixed_examples():
    current = {(n, "OPEN_DATA"): s() for n in (1, 2)} | {(9, "OPEN_SOURCE"): s()}
    fresh = {(n, "OPEN_DATA"): s() for n in (2, 3, 4, 5, 6)} | {(9, "OPEN_SOURCE"): s("NEUTRAL")}
    plan = retag_plan(current=current, decided=[], fresh=fresh)
    clauses = {n: ClauseRef(ordinal=n, label=f"§{n}", text=f"clause {n}") for n in range(1, 10)}

    reports = theme_reports(
        plan, clauses=clauses, theme_order=["OPEN_SOURCE", "OPEN_WEIGHTS", "OPEN_DATA"]
    )

    assert [(r.theme, r.added, r.dropped, r.changed, r.total) for r in reports] == [
        ("OPEN_SOURCE", 0, 0, 1, 1),
        ("OPEN_DATA", 4, 1, 0, 5),
    ]
    data = reports[1]
    assert [(e.kind, e.label, e.text) for e in data.examples] == [
        (Kind.ADDED, "§3", "clause 3"),
        (Kind.DROPPED, "§1", "clause 1"),
        (Kind.ADDED, "§4", "clause 4"),
    ]
    source = reports[0].examples[0]
    assert (source.old.stance, source.new.stance, source.fields) == (
        "PROMOTES",
        "NEUTRAL",
        ["stance"],
    )


def test_theme_reports_respect_the_example_limit():
    fresh = {(n, "OPEN_DATA"): s() for n in range(1, 8)}
    plan = retag_plan(current={}, decided=[], fresh=fresh)
    clauses = {n: ClauseRef(n, str(n), "t") for n in range(1, 8)}
    (report,) = theme_reports(plan, clauses=clauses, theme_order=["OPEN_DATA"], examples=2)
    assert report.added == 7
    assert [e.clause_id for e in report.examples] == [1, 2]


def test_examples_say_old_to_new_with_the_matched_words():
    text = "Publish open data and open-source tools."
    current = {
        (1, "OPEN_DATA"): s("PROMOTES", "DIRECTIVE", "", (8, 17, "d1")),
        (1, "TRANSPARENCY"): s("PROMOTES", "DIRECTIVE", "", (0, 7, "t1")),
    }
    fresh = {
        (1, "OPEN_DATA"): s("NEUTRAL", "DIRECTIVE", "NIST", (8, 17, "d2")),
        (1, "OPEN_SOURCE"): s("PROMOTES", "DIRECTIVE", "", (22, 33, "o1")),
    }
    plan = retag_plan(current=current, decided=[], fresh=fresh)
    reports = theme_reports(
        plan,
        clauses={1: ClauseRef(1, "§1", text)},
        theme_order=["OPEN_SOURCE", "OPEN_DATA", "TRANSPARENCY"],
    )
    lines = {r.theme: r.examples[0].transition() for r in reports}
    assert lines == {
        "OPEN_SOURCE": '(none) → PROMOTES by o1 "open-source"',
        "OPEN_DATA": (
            'stance PROMOTES → NEUTRAL; actor "" → NIST; evidence d1 "open data" → d2 "open data"'
        ),
        "TRANSPARENCY": 'PROMOTES by t1 "Publish" → (none)',
    }
