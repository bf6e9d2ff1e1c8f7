"""Rule quality arithmetic from (rule ids, verdict) rows."""

from __future__ import annotations

import pytest

from policyapp.tagging.quality import rule_quality


def test_counts_precision_and_order_by_rejections():
    rows = [
        (["a"], "confirmed"),
        (["a"], "rejected"),
        (["a", "b"], "rejected"),
        (["b"], "confirmed"),
        (["b"], "suggested"),
        (["c"], "suggested"),
    ]
    quality = {q.rule: q for q in rule_quality(rows)}
    assert [q.rule for q in rule_quality(rows)] == ["a", "b", "c"]
    assert (quality["a"].produced, quality["a"].confirmed, quality["a"].rejected) == (3, 1, 2)
    assert quality["a"].precision == pytest.approx(1 / 3)
    assert (quality["b"].produced, quality["b"].decided) == (3, 2)
    assert quality["b"].precision == pytest.approx(0.5)
    assert quality["c"].precision is None


def test_a_rule_named_twice_on_one_tag_counts_once():
    (q,) = rule_quality([(["a", "a"], "rejected")])
    assert (q.produced, q.rejected) == (1, 1)


def test_flagged_only_below_threshold_over_enough_decisions():
    poor = [(["poor"], "rejected")] * 6 + [(["poor"], "confirmed")] * 4
    few = [(["few"], "rejected")] * 9
    fair = [(["fair"], "rejected")] * 5 + [(["fair"], "confirmed")] * 5
    quality = {q.rule: q for q in rule_quality(poor + few + fair)}
    assert quality["poor"].flagged  # 0.4 over 10
    assert not quality["few"].flagged  # 0.0 but only 9 decisions
    assert not quality["fair"].flagged  # exactly 0.5 is not below
    stricter = {q.rule: q for q in rule_quality(poor + few + fair, threshold=0.6, minimum=5)}
    assert stricter["few"].flagged and stricter["fair"].flagged
