"""Pipelines are blank spaCy pipelines, built once per language and process."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import SpanRuler

from policyapp import tagging
from policyapp.tagging import pipeline, ruleset_version, tag_texts
from policyapp.tagging.components import THEME_SPANS_KEY
from policyapp.tagging.evaluate import read_gold
from policyapp.tagging.patterns import load_concept_pairs
from policyapp.tagging.version import compute_version


def test_pipeline_is_built_once_per_language(monkeypatch):
    built: list[str] = []
    real_build = pipeline.build_pipeline

    def counting_build(lang, patterns=None):
        built.append(lang)
        return real_build(lang, patterns)

    pipeline.get_pipeline.cache_clear()
    monkeypatch.setattr(pipeline, "build_pipeline", counting_build)
    try:
        for _ in range(3):
            tag_texts(["Share open data.", "Publish open-source tools."], "en")
            tag_texts(["推动数据开放。"], "zh")
        assert pipeline.get_pipeline("en") is pipeline.get_pipeline("en")
    finally:
        pipeline.get_pipeline.cache_clear()
    assert sorted(built) == ["en", "zh"]


def test_pipelines_are_blank_with_rules_only():
    for lang in ("en", "zh"):
        nlp = pipeline.get_pipeline(lang)
        assert nlp.pipe_names == ["span_ruler", "openness_negatives"]
        assert isinstance(nlp.get_pipe("span_ruler"), SpanRuler)
        assert nlp.meta.get("name") == "pipeline" and not nlp.meta.get("vectors", {}).get("width")


@pytest.mark.parametrize(
    ("lang", "text", "theme"),
    [
        ("en", "Require researchers to publish the curated training datasets.", "OPEN_DATA"),
        ("zh", "促进模型、工具、数据集等汇聚开放。", "OPEN_WEIGHTS"),
    ],
)
def test_gated_token_patterns_still_fire(lang, text, theme):
    """Token patterns run only behind the first-word gate; it must open in both scripts."""
    nlp = pipeline.get_pipeline(lang)
    token_rules = {e["id"] for e in nlp.get_pipe("span_ruler").patterns if isinstance(e["pattern"], list)}
    doc = nlp(text)
    assert {s.id_ for s in doc.spans[THEME_SPANS_KEY] if s.label_ == theme} & token_rules


def test_chinese_is_tokenized_per_character():
    """Characters, not jieba words: 数据开放 must match wherever it sits."""
    doc = pipeline.get_pipeline("zh")("推动公共数据开放")
    assert [t.text for t in doc] == list("推动公共数据开放")
    assert {span.label_ for span in doc.spans[THEME_SPANS_KEY]} == {"OPEN_DATA"}


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        tag_texts(["Bonjour"], "fr")


def test_batch_keeps_order_and_length():
    texts = ["Impose export controls on chips.", "Introduction", "Support open-source communities."]
    results = tag_texts(texts, "en")
    assert [sorted(r.themes) for r in results] == [["EXPORT_CONTROLS"], [], ["OPEN_SOURCE"]]


def test_ruleset_version_is_short_stable_and_follows_the_files(tmp_path):
    version = ruleset_version()
    assert len(version) == 12 and int(version, 16) >= 0
    assert tagging.ruleset_version() == version
    root = tmp_path / "tagging"
    (root / "patterns" / "en").mkdir(parents=True)
    (root / "data").mkdir()
    pattern = root / "patterns" / "en" / "open_data.jsonl"
    pattern.write_text('{"id": "a", "label": "OPEN_DATA", "pattern": "open data"}\n')
    (root / "rules.py").write_text("X = 1\n")
    before = compute_version(root)
    assert compute_version(root) == before
    pattern.write_text('{"id": "a", "label": "OPEN_DATA", "pattern": "data sharing"}\n')
    after_pattern = compute_version(root)
    (root / "rules.py").write_text("X = 2\n")
    after_code = compute_version(root)
    # The list-marker grammar the modality checks skip lives in ingest/, and counts too.
    (tmp_path / "ingest").mkdir()
    (tmp_path / "ingest" / "markers.py").write_text("ENUMERATION = 1\n")
    assert len({before, after_pattern, after_code, compute_version(root)}) == 4


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("lang", "name"), [("en", "us-ai-action-plan-2025.jsonl"), ("zh", "cn-ai-plus-2025.zh.jsonl")]
)
def test_gate_never_drops_a_match(lang, name, gold_dir):
    """The gated ruler finds exactly what spaCy's own SpanRuler finds with the same patterns."""
    nlp = pipeline.get_pipeline(lang)
    config = {"nlp": {"tokenizer": {"segmenter": "char"}}} if lang == "zh" else {}
    plain = spacy.blank(lang, config=config)
    reference = plain.add_pipe(
        "span_ruler", config={"spans_key": "all", "phrase_matcher_attr": "LOWER", "overwrite": True}
    )
    reference.add_patterns(nlp.get_pipe("span_ruler").patterns)
    gated = nlp.get_pipe("span_ruler")
    # Concept pairs are matched by the ruler itself, not by spaCy patterns (test_concepts.py).
    pair_ids = {pair.id for pair in load_concept_pairs(lang)}
    for clause in read_gold(gold_dir / name):
        doc, reference_doc = nlp.make_doc(clause.text), plain(clause.text)
        expected = {(s.start, s.end, s.label_, s.id_) for s in reference_doc.spans["all"]}
        found = {(s.start, s.end, s.label_, s.id_) for s in gated.match(doc) if s.id_ not in pair_ids}
        assert found == expected


def test_removed_token_patterns_stop_matching():
    """The gated ruler's matchers per first word follow remove_by_id, remove and clear."""
    nlp = pipeline.build_pipeline(
        "en",
        patterns=[
            {"id": f"t-{i}", "label": label, "pattern": [{"LOWER": "release"}, {"LOWER": word}]}
            for i, label, word in [
                (1, "OPEN_DATA", "data"),
                (2, "OPEN_DATA", "records"),
                (3, "COMPUTE_ACCESS", "compute"),
            ]
        ],
    )
    ruler = nlp.get_pipe("span_ruler")
    doc = nlp.make_doc("Release data, release records and release compute.")
    assert {span.id_ for span in ruler.match(doc)} == {"t-1", "t-2", "t-3"}
    ruler.remove_by_id("t-1")
    assert {span.id_ for span in ruler.match(doc)} == {"t-2", "t-3"}
    ruler.remove("COMPUTE_ACCESS")
    assert {span.id_ for span in ruler.match(doc)} == {"t-2"}
    ruler.clear()
    assert ruler.match(doc) == []
