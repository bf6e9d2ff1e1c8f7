"""Concept-list rules: a concept written once, combined by a few token patterns."""

from __future__ import annotations

import pytest

from policyapp.tagging.patterns import (
    PatternError,
    check_entry,
    concept_terms,
    expand_concepts,
    load_concept_pairs,
)


def _evidence(tagging, rule):
    return [(e.theme, e.start, e.end) for e in tagging.evidence if e.rule == rule]


def _words(text, tagging, rule):
    return [text[start:end] for _, start, end in _evidence(tagging, rule)]


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        # cooperation x a foreign party, within three words, in that order
        ("The ministry will deepen its dialogue with Brazil on health data.", "en-intl-c1", "dialogue with Brazil"),
        ("We signed new agreements with the OECD last year.", "en-intl-c1", "agreements with the OECD"),
        # a foreign party naming the kind of cooperation
        ("Bilateral partnerships will widen research exchanges.", "en-intl-c2", "Bilateral partnerships"),
        # data x a sharing word, either order
        ("Make registry data available to universities.", "en-od-c1", "data available"),
        ("Agencies will publish anonymised datasets each quarter.", "en-od-c1", "publish anonymised datasets"),
        # a single list of phrases
        ("Regional hubs will host exascale machines for start-ups.", "en-ca-c1", "exascale"),
        # a bilateral pair names a country
        ("The EU-Japan digital partnership meets twice a year.", "en-intl-c3", "EU-Japan"),
        # testing x facilities, either order; test before invest
        ("Hospitals may use the facilities for testing new diagnostic software.", "en-ca-c3", "facilities for testing"),
        ("Fund experimentation environments in three regions.", "en-ca-c3", "experimentation environments"),
        ("Small firms can test robots before they invest.", "en-ca-c4", "test robots before they invest"),
        ("Universities will share compute with local start-ups.", "en-ca-c5", "share compute"),
        ("Each regulator will publish its results annually.", "en-tr-c1", "publish its results"),
        ("The agency will publish guidelines on model documentation.", "en-std-c2", "publish guidelines"),
        ("Open high-value datasets held by municipalities.", "en-od-c2", "high-value datasets"),
        ("Clarify the exception for text and data mining.", "en-od-c2", "text and data mining"),
        ("加强与东盟在数字领域的合作。", "zh-intl-c1", "东盟在数字领域的合作"),
        ("推动公共数据资源依法有序开放。", "zh-od-c1", "数据资源依法有序开放"),
        ("建设普惠算力服务平台。", "zh-ca-c1", "普惠算力"),
    ],
)
def test_concept_rules_give_the_words_they_matched(text, rule, words, tag_one):
    lang = "zh" if rule.startswith("zh-") else "en"
    tagging = tag_one(text, lang)
    assert words in _words(text, tagging, rule), [(e.rule, text[e.start : e.end]) for e in tagging.evidence]
    theme = _evidence(tagging, rule)[0][0]
    assert theme in tagging.themes


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # the party comes first and too far from the cooperation word for c2
        ("International markets rarely reward cooperation.", "en-intl-c2"),
        # a sentence end between the two concepts
        ("Cooperation matters. International firms agree.", "en-intl-c1"),
        ("Data centres need power; sharing grids is hard.", "en-od-c1"),
        # a bilateral pair needs a country, not a kind of party: "EU global leadership"
        ("Creating EU global leadership in trustworthy AI.", "en-intl-c3"),
    ],
)
def test_concepts_too_far_apart_do_not_match(text, rule, tag_one):
    assert not _evidence(tag_one(text), rule)


def test_concept_lists_are_read_once_per_term_without_comments():
    terms = concept_terms("en", "foreign_parties")
    assert "oecd" in terms and not any(t.startswith("#") for t in terms)
    assert len(terms) == len(set(terms))


def test_pair_rules_are_read_as_concept_pairs_and_single_lists_as_phrases():
    pairs = {pair.id: pair for pair in load_concept_pairs("en")}
    assert "reuse" in pairs["en-od-c1"].first and "data" in pairs["en-od-c1"].second
    assert pairs["en-od-c1"].either_order and pairs["en-intl-c1"].within == 3
    single = {"id": "x", "label": "COMPUTE_ACCESS", "concepts": ["compute_resources"]}
    check_entry(single, "here")
    phrases = {p["pattern"] for p in expand_concepts(single, "en", "here")}
    assert "exascale" in phrases and all(p["id"] == "x" for p in expand_concepts(single, "en", "here"))


def test_a_pair_rule_needs_a_distance_and_lists_exist():
    with pytest.raises(PatternError, match="within"):
        check_entry({"id": "x", "label": "OPEN_DATA", "concepts": ["a", "b"]}, "here")
    with pytest.raises(PatternError, match="no concept list"):
        concept_terms("en", "no_such_list")


def test_a_union_of_concept_lists_reads_both_files():
    both = set(concept_terms("en", "foreign_parties+foreign_countries"))
    assert {"international", "oecd", "brazil", "japan"} <= both
    assert "brazil" not in concept_terms("en", "foreign_parties")
    assert both == set(concept_terms("en", "foreign_parties")) | set(concept_terms("en", "foreign_countries"))
