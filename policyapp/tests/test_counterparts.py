"""Counterparts across plans, in the pure module: ranking, reasons, the glossary."""

from __future__ import annotations

import json

import pytest

from policyapp.counterparts import (
    ClauseFacts,
    CounterpartIndex,
    analyse,
    glossary,
    glossary_terms,
)

TARGET = [
    ClauseFacts(1, "Build high-security data centers for military use.", {}, "DIRECTIVE"),
    ClauseFacts(
        2,
        "Encourage open-source and open-weight AI models for startups and researchers.",
        {"OPEN_SOURCE": "PROMOTES", "OPEN_WEIGHTS": "PROMOTES"},
        "ENCOURAGEMENT",
    ),
    ClauseFacts(
        3,
        "Strengthen export controls on advanced chips and semiconductor equipment.",
        {"EXPORT_CONTROLS": "RESTRICTS"},
        "DIRECTIVE",
    ),
    ClauseFacts(4, "Train the workforce for the jobs of the future.", {}, "DIRECTIVE"),
    ClauseFacts(
        5,
        "The agency studies the licences of open-source software.",
        {"OPEN_SOURCE": "NEUTRAL"},
        "STATEMENT",
    ),
]


@pytest.fixture(scope="module")
def index():
    return CounterpartIndex(TARGET)


def facts(index_clauses=TARGET):
    return {c.id: c for c in index_clauses if c.themes}


def test_english_clause_finds_the_clause_on_its_subject_first(index):
    """Words and themes both point at clause 2; the export-control clause is not close."""
    query = ClauseFacts(
        100,
        "Support open-source AI models and the communities that build them.",
        {"OPEN_SOURCE": "PROMOTES"},
        "ENCOURAGEMENT",
    )
    ranked = index.rank(query, facts())
    assert ranked[0].id == 2
    assert ranked[0].shared_themes == ("OPEN_SOURCE",)
    assert ranked[0].same_stance == ("OPEN_SOURCE",)
    assert "open source" in ranked[0].shared_terms
    assert ranked[0].same_modality
    assert 3 not in [c.id for c in ranked]


def test_same_stance_ranks_above_a_different_one():
    """Two clauses with the same words and theme: the one with the query's stance wins."""
    neutral = ClauseFacts(1, "Open-source models.", {"OPEN_SOURCE": "NEUTRAL"}, "STATEMENT")
    promotes = ClauseFacts(2, "Open-source models.", {"OPEN_SOURCE": "PROMOTES"}, "STATEMENT")
    query = ClauseFacts(3, "Promote open-source models.", {"OPEN_SOURCE": "PROMOTES"}, "DIRECTIVE")
    ranked = CounterpartIndex([neutral, promotes]).rank(query, facts([neutral, promotes]))
    assert [c.id for c in ranked] == [2, 1]


def test_chinese_clause_without_translation_meets_english_through_the_glossary(index):
    query = ClauseFacts(102, "加强芯片出口管制。", {"EXPORT_CONTROLS": "RESTRICTS"}, "DIRECTIVE")
    ranked = index.rank(query, facts())
    assert ranked[0].id == 3
    assert set(ranked[0].shared_terms) & {"export control", "chip"}


def test_chinese_words_alone_are_enough_when_no_theme_is_shared(index):
    """No tags at all on either side: the glossary's words still find the clause."""
    query = ClauseFacts(103, "建设开放权重模型。")
    assert index.rank(query, {})[0].id == 2


def test_rejected_never_come_back_and_confirmed_come_first(index):
    query = ClauseFacts(
        104, "Promote open-source models.", {"OPEN_SOURCE": "PROMOTES"}, "ENCOURAGEMENT"
    )
    ranked = index.rank(query, facts(), exclude=frozenset({2}), always=(4,))
    ids = [c.id for c in ranked]
    assert 2 not in ids
    assert ids[0] == 4


def test_a_clause_sharing_nothing_has_no_counterparts(index):
    assert index.rank(ClauseFacts(105, "Quarterly weather statistics."), facts()) == []


def test_lemmas_join_inflections_and_stop_words_go():
    assert analyse("The export controls") == ["export", "control", "export control"]


def test_glossary_prefers_the_longest_term():
    assert glossary_terms("支持开源社区建设") == ["开源社区"]


def test_glossary_covers_the_taxonomy_cue_terms():
    """The taxonomy's Chinese cue terms (TAXONOMY.md) each have an English rendering."""
    cues = ["开源", "开放权重", "算力", "开放数据", "标准", "国际合作", "出口管制", "透明"]
    assert all(glossary()[cue] for cue in cues)


@pytest.mark.corpus
def test_us_and_china_open_source_items_find_each_other(shared_dir):
    """On the gold plans: China's （十一） open-source items and the US "Encourage
    Open-Source and Open-Weight AI" items rank each other first, through the glossary."""
    gold = shared_dir / "gold"
    us = [json.loads(line) for line in (gold / "us-ai-action-plan-2025.jsonl").open()]
    zh = [json.loads(line) for line in (gold / "cn-ai-plus-2025.zh.jsonl").open()]
    us_facts = [ClauseFacts(i, c["text"], c["themes"], c["modality"]) for i, c in enumerate(us)]
    zh_facts = [ClauseFacts(i, c["text"], c["themes"], c["modality"]) for i, c in enumerate(zh)]
    us_index, zh_index = CounterpartIndex(us_facts), CounterpartIndex(zh_facts)
    us_open = {i for i, c in enumerate(us) if "Open-Source and Open-Weight" in c["section"]}
    zh_open = {i for i, c in enumerate(zh) if "（十一）" in c["section"]}
    assert us_open and zh_open

    for i in zh_open:
        if "开源" in zh[i]["text"]:
            best = zh_facts and us_index.rank(zh_facts[i], facts(us_facts))[0]
            assert best.id in us_open, (zh[i]["text"], us[best.id]["text"])
    open_items = [i for i in us_open if "open-source" in us[i]["text"].lower()]
    for i in open_items:
        best = zh_index.rank(us_facts[i], facts(zh_facts))[0]
        assert best.id in zh_open, (us[i]["text"], zh[best.id]["text"])


def _theme_sharing(query: ClauseFacts, target: list[ClauseFacts]) -> dict[int, ClauseFacts]:
    return {c.id: c for c in target if c.themes and not query.themes.keys().isdisjoint(c.themes)}


@pytest.mark.corpus
@pytest.mark.parametrize("limit", [1, 8])
def test_ranking_with_only_the_facts_it_wants_is_the_ranking_with_all(shared_dir, limit):
    """The lookup reads the tags of the clauses sharing a theme, then those `facts_wanted`
    names: on every clause of two gold plans, in both directions, with a rejected and a
    confirmed pair, the list is the one every clause's tags give."""
    gold = shared_dir / "gold"
    plans = []
    for name in ["us-ai-action-plan-2025.jsonl", "cn-ai-plus-2025.zh.jsonl"]:
        rows = [json.loads(line) for line in (gold / name).open()]
        offset = len(plans) and 10_000
        plans.append([
            ClauseFacts(offset + i, c["text"], c["themes"], c["modality"]) for i, c in enumerate(rows)
        ])
    checked = with_others = 0
    for queries, target in [(plans[0], plans[1]), (plans[1], plans[0])]:
        index = CounterpartIndex(target)
        options = {"limit": limit, "exclude": frozenset({target[3].id}), "always": (target[5].id,)}
        for query in queries:
            everything = index.rank(query, facts(target), **options)
            known = _theme_sharing(query, target)
            wanted = index.facts_wanted(query, known, **options)
            with_others += bool(wanted)
            known |= {c.id: c for c in target if c.id in set(wanted) and c.themes}
            assert index.rank(query, known, **options) == everything, query.text
            checked += 1
    assert checked > 400 and with_others > 20
