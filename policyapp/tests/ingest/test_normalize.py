"""Text normalisation and line-end hyphen joining shared by the extractors."""

from __future__ import annotations

import pytest

from policyapp.ingest.normalize import (
    RADICAL_LOOKALIKES,
    collapse_spaces,
    join_hyphenated,
    normalize_text,
    words_of,
)


def test_kangxi_radicals_become_ordinary_ideographs():
    """NFKC repairs the Kangxi block: ⼈⼯智能 is 人工智能."""
    assert normalize_text("\u2f08\u2f2f智能") == "人工智能"


@pytest.mark.parametrize(
    ("radical", "ideograph"),
    [("⺠", "民"), ("⻛", "风"), ("⻅", "见"), ("⻓", "长"), ("⻋", "车"), ("⻜", "飞"),
     ("⻘", "青"), ("⻔", "门")],
)
def test_supplement_radicals_seen_in_zh_pdf_are_mapped(radical, ideograph):
    """NFKC leaves these; the explicit table maps each one found in zh.pdf."""
    assert normalize_text(radical) == ideograph


def test_every_mapped_radical_is_a_radical_and_maps_to_a_unified_ideograph():
    """The table only turns radicals (U+2E80-U+2EFF) into CJK unified ideographs."""
    for radical, ideograph in RADICAL_LOOKALIKES.items():
        assert 0x2E80 <= ord(radical) <= 0x2EFF
        assert 0x4E00 <= ord(ideograph) <= 0x9FFF


def test_chinese_punctuation_is_left_alone():
    """Full NFKC would turn （ into ( and ， into ,; ours does not."""
    text = "（一）加快实施，推动“人工智能+”行动：１．"
    assert normalize_text(text) == text


def test_circled_and_superscript_digits_are_left_alone():
    """① is a list marker and ² a footnote mark: NFKC would make both plain digits."""
    assert normalize_text("① CO² ½") == "① CO² ½"


def test_ligatures_become_letters():
    assert normalize_text("ﬁnancial ﬂow eﬀort") == "financial flow effort"


def test_odd_spaces_become_spaces_and_invisible_characters_go():
    assert normalize_text("a\u00a0b\u2009c\u3000d\u200be\ufeff") == "a b c de"


def test_pdf_bullet_placeholders_become_bullets():
    """pdfminer prints (cid:127) for the US plan's bullet; Symbol fonts use the PUA."""
    assert normalize_text("(cid:127) Led by DOC") == "• Led by DOC"
    assert normalize_text("\uf0b7 item") == "• item"


def test_collapse_spaces():
    assert collapse_spaces("  a   b  ") == "a b"


VOCAB = words_of(
    "We promote open-source models; open weights and source code. Large models at "
    "scale. The ecosystem grows."
)


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [
        ("leading open-", "source models", "leading open-source models"),  # compound seen
        ("we pro-", "mote it", "we promote it"),  # the joined word is seen
        ("a thriving eco-", "system", "a thriving ecosystem"),  # joined word seen
        ("at large-", "scale", "at large-scale"),  # both halves are words
        ("a self-", "driving car", "a self-driving car"),  # compound prefix
        ("face-to-", "face talks", "face-to-face talks"),  # the middle of a compound
        ("the infor-", "mation", "the information"),  # unknown: a syllable split
        # The document is silent; the English dictionary decides.
        ("machine-", "readable formats", "machine-readable formats"),  # two words, no joined one
        ("to acceler-", "ate adoption", "to accelerate adoption"),  # a word split by syllable
        ("inter-", "national partners", "international partners"),  # joined word wins
        ("Open-", "Weight AI", "Open-Weight AI"),  # capital after the hyphen
        ("(M-25-", "21)", "(M-25-21)"),  # a code is never spaced
        ("the end", "of it", "the end of it"),
        ("人工智能", "发展", "人工智能发展"),  # no space in Chinese
        ("率先实现", "AI应用", "率先实现AI应用"),
    ],
)
def test_join_hyphenated(head, tail, joined):
    assert join_hyphenated(head, tail, VOCAB) == joined


def test_words_of_keeps_compounds_and_their_halves():
    assert words_of("Open-Source AI 2025") == {"open-source", "open", "source", "ai"}
