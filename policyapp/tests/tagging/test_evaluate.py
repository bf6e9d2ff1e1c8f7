"""Scoring against gold sets, and the acceptance thresholds on the three gold files."""

from __future__ import annotations

import pytest

from policyapp.tagging import tag_texts
from policyapp.tagging.evaluate import GoldClause, read_gold, score
from policyapp.tagging.types import ClauseTagging, Evidence

GOLD_FILES = ["us-ai-action-plan-2025.jsonl", "cn-ai-plus-2025.zh.jsonl", "cn-ai-plus-2025.en.jsonl"]


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


@pytest.mark.corpus
@pytest.mark.parametrize("name", GOLD_FILES)
def test_acceptance_thresholds_on_gold(name, gold_dir):
    """Regression guard for issue 4: micro-F1 >= .85, modality >= .85, stance >= .90 per file."""
    gold = read_gold(gold_dir / name)
    lang = gold[0].lang
    assert all(clause.lang == lang for clause in gold)
    report = score(gold, tag_texts([c.text for c in gold], lang))
    assert report.micro.f1 >= 0.85
    assert report.modality_accuracy >= 0.85
    assert report.stance_accuracy >= 0.90


# Plans no rule was written against (issue 10): floors at what the general rules reach now,
# read with lead-ins as evaluate_rules reads them. Raise them as the rules improve.
UNSEEN_FLOORS = {
    "uk-ai-opportunities-2025.jsonl": (0.75, 0.88),
    "eu-coordinated-plan-2021.jsonl": (0.81, 0.86),
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(UNSEEN_FLOORS))
def test_floors_on_plans_the_rules_were_not_written_for(name, gold_dir):
    from policyapp.segment import lead_ins

    gold = read_gold(gold_dir / name)
    rows = [(clause.section, "sentence", clause.text) for clause in gold]
    report = score(gold, tag_texts([c.text for c in gold], "en", lead_ins=lead_ins(rows)))
    micro, modality = UNSEEN_FLOORS[name]
    assert report.micro.f1 >= micro
    assert report.modality_accuracy >= modality
    assert report.stance_accuracy >= 0.90
