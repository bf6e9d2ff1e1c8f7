"""Scoring against gold sets, and the floors every gold file must keep."""

from __future__ import annotations

import pytest

from policyapp.tagging import tag_texts
from policyapp.tagging.evaluate import GoldClause, read_gold, score
from policyapp.tagging.types import ClauseTagging, Evidence


def _gold(id_, themes, modality="DIRECTIVE", actor=""):
    return GoldClause(id=id_, text=id_, lang="en", themes=themes, modality=modality, actor=actor)


def _pred(themes, modality="DIRECTIVE", actor="", rule="r-1"):
    evidence = [Evidence(theme=t, rule=rule, start=0, end=1) for t in themes]
    return ClauseTagging(themes=themes, modality=modality, actor=actor, evidence=evidence)


def test_scores_count_clause_theme_pairs():
    gold = [
        _gold("a", {"OPEN_DATA": "PROMOTES", "OPEN_SCIENCE": "PROMOTES"}),
        _gold("b", {}, modality="STATEMENT"),
        _gold("c", {"EXPORT_CONTROLS": "RESTRICTS"}, actor="DOC"),
    ]
    predicted = [
        _pred({"OPEN_DATA": "NEUTRAL"}),
        _pred({"OPEN_DATA": "PROMOTES"}, modality="STATEMENT"),
        _pred({"EXPORT_CONTROLS": "RESTRICTS"}, modality="ENCOURAGEMENT", actor="Department of Commerce"),
    ]
    report = score(gold, predicted, max_errors=10)
    assert (report.micro.tp, report.micro.fp, report.micro.fn) == (2, 1, 1)
    assert report.micro.f1 == pytest.approx(2 / 3)
    assert report.per_theme["OPEN_DATA"].precision == pytest.approx(0.5)
    assert report.per_theme["OPEN_SCIENCE"].recall == 0.0
    # Stance only over the pairs both sides found: OPEN_DATA on a (wrong), EXPORT on c (right).
    assert (report.stance_correct, report.stance_total) == (1, 2)
    assert report.modality_accuracy == pytest.approx(2 / 3)
    assert report.actor_accuracy == pytest.approx(1.0)
    kinds = {(e.kind, e.clause_id, e.theme, e.rules) for e in report.errors}
    assert kinds == {("FP", "b", "OPEN_DATA", ("r-1",)), ("FN", "a", "OPEN_SCIENCE", ())}


def test_error_listing_is_capped():
    gold = [_gold(str(i), {"OPEN_DATA": "PROMOTES"}) for i in range(5)]
    report = score(gold, [_pred({}) for _ in gold], max_errors=2)
    assert len(report.errors) == 2


def test_lengths_must_match():
    with pytest.raises(ValueError):
        score([_gold("a", {})], [])


# Floors for every gold file, read with lead-ins as evaluate_rules and the ingest read them:
# (micro-F1, modality accuracy) at what the rules reach now, so a rule change that lowers any
# file fails here. The bar of issues 4 and 10 is 0.85 / 0.85 on each file. Raise a floor
# whenever the rules improve.
FLOORS = {
    "us-ai-action-plan-2025.jsonl": (0.875, 0.984),
    "cn-ai-plus-2025.en.jsonl": (0.945, 1.0),
    "cn-ai-plus-2025.zh.jsonl": (0.959, 1.0),
    "uk-ai-opportunities-2025.jsonl": (0.850, 0.881),
    "eu-coordinated-plan-2021.jsonl": (0.868, 0.864),
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_gold_file_falls_below_its_floor(name, gold_dir):
    from policyapp.segment import lead_ins

    gold = read_gold(gold_dir / name)
    lang = gold[0].lang
    assert all(clause.lang == lang for clause in gold)
    rows = [(clause.section, "sentence", clause.text) for clause in gold]
    report = score(gold, tag_texts([c.text for c in gold], lang, lead_ins=lead_ins(rows)))
    micro, modality = FLOORS[name]
    assert report.micro.f1 >= micro
    assert report.modality_accuracy >= modality
    assert report.stance_accuracy >= 0.90
