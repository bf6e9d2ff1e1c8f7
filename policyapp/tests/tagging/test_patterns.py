"""Every pattern file loads, follows the schema, passes spaCy validation, and ids are unique."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.errors import MatchPatternError

from policyapp.tagging import patterns as patterns_module
from policyapp.tagging import pipeline
from policyapp.tagging.patterns import (
    PatternError,
    check_entry,
    check_unique_ids,
    load_patterns,
    pattern_files,
)
from policyapp.tagging.pipeline import build_pipeline
from policyapp.tagging.taxonomy import NEGATIVE_PREFIX, THEMES


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_pattern_file_loads_and_validates(lang):
    """Schema checks, then spaCy's own validation when the SpanRuler is built."""
    entries = load_patterns(lang)
    assert entries
    nlp = build_pipeline(lang)
    assert len(nlp.get_pipe("span_ruler").patterns) == len(entries)


def test_ids_are_unique_across_all_files():
    ids = [
        json.loads(line)["id"]
        for path in pattern_files()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(ids) == len(set(ids))
    assert set(check_unique_ids()) == set(ids)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_theme_has_positive_patterns(lang):
    labels = {entry["label"] for entry in load_patterns(lang)}
    assert set(THEMES) <= labels
    assert all(label.removeprefix(NEGATIVE_PREFIX) in THEMES for label in labels)


def test_one_file_per_family_in_both_languages():
    en = {path.stem for path in pattern_files("en")}
    zh = {path.stem for path in pattern_files("zh")}
    assert en == zh
    assert len(en) >= 9


@pytest.mark.parametrize(
    "entry",
    [
        {"id": "x", "label": "OPEN_SAUCE", "pattern": "open source"},
        {"id": "", "label": "OPEN_SOURCE", "pattern": "open source"},
        {"id": "x", "label": "OPEN_SOURCE", "pattern": ""},
        {"id": "x", "label": "OPEN_SOURCE", "pattern": ["open"]},
        {"id": "x", "label": "OPEN_SOURCE", "pattern": "open", "stance": "PROMOTES"},
    ],
)
def test_schema_rejects_bad_entries(entry):
    with pytest.raises(PatternError):
        check_entry(entry, "test")


def test_spacy_validation_is_on():
    """An attribute the Matcher does not know fails when the pipeline is built."""
    bad = [{"id": "bad-1", "label": "OPEN_DATA", "pattern": [{"LOWERCASE": "data"}]}]
    with pytest.raises(MatchPatternError):
        build_pipeline("en", patterns=bad)


def test_duplicate_ids_are_reported(tmp_path, monkeypatch):
    for lang in ("en", "zh"):
        (tmp_path / lang).mkdir()
    line = json.dumps({"id": "dup-1", "label": "OPEN_DATA", "pattern": "open data"})
    (tmp_path / "en" / "open_data.jsonl").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "zh" / "open_data.jsonl").write_text(line + "\n", encoding="utf-8")
    monkeypatch.setattr(patterns_module, "PATTERN_DIR", tmp_path)
    with pytest.raises(PatternError, match="dup-1"):
        check_unique_ids()


def test_invalid_json_names_the_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    (tmp_path / "en" / "open_data.jsonl").write_text('{"id": "a"}\n{oops\n', encoding="utf-8")
    monkeypatch.setattr(patterns_module, "PATTERN_DIR", tmp_path)
    with pytest.raises(PatternError, match="open_data.jsonl:2"):
        load_patterns("en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_pattern_is_listed_twice(lang):
    """A duplicate would make two rule ids claim the same evidence."""
    seen = [(e["label"], json.dumps(e["pattern"], sort_keys=True)) for e in load_patterns(lang)]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_phrases_tokenize_the_same_in_any_case(lang):
    """Tokenizer exceptions are case-sensitive ("U.S." is one token, "u.s." two): a phrase
    written in lower case could then never match the capitalised text."""
    nlp = spacy.blank(lang) if lang == "en" else pipeline.get_pipeline("zh")
    for entry in load_patterns(lang):
        phrase = entry["pattern"]
        if isinstance(phrase, str):
            expected = [t.lower_ for t in nlp.make_doc(phrase)]
            for variant in (phrase.upper(), phrase.title()):
                assert [t.lower_ for t in nlp.make_doc(variant)] == expected, entry["id"]
