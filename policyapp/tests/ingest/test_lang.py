"""Language from the script."""

from __future__ import annotations

import pytest

from policyapp.ingest.lang import detect_lang, normalise_lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("国务院关于深入实施“人工智能+”行动的意见", "zh"),
        ("推动AI、GPU、6G等技术开源可及，加强OpenAI与DeepSeek等模型评估。", "zh"),
        # Kangxi radical look-alikes from PDF extraction are still Chinese.
        ("⼈⼯智能", "zh"),
        ("The United States is in a race to achieve global dominance in AI.", "en"),
        ("China's plan speaks of 人工智能+ (AI+) as a national initiative for every sector.", "en"),
        ("2025 — 11", "en"),
        ("", "en"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("given", "lang"), [("zh", "zh"), ("zh-CN", "zh"), ("zh_Hans", "zh"), ("EN-gb", "en")]
)
def test_normalise_lang(given: str, lang: str) -> None:
    assert normalise_lang(given) == lang


def test_unsupported_language() -> None:
    with pytest.raises(ValueError, match="use one of en, zh"):
        normalise_lang("de")


def test_cjk_mask_agrees_with_is_cjk_on_every_code_point() -> None:
    """The layout tests whole pages of characters at once with cjk_mask; it must say
    what is_cjk says, or spaces would appear between Chinese characters or vanish
    between English words."""
    import numpy as np

    from policyapp.ingest.script import cjk_mask, is_cjk

    codes = np.arange(0x110000, dtype=np.uint32)
    expected = np.fromiter((is_cjk(chr(cp)) for cp in range(0x110000)), bool, 0x110000)
    assert (cjk_mask(codes) == expected).all()
