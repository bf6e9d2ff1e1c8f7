"""Original and translation aligned clause to clause (pure module, and on the gold set)."""

from __future__ import annotations

import json

import pytest

from policyapp.align import Bead, Unit, align, cjk_number, label_key, pairs, unit_key


def test_numbers_in_both_scripts():
    assert [cjk_number(n) for n in ["一", "十", "十一", "二十", "二十三"]] == [1, 10, 11, 20, 23]
    assert label_key("（十一）") == label_key("(11)") == ("section", 11)
    assert label_key("三") == label_key("III") == ("part", 3)
    assert label_key("4") == label_key("4.") == ("item", 4)
    assert label_key("¶2") is None


def test_label_from_path_only_on_a_first_sentence_and_else_from_the_text():
    assert unit_key(Unit("促进开源生态繁荣。", label="三 › （十一）")) == ("section", 11)
    assert unit_key(Unit("Second sentence.", label="三 › （十一）", sentence=2)) is None
    assert unit_key(Unit("1.加速科学发现进程。")) == ("item", 1)
    assert unit_key(Unit("II. Accelerating Implementation")) == ("part", 2)
    assert unit_key(Unit("By 2027, we will lead.")) is None


def test_one_sentence_translated_as_two_and_two_as_one():
    zh = [
        Unit("一、总体要求"),
        Unit("这" * 40),
        Unit("那" * 10),
        Unit("又" * 10),
        Unit("二、重点行动"),
        Unit("甲" * 20),
    ]
    en = [
        Unit("I. Overall Requirements"),
        Unit("x" * 60),
        Unit("y" * 60),
        Unit("z" * 62),
        Unit("II. Key Initiatives"),
        Unit("w" * 60),
    ]
    assert align(zh, en) == [
        Bead((0,), (0,)),
        Bead((1,), (1, 2)),
        Bead((2, 3), (3,)),
        Bead((4,), (4,)),
        Bead((5,), (5,)),
    ]


def test_anchors_hold_against_lengths():
    """A missing translation of a long clause does not pull the next heading out of place."""
    zh = [Unit("（一）科学"), Unit("长" * 80), Unit("短" * 5), Unit("（二）产业"), Unit("句" * 10)]
    en = [Unit("(1) Science"), Unit("s" * 20), Unit("(2) Industry"), Unit("t" * 30)]
    assert (3, 2) in pairs(align(zh, en))


def test_every_clause_is_in_exactly_one_bead():
    zh = [Unit("字" * n) for n in (5, 30, 12, 7, 50)]
    en = [Unit("w" * n) for n in (20, 90, 40, 60, 25, 80)]
    beads = align(zh, en)
    assert sorted(i for b in beads for i in b.source) == list(range(5))
    assert sorted(j for b in beads for j in b.target) == list(range(6))


@pytest.mark.corpus
def test_alignment_accuracy_on_the_gold_translation(shared_dir):
    """At least 90% of the English clauses are aligned to exactly their gold Chinese ones."""
    gold = shared_dir / "gold"
    en = [json.loads(line) for line in (gold / "cn-ai-plus-2025.en.jsonl").open()]
    zh = [json.loads(line) for line in (gold / "cn-ai-plus-2025.zh.jsonl").open()]
    found: dict[int, set[str]] = {}
    for s, t in pairs(align([Unit(c["text"]) for c in zh], [Unit(c["text"]) for c in en])):
        found.setdefault(t, set()).add(zh[s]["id"])
    right = sum(found.get(j) == set(c["align"]) for j, c in enumerate(en))
    assert right / len(en) >= 0.90
